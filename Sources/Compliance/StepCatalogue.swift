import DeviceKit
import Digest
import Foundation

/// The step types a bureau uses, with the recording each needs. Shipped as `Resources/steps.json`;
/// a bureau with other rules replaces it with a file of the same shape (see README.md), checked as
/// strictly as a case file.
public struct StepCatalogue: Sendable, Hashable {
    /// In file order.
    public let types: [StepType]
    private let byType: [String: StepType]
    /// Which file it was read from and its SHA-256; nil for a catalogue made in code.
    public internal(set) var identity: CatalogueIdentity?

    /// Checks what file loading checks (unique, non-empty types; documents never full-process).
    public init(types: [StepType]) throws(ImportFailure) {
        var problems: [InputError] = []
        var seen: Set<String> = []
        for (i, type) in types.enumerated() {
            let place = SourcePlace(field: "steps[\(i)].type")
            if type.type.isEmpty { problems.append(InputError(.emptyValue, place, "a step type needs a name")) }
            if !seen.insert(type.type).inserted { problems.append(InputError(.duplicateType, place, "\"\(type.type)\" is defined twice")) }
            problems += Self.consistencyProblems(type) { key in SourcePlace(field: "steps[\(i)].\(key)") }
        }
        guard problems.isEmpty else { throw ImportFailure(errors: problems) }
        self.types = types
        byType = Dictionary(uniqueKeysWithValues: types.map { ($0.type, $0) })
    }

    public subscript(type: String) -> StepType? { byType[type] }

    /// The identifiers, for messages about unknown types.
    public var typeNames: [String] { types.map(\.type) }

    /// The catalogue in effect: the file at `override` when given, else the shipped one, with its
    /// ``identity``.
    public static func load(override: URL? = nil) throws(ImportFailure) -> StepCatalogue {
        if let override { return try identified(override, as: .override) }
        return try builtin()
    }

    /// The shipped catalogue (the target's `Resources/steps.json`).
    public static func builtin() throws(ImportFailure) -> StepCatalogue {
        guard let url = Bundle.module.url(forResource: "steps", withExtension: "json") else {
            throw ImportFailure(errors: [InputError(.unreadable, SourcePlace(), "the Compliance resource bundle has no steps.json")])
        }
        return try identified(url, as: .shipped)
    }

    /// Parsed from the very bytes that are hashed, so the identity names what was read.
    private static func identified(_ url: URL, as source: CatalogueIdentity.Source) throws(ImportFailure) -> StepCatalogue {
        let data = try InputFile.bytes(of: url)
        var catalogue = try parse(data)
        catalogue.identity = CatalogueIdentity(source: source, sha256: hex(DigestAlgorithm.sha256.hash(data: data)))
        return catalogue
    }

    public static func load(contentsOf url: URL) throws(ImportFailure) -> StepCatalogue {
        let data = try InputFile.bytes(of: url)
        return try parse(data)
    }

    /// Parses catalogue JSON; every problem is reported with its place.
    public static func parse(_ bytes: [UInt8]) throws(ImportFailure) -> StepCatalogue {
        let root: JSONNode
        do {
            root = try JSONScanner.parse(bytes)
        } catch {
            throw ImportFailure(errors: [error.inputError])
        }
        var problems: [InputError] = []
        guard let top = JSONFields(root, path: .root, what: "a step catalogue", known: ["version", "regulation", "steps"], problems: &problems) else {
            throw ImportFailure(errors: problems)
        }
        if let version = top.value("version", required: true, problems: &problems) {
            if case .number(let text) = version.value, text == "1" {} else {
                problems.append(InputError(.invalidValue, top.place("version"), "this gateway reads catalogue version 1"))
            }
        }
        _ = top.string("regulation", required: false, problems: &problems)
        var types: [StepType] = []
        var firstPlace: [String: SourcePlace] = [:]
        for (i, node) in (top.array("steps", required: true, problems: &problems) ?? []).enumerated() {
            let path = JSONPath.root.appending("steps").appending(i)
            let (type, name) = stepType(node, path: path, problems: &problems)
            // Duplicates are found whatever else is wrong with either entry.
            if let name {
                if let first = firstPlace[name.value] {
                    problems.append(InputError(.duplicateType, name.place, "\"\(name.value)\" is already defined at line \(first.line ?? 0)"))
                    continue
                }
                firstPlace[name.value] = name.place
            }
            if let type { types.append(type) }
        }
        if types.isEmpty && problems.isEmpty {
            problems.append(InputError(.emptyValue, top.place("steps"), "the catalogue defines no step type"))
        }
        guard problems.isEmpty else { throw ImportFailure(errors: problems) }
        return try StepCatalogue(types: types)
    }

    private static let stepKeys: Set<String> = [
        "type", "name_zh", "name_en", "recording", "recording_articles", "full_process", "full_process_articles", "note",
    ]

    /// The entry when it has no problem, and its type name (for duplicates) when it has one.
    private static func stepType(_ node: JSONNode, path: JSONPath, problems: inout [InputError]) -> (StepType?, Located<String>?) {
        guard let fields = JSONFields(node, path: path, what: "a step type", known: stepKeys, problems: &problems) else { return (nil, nil) }
        let before = problems.count
        func text(_ key: String) -> Located<String>? {
            guard let value = fields.string(key, required: true, problems: &problems) else { return nil }
            guard !value.value.trimmingCharacters(in: .whitespaces).isEmpty else {
                problems.append(InputError(.emptyValue, value.place, "\"\(key)\" must not be empty"))
                return nil
            }
            return value
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> T? where T.RawValue == String {
            guard let value = fields.string(key, required: true, problems: &problems) else { return nil }
            guard let parsed = T(rawValue: value.value) else {
                let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(InputError(.invalidValue, value.place, "\"\(value.value)\" is not one of \(allowed)"))
                return nil
            }
            return parsed
        }
        func articles(_ key: String) -> [String]? {
            guard let list = fields.strings(key, problems: &problems) else {
                if !fields.has(key) { problems.append(InputError(.missingField, fields.place(key), "\"\(key)\" is missing")) }
                return nil
            }
            for article in list.value where ArticleReference(article.value) == nil {
                problems.append(InputError(.invalidValue, article.place, "\"\(article.value)\" is not an article reference like 11 or 11(2)"))
            }
            return list.value.map(\.value)
        }
        let type = text("type"), nameZh = text("name_zh"), nameEn = text("name_en")
        let recording = choice("recording", RecordingRequirement.self)
        let recordingArticles = articles("recording_articles")
        let fullProcess = choice("full_process", FullProcessRule.self)
        let fullProcessArticles = articles("full_process_articles")
        let note = fields.string("note", required: false, problems: &problems)?.value
        guard let recording, let recordingArticles, let fullProcess, let fullProcessArticles else { return (nil, type) }
        let entry = StepType(type: type?.value ?? "", nameZh: nameZh?.value ?? "", nameEn: nameEn?.value ?? "", recording: recording,
                             recordingArticles: recordingArticles, fullProcess: fullProcess, fullProcessArticles: fullProcessArticles, note: note)
        problems += consistencyProblems(entry, at: fields.place)
        return (problems.count == before ? entry : nil, type)
    }

    /// Rules between fields; `at` gives the place of a key.
    private static func consistencyProblems(_ type: StepType, at: (String) -> SourcePlace) -> [InputError] {
        var problems: [InputError] = []
        if type.recordingArticles.isEmpty {
            problems.append(InputError(.emptyValue, at("recording_articles"), "cite the article that asks for this record"))
        }
        switch (type.recording, type.fullProcess) {
        case (.documents, .always), (.documents, .whenMarked):
            problems.append(InputError(.invalidValue, at("full_process"), "a step recorded by documents only cannot need full-process recording"))
        case (_, .always), (_, .whenMarked):
            if type.fullProcessArticles.isEmpty {
                problems.append(InputError(.emptyValue, at("full_process_articles"), "cite the article that asks for the whole process"))
            }
        case (_, .never):
            break
        }
        return problems
    }
}
