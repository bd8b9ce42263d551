import DeviceKit
import Foundation

/// Reads custody files: a JSON array of `{officer, device, from, to}` (`to` null while it lasts).
/// Problems are reported like a case file's; one device with two holders at once is a problem.
public enum CustodyFile {
    static let keys: Set<String> = ["officer", "device", "from", "to"]

    public static func load(contentsOf url: URL) throws(ImportFailure) -> [CustodyRecord] {
        try placed(contentsOf: url).map(\.record)
    }

    /// The records with where each is in the file (its `from`), for problems found later against the
    /// catalog.
    public static func placed(contentsOf url: URL) throws(ImportFailure) -> [(record: CustodyRecord, place: SourcePlace)] {
        let data = try InputFile.bytes(of: url)
        return try placed(data)
    }

    public static func parse(_ bytes: [UInt8]) throws(ImportFailure) -> [CustodyRecord] {
        try placed(bytes).map(\.record)
    }

    public static func placed(_ bytes: [UInt8]) throws(ImportFailure) -> [(record: CustodyRecord, place: SourcePlace)] {
        let elements = try InputFile.jsonArray(bytes, what: "a custody file")
        var problems: [InputError] = []
        var records: [(record: CustodyRecord, place: SourcePlace)] = []
        for (i, node) in elements.enumerated() {
            let path = JSONPath.root.appending(i)
            guard let fields = JSONFields(node, path: path, what: "a custody record", known: keys, problems: &problems) else { continue }
            let before = problems.count
            func text(_ key: String) -> String? {
                guard let value = fields.string(key, required: true, problems: &problems) else { return nil }
                let trimmed = value.value.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    problems.append(InputError(.emptyValue, value.place, "\"\(key)\" must not be empty"))
                } else if let problem = InputError.identifier(trimmed, field: key, at: value.place) {
                    problems.append(problem)
                }
                return trimmed
            }
            let officer = text("officer"), device = text("device")
            let from = fields.time("from", required: true, problems: &problems)
            let to = fields.time("to", required: true, nullable: true, problems: &problems)
            if let start = from?.value, let to, let end = to.value, end <= start {
                problems.append(InputError(.endNotAfterStart, to.place, "\"to\" \(RFC3339.string(end)) is not after \"from\" \(RFC3339.string(start))"))
            }
            guard problems.count == before, let officer, let device, let start = from?.value, let to else { continue }
            records.append((CustodyRecord(officer: officer, device: device, from: start, to: to.value), fields.place("from")))
        }
        // One device, two overlapping records: the later one (in the file) is reported.
        for (device, group) in Dictionary(grouping: records.indices, by: { records[$0].record.device }) {
            let ordered = group.sorted { (records[$0].record.from, $0) < (records[$1].record.from, $1) }
            // Against the record that lasts longest so far, so a long record is compared with every later one.
            var longest = ordered[0]
            for b in ordered.dropFirst() {
                let a = longest
                if (records[a].record.to ?? .distantFuture) > records[b].record.from {
                    let (earlierInFile, laterInFile) = a < b ? (a, b) : (b, a)
                    problems.append(InputError(.custodyOverlap, records[laterInFile].place,
                                               "device \(device) is already held by \(records[earlierInFile].record.officer) at this time (line \(records[earlierInFile].place.line ?? 0))"))
                }
                if (records[b].record.to ?? .distantFuture) > (records[a].record.to ?? .distantFuture) { longest = b }
            }
        }
        guard problems.isEmpty else { throw ImportFailure(errors: problems) }
        return records
    }
}
