/// CSV (RFC 4180) with the line and column of every field: comma-separated, fields in double quotes
/// may hold commas, quotes (doubled) and line breaks; CRLF or LF; a UTF-8 byte order mark is skipped
/// (spreadsheet programs write one).
enum CSVReader {
    struct Field: Sendable {
        var text: String
        var line: Int
        var column: Int
    }

    struct Record: Sendable {
        var fields: [Field]
        var line: Int
        /// Rows of nothing but separators are what spreadsheets leave below the data.
        var isBlank: Bool { fields.allSatisfy { $0.text.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    static func records(_ bytes: [UInt8], problems: inout [InputError]) -> [Record] {
        var records: [Record] = []
        var fields: [Field] = []
        var text: [UInt8] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1, column = 1
        var fieldLine = 1, fieldColumn = 1, recordLine = 1
        var quoted = false, inQuotes = false, fieldStarted = false

        func finishField() {
            fields.append(Field(text: String(decoding: text, as: UTF8.self), line: fieldLine, column: fieldColumn))
            text = []
            quoted = false
            fieldStarted = false
        }
        func finishRecord() {
            finishField()
            records.append(Record(fields: fields, line: recordLine))
            fields = []
        }
        func step(_ byte: UInt8) {
            index += 1
            // A line ends at LF, CRLF or a lone CR.
            if byte == 0x0A || (byte == 0x0D && !(index < bytes.count && bytes[index] == 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && byte != 0x0D {
                column += 1
            }
        }

        while index < bytes.count {
            let byte = bytes[index]
            if !fieldStarted {
                fieldStarted = true
                fieldLine = line
                fieldColumn = column
                if fields.isEmpty { recordLine = line }
                if byte == UInt8(ascii: "\"") {
                    quoted = true
                    inQuotes = true
                    step(byte)
                    continue
                }
            }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        text.append(byte)
                        step(byte)
                        step(byte)
                    } else {
                        inQuotes = false
                        step(byte)
                    }
                } else {
                    text.append(byte)
                    step(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                step(byte)
                finishField()
                // The next field starts right after the comma, even when it is empty (then nothing
                // else sets its place).
                fieldLine = line
                fieldColumn = column
            case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                step(byte)
            case 0x0A, 0x0D:
                step(byte)
                finishRecord()
            default:
                if quoted {
                    problems.append(InputError(.syntax, SourcePlace(line: line, column: column),
                                               "text after the closing quote of a field (a quote inside a field is written twice)"))
                    quoted = false
                }
                text.append(byte)
                step(byte)
            }
        }
        if inQuotes {
            problems.append(InputError(.syntax, SourcePlace(line: fieldLine, column: fieldColumn), "a quoted field is not closed before the end of the file"))
            return records
        }
        if fieldStarted || !fields.isEmpty { finishRecord() }
        return records
    }
}
