import Compliance
import Evidence
import Foundation

extension NewCase {
    /// A parsed case, to store: the document is the case's JSON with sorted keys, so importing the
    /// same case again is recognized as unchanged.
    public init(_ record: CaseRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = String(decoding: try encoder.encode(record), as: UTF8.self)
        self.init(caseID: record.caseID, title: record.title, department: record.department, document: document,
                  steps: record.steps.map {
                      NewCase.Step(stepID: $0.id, type: $0.type, start: $0.start, end: $0.end, officers: $0.officers,
                                   devices: $0.devices, fullProcess: $0.fullProcess ?? false)
                  })
    }
}

extension CaseRecord {
    /// The case as a stored revision holds it.
    public init(document: String) throws {
        self = try JSONDecoder().decode(CaseRecord.self, from: Data(document.utf8))
    }
}
