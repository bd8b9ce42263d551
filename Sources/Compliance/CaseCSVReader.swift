import DeviceKit

/// CSV case files into drafts: one step a row, case fields repeated on each row of the case, rows of
/// one case together. Places are lines and column names: `line 7, column 31, end`.
enum CaseCSVReader {
    /// Every column this reader knows; the first five are required.
    static let requiredColumns = ["case_id", "step_id", "type", "start", "end"]
    static let optionalColumns = ["title", "department", "officers", "devices", "full_process", "location",
                                  "exemption_article", "exemption_reason", "handler", "reviewer", "approver"]

    static func drafts(_ bytes: [UInt8], problems: inout [InputError]) -> [CaseDraft] {
        let records = CSVReader.records(bytes, problems: &problems).filter { !$0.isBlank }
        guard let header = records.first else {
            problems.append(InputError(.missingColumn, SourcePlace(line: 1), "the file is empty; the first row must name the columns"))
            return []
        }
        guard let columns = columns(header, problems: &problems) else { return [] }

        var drafts: [CaseDraft] = []
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                problems.append(InputError(.columnCount, SourcePlace(line: record.line),
                                           "\(record.fields.count) fields, the header names \(columns.count)"))
                continue
            }
            let row = Row(record: record, columns: columns)
            let caseID = row.text("case_id")
            // A row continues the case of the row before when it names the same case; a case named
            // again after other cases becomes a second draft, which the validator reports as a duplicate.
            if let current = drafts.last, let id = caseID, let currentID = current.caseID,
               !id.value.trimmingCharacters(in: .whitespaces).isEmpty,
               currentID.value.trimmingCharacters(in: .whitespaces) == id.value.trimmingCharacters(in: .whitespaces) {
                for key in ["title", "department"] {
                    let known = key == "title" ? current.title : current.department
                    if let value = row.text(key), !value.value.isEmpty, let known, !known.value.isEmpty, known.value != value.value {
                        problems.append(InputError(.conflictingValue, value.place,
                                                   "\"\(value.value)\" differs from \"\(known.value)\" on line \(known.place.line ?? 0) for the same case"))
                    }
                }
                fillCaseFields(&drafts[drafts.count - 1], from: row)
            } else {
                var draft = CaseDraft(place: SourcePlace(line: record.line))
                draft.caseID = caseID
                fillCaseFields(&draft, from: row)
                drafts.append(draft)
            }
            drafts[drafts.count - 1].steps.append(step(row, problems: &problems))
        }
        return drafts
    }

    /// Column name → index, or nil after reporting what is wrong with the header.
    private static func columns(_ header: CSVReader.Record, problems: inout [InputError]) -> [String: Int]? {
        var columns: [String: Int] = [:]
        let known = Set(requiredColumns + optionalColumns)
        let before = problems.count
        for (i, field) in header.fields.enumerated() {
            let name = field.text.trimmingCharacters(in: .whitespaces).lowercased()
            let place = SourcePlace(line: field.line, column: field.column, field: name)
            if !known.contains(name) {
                problems.append(InputError(.unknownColumn, place,
                                           "unknown column \"\(field.text)\" (known: \((requiredColumns + optionalColumns).joined(separator: ", ")))"))
            } else if columns[name] != nil {
                problems.append(InputError(.duplicateColumn, place, "column \"\(name)\" is named twice"))
            } else {
                columns[name] = i
            }
        }
        for name in requiredColumns where columns[name] == nil {
            problems.append(InputError(.missingColumn, SourcePlace(line: header.line, field: name), "the header has no \"\(name)\" column"))
        }
        return problems.count == before ? columns : nil
    }

    private static func fillCaseFields(_ draft: inout CaseDraft, from row: Row) {
        if draft.title.map({ $0.value.isEmpty }) ?? true, let title = row.text("title"), !title.value.isEmpty { draft.title = title }
        if draft.department.map({ $0.value.isEmpty }) ?? true, let department = row.text("department"), !department.value.isEmpty {
            draft.department = department
        }
    }

    private static func step(_ row: Row, problems: inout [InputError]) -> StepDraft {
        var step = StepDraft(place: SourcePlace(line: row.record.line), officersPlace: SourcePlace(line: row.record.line, field: "officers"))
        step.id = row.text("step_id")
        step.type = row.text("type")
        for key in ["start", "end"] {
            guard let text = row.text(key) else { continue }
            guard !text.value.trimmingCharacters(in: .whitespaces).isEmpty else {
                problems.append(InputError(.emptyValue, text.place, "\"\(key)\" must not be empty"))
                continue
            }
            switch RFC3339.parse(text.value.trimmingCharacters(in: .whitespaces)) {
            case .success(let date):
                if let problem = PlausibleTime.problem(date) {
                    problems.append(InputError(.timeOutOfRange, text.place, problem))
                } else if key == "start" {
                    step.start = Located(value: date, place: text.place)
                } else {
                    step.end = Located(value: date, place: text.place)
                }
            case .failure(let problem): problems.append(InputError(.invalidTime, text.place, problem.description))
            }
        }
        step.officers = row.list("officers")
        step.devices = row.list("devices")
        if let flag = row.text("full_process") {
            switch flag.value.trimmingCharacters(in: .whitespaces).lowercased() {
            case "": break
            case "true", "1": step.fullProcess = Located(value: true, place: flag.place)
            case "false", "0": step.fullProcess = Located(value: false, place: flag.place)
            default: problems.append(InputError(.invalidBoolean, flag.place, "\"\(flag.value)\" is not a boolean (true, false, 1, 0 or empty)"))
            }
        }
        if let location = row.text("location"), !location.value.isEmpty { step.location = location }
        // An exemption is there when either of its columns is filled; the other is then required.
        let article = row.text("exemption_article").flatMap { $0.value.isEmpty ? nil : $0 }
        let reason = row.text("exemption_reason").flatMap { $0.value.isEmpty ? nil : $0 }
        if article != nil || reason != nil {
            let place = (article ?? reason)!.place
            for (name, value) in [("exemption_article", article), ("exemption_reason", reason)] where value == nil {
                problems.append(InputError(.missingField, SourcePlace(line: row.record.line, field: name),
                                           "\"\(name)\" is empty, but the row gives the exemption's other column"))
            }
            step.exemption = ExemptionDraft(article: article, reason: reason, place: place)
        }
        for key in ["handler", "reviewer", "approver"] {
            guard let value = row.text(key), !value.value.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            switch key {
            case "handler": step.handler = value
            case "reviewer": step.reviewer = value
            default: step.approver = value
            }
        }
        return step
    }

    /// One data row read by column name.
    private struct Row {
        let record: CSVReader.Record
        let columns: [String: Int]

        func text(_ column: String) -> Located<String>? {
            guard let index = columns[column] else { return nil }
            let field = record.fields[index]
            return Located(value: field.text, place: SourcePlace(line: field.line, column: field.column, field: column))
        }

        /// `a;b` or `a|b`; blanks between separators are skipped (a trailing `;` is common).
        func list(_ column: String) -> Located<[Located<String>]>? {
            guard let text = text(column) else { return nil }
            let items = text.value.split(whereSeparator: { $0 == ";" || $0 == "|" })
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
                .map { Located(value: $0, place: text.place) }
            return Located(value: items, place: text.place)
        }
    }
}
