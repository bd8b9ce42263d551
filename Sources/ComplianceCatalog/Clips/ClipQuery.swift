import Compliance
import DeviceKit
import Foundation

/// A clip search: filters (all optional, combined with AND), order, page size and the cursor of the
/// page before. Built from text by ``parse(_:)``, which every caller (command line, HTTP) goes through so
/// that every value is checked the same way.
public struct ClipQuery: Sendable, Hashable {
    /// The recording device's serial.
    public var device: String?
    public var officer: String?
    /// `video`, `audio`, `photo`.
    public var kind: String?
    /// The latest probe's verdict: `ok`, `truncated`, `corrupt`, or `none` (never probed).
    public var integrity: String?
    /// `verified` (some device copy not yet released, or never sighted) or `released` (every sighting released).
    public var status: String?
    /// The corrected recording span must overlap `[from, to]` (either end open). A clip whose device's
    /// clock was never read is placed by its device time as it is.
    public var from: Date?
    public var to: Date?
    /// Only clips a check of this case matches to its steps; with `step`, to that step (its id, or its
    /// number counted from 1).
    public var caseID: String?
    public var step: String?
    public var sort: ClipSort
    /// 1 to ``maximumLimit``.
    public var limit: Int
    /// The opaque `next_cursor` of the previous page, with the same filters and sort.
    public var cursor: String?

    public static let defaultLimit = 50
    public static let maximumLimit = 500
    public static let integrities = ["ok", "truncated", "corrupt", "none"]
    public static let statuses = ["verified", "released"]
    /// The parameter names ``parse(_:)`` takes.
    public static let parameterNames = ["device", "officer", "kind", "integrity", "status", "from", "to", "case", "step",
                                        "sort", "limit", "cursor"]

    public init(device: String? = nil, officer: String? = nil, kind: String? = nil, integrity: String? = nil,
                status: String? = nil, from: Date? = nil, to: Date? = nil, caseID: String? = nil, step: String? = nil,
                sort: ClipSort = .recordedNewestFirst, limit: Int = ClipQuery.defaultLimit, cursor: String? = nil) {
        self.device = device
        self.officer = officer
        self.kind = kind
        self.integrity = integrity
        self.status = status
        self.from = from
        self.to = to
        self.caseID = caseID
        self.step = step
        self.sort = sort
        self.limit = limit
        self.cursor = cursor
    }

    /// A query from named text values (unknown names refused); every problem is reported at once.
    public static func parse(_ parameters: [String: String]) throws(ClipQueryError) -> ClipQuery {
        var problems: [String] = []
        var query = ClipQuery()
        for name in parameters.keys.sorted() where !parameterNames.contains(name) {
            problems.append("unknown parameter \"\(TerminalText.escaped(name))\" (known: \(parameterNames.joined(separator: ", ")))")
        }
        func identifier(_ name: String) -> String? {
            guard let value = parameters[name] else { return nil }
            if value.isEmpty { problems.append("\(name) is empty"); return nil }
            if let problem = Identifier.problem(value) {
                problems.append("\(name) \"\(TerminalText.escaped(value))\" \(problem)")
                return nil
            }
            return value
        }
        func oneOf(_ name: String, _ allowed: [String]) -> String? {
            guard let value = parameters[name] else { return nil }
            guard allowed.contains(value) else {
                problems.append("\(name) \"\(TerminalText.escaped(value))\" is not one of \(allowed.joined(separator: ", "))")
                return nil
            }
            return value
        }
        func time(_ name: String) -> Date? {
            guard let value = parameters[name] else { return nil }
            switch RFC3339.parse(value) {
            case .success(let date):
                if let problem = PlausibleTime.problem(date) {
                    problems.append("\(name): \(problem)")
                    return nil
                }
                return date
            case .failure(let problem):
                problems.append("\(name): \(TerminalText.escaped(problem.description))")
                return nil
            }
        }
        query.device = identifier("device")
        query.officer = identifier("officer")
        query.caseID = identifier("case")
        query.step = identifier("step")
        query.kind = oneOf("kind", RecordingKind.allCases.map(\.rawValue))
        query.integrity = oneOf("integrity", integrities)
        query.status = oneOf("status", statuses)
        query.from = time("from")
        query.to = time("to")
        if let from = query.from, let to = query.to, from > to {
            problems.append("from \(parameters["from"]!) is after to \(parameters["to"]!)")
        }
        if query.step != nil && query.caseID == nil { problems.append("step needs case") }
        if let value = parameters["sort"] {
            if let sort = ClipSort(rawValue: value) { query.sort = sort } else {
                problems.append("sort \"\(TerminalText.escaped(value))\" is not one of "
                                + ClipSort.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        if let value = parameters["limit"] {
            if let limit = Int(value), (1...maximumLimit).contains(limit) { query.limit = limit } else {
                problems.append("limit \"\(TerminalText.escaped(value))\" is not a whole number from 1 to \(maximumLimit)")
            }
        }
        if let value = parameters["cursor"] {
            if value.isEmpty { problems.append("cursor is empty") } else { query.cursor = value }
        }
        guard problems.isEmpty else { throw ClipQueryError(problems: problems) }
        return query
    }

    /// The filters and order, as one text: a cursor carries a fingerprint of it, so that a cursor is
    /// only taken back by the search that made it.
    var fingerprintText: String {
        func time(_ date: Date?) -> String { date.map { String($0.timeIntervalSince1970) } ?? "" }
        return [device ?? "", officer ?? "", kind ?? "", integrity ?? "", status ?? "", time(from), time(to), caseID ?? "",
                step ?? "", sort.rawValue].joined(separator: "\u{1f}")
    }
}

/// Why a clip search was refused: every problem with its values, one sentence each.
public struct ClipQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) { self.problems = problems }

    public var description: String { problems.joined(separator: "; ") }
}
