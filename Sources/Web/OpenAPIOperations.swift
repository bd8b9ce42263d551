/// What the OpenAPI document says of each route beyond its declaration: query parameters, the request
/// body, the success status and body, and the refusals it may answer. The schemas name the fields every
/// document has; the command line's `--json` prints the same documents.
enum OpenAPIOperations {
    struct Query {
        var name: String
        var required = false
        var schema: [String: Any] = ["type": "string"]
    }

    struct Operation {
        var query: [Query] = []
        var body: [String: Any]?
        var success = 200
        var contentType = "application/json"
        /// Other types the success may have (an original is sent as what it is: video/mp4, image/jpeg, …).
        var otherContentTypes: [String] = []
        var response: [String: Any] = ["type": "object"]
        var failures: Set<Int> = []
        /// A failure whose body is a document of its own, not `Error` (422: an import's problems).
        var failureBodies: [Int: [String: Any]] = [:]
        /// Path parameters that are not any non-empty text (a bay is a number).
        var pathSchemas: [String: [String: Any]] = [:]
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func array(_ name: String) -> [String: Any] { ["type": "array", "items": ref(name)] }
    static var binary: [String: Any] { ["type": "string", "format": "binary"] }

    /// An identifier as the command line takes it: 1 to 64 characters (letters of any script, digits, `-_./:`).
    static var identifier: [String: Any] { ["type": "string", "minLength": 1, "maxLength": 64] }

    /// What a stored file may be sent as (Gateway.contentType).
    static let mediaTypes = ["video/quicktime", "video/x-msvideo", "image/jpeg", "image/png", "audio/wav", "audio/mpeg", "audio/mp4",
                             "application/octet-stream"]

    static var clipFilters: [Query] { [
        Query(name: "device", schema: identifier), Query(name: "officer", schema: identifier), Query(name: "case", schema: identifier),
        Query(name: "step", schema: ["type": "integer", "minimum": 1]),
        Query(name: "from", schema: ["type": "string", "format": "date-time"]),
        Query(name: "to", schema: ["type": "string", "format": "date-time"]),
        Query(name: "kind", schema: ["type": "string", "enum": ["video", "audio", "photo"]]),
        Query(name: "integrity", schema: ["type": "string", "enum": ["ok", "truncated", "corrupt", "none"]]),
        Query(name: "status", schema: ["type": "string", "enum": ["verified", "released"]]),
        Query(name: "sort", schema: ["type": "string", "enum": ["recorded", "-recorded", "stored", "-stored"]]),
        Query(name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 500]),
        Query(name: "cursor", schema: ["type": "string", "minLength": 1]),
    ] }

    static var byRoute: [String: Operation] { [
        "POST /api/login": Operation(
            body: ["required": true, "content": ["application/json": ["schema": [
                "type": "object", "required": ["name", "password"],
                "properties": ["name": ["type": "string"], "password": ["type": "string"]],
            ]]]],
            response: ref("Session"), failures: [400, 401, 415, 429]),
        "POST /api/logout": Operation(success: 204),
        "GET /api/me": Operation(response: ref("Session")),
        "GET /api/bays": Operation(response: ref("BayBoard")),
        "POST /api/bays/{bay}/power-cycle": Operation(failures: [400, 409],
                                                      pathSchemas: ["bay": ["type": "integer", "minimum": 1, "maximum": 255]]),
        "GET /api/devices": Operation(response: ["type": "array", "items": ["type": "object"]]),
        "GET /api/devices/{serial}": Operation(response: ref("DeviceRecord")),
        "GET /api/events": Operation(contentType: "text/event-stream", response: ["type": "string"]),
        "GET /api/sessions": Operation(response: ["type": "array", "items": ["type": "object"]]),
        "GET /api/clips": Operation(query: clipFilters, response: ref("ClipPage"), failures: [400]),
        "GET /api/clips/{id}": Operation(response: ref("ClipDetail")),
        "GET /api/clips/{id}/original": Operation(
            query: [Query(name: "reason", required: true, schema: ["type": "string", "minLength": 1, "maxLength": 500]),
                    Query(name: "inline")],
            contentType: "video/mp4", otherContentTypes: mediaTypes, response: binary, failures: [400, 416]),
        "GET /api/clips/{id}/proxy": Operation(contentType: "video/mp4", otherContentTypes: ["video/quicktime"], response: binary,
                                               failures: [416]),
        "GET /api/clips/{id}/sheet": Operation(contentType: "image/jpeg", response: binary, failures: [416]),
        "POST /api/clips/{id}/verify": Operation(response: ref("ClipVerification")),
        "GET /api/cases": Operation(response: ["type": "array", "items": ref("CaseListEntry")]),
        "POST /api/cases/import": Operation(
            query: [Query(name: "kind", required: true, schema: ["type": "string", "enum": ["case", "custody", "clock"]]),
                    Query(name: "name")],
            body: ["required": true, "content": ["application/octet-stream": ["schema": binary]]],
            failures: [400, 422], failureBodies: [422: ref("ImportProblems")]),
        "GET /api/cases/{id}": Operation(),
        "GET /api/report": Operation(query: [Query(name: "since", schema: ["type": "string", "minLength": 1])], failures: [400]),
        "GET /api/audit": Operation(
            query: [Query(name: "after", schema: ["type": "integer", "minimum": 0, "maximum": Int.max]),
                    Query(name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 1000])],
            response: ref("AuditTrailPage"), failures: [400]),
        "GET /api/audit/verify": Operation(),
        "GET /api/routes": Operation(response: ["type": "array", "items": ["type": "object"]]),
        "GET /status": Operation(),
        "GET /metrics": Operation(contentType: "text/plain", response: ["type": "string"]),
        "GET /openapi.json": Operation(),
    ] }

    static var schemas: [String: Any] { [
        "Error": ["type": "object", "required": ["error"], "properties": ["error": ["type": "string"]]],
        "Session": ["type": "object", "required": ["name", "role", "csrf_token"], "properties": [
            "name": ["type": "string"], "role": ["type": "string"], "csrf_token": ["type": "string"],
        ]],
        "BayBoard": ["type": "object", "required": ["bays"], "properties": ["bays": ["type": "array", "items": [
            "type": "object", "required": ["bay", "port_path", "faults"],
            "properties": ["bay": ["type": "integer"], "port_path": ["type": "string"], "faults": ["type": "array"]],
        ]]]],
        "DeviceRecord": ["type": "object", "required": ["health", "sessions", "clock", "conditions"]],
        "ClipSummary": ["type": "object", "required": ["id", "sha256", "size", "kind", "device", "status", "stored_at"], "properties": [
            "id": ["type": "string"], "sha256": ["type": "string", "pattern": "^[0-9a-f]{64}$"], "size": ["type": "integer"],
            "kind": ["type": "string"], "device": ["type": "string"], "status": ["type": "string"], "stored_at": ["type": "string"],
        ]],
        "ClipPage": ["type": "object", "required": ["clips"], "properties": [
            "clips": ["type": "array", "items": ["$ref": "#/components/schemas/ClipSummary"]],
            "next_cursor": ["type": ["string", "null"]],
        ]],
        "ClipDetail": ["type": "object", "required": ["clip", "sightings", "custody", "clock", "derived", "audit"], "properties": [
            "clip": ["$ref": "#/components/schemas/ClipSummary"],
        ]],
        "ClipVerification": ["type": "object", "required": ["id", "sha256", "ok", "checked_at"], "properties": [
            "ok": ["type": "boolean"],
        ]],
        "ImportProblems": ["type": "object", "required": ["file", "imported", "errors"], "properties": [
            "file": ["type": "string"], "imported": ["type": "boolean"],
            "errors": ["type": "array", "items": ["type": "object", "required": ["kind", "message"], "properties": [
                "kind": ["type": "string"], "message": ["type": "string"], "line": ["type": "integer"],
                "column": ["type": "integer"], "field": ["type": "string"],
            ]]],
        ]],
        "CaseListEntry": ["type": "object", "required": ["case_id", "revision", "imported_at"]],
        "AuditTrailPage": ["type": "object", "required": ["entries"], "properties": [
            "entries": ["type": "array", "items": ["type": "object", "required": ["seq", "at", "actor", "action", "object", "hash"]]],
        ]],
    ] }
}
