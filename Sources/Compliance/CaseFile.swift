import Foundation

/// Reads case files: JSON (one case or an array, as DESIGN.md shows) or CSV (one step a row, see
/// README.md). Either every case of the file or every problem in it, never a part.
public enum CaseFile {
    public enum Format: String, Sendable {
        case json, csv
    }

    /// The format from the extension (`.csv`, else JSON), then the contents.
    public static func load(contentsOf url: URL, catalogue: StepCatalogue) throws(ImportFailure) -> [CaseRecord] {
        let data = try InputFile.bytes(of: url)
        return try parse(data, format: url.pathExtension.lowercased() == "csv" ? .csv : .json, catalogue: catalogue)
    }

    public static func parse(_ bytes: [UInt8], format: Format, catalogue: StepCatalogue) throws(ImportFailure) -> [CaseRecord] {
        var problems: [InputError] = []
        let drafts: [CaseDraft]
        switch format {
        case .json: drafts = CaseJSONReader.drafts(bytes, problems: &problems)
        case .csv: drafts = CaseCSVReader.drafts(bytes, problems: &problems)
        }
        let cases = CaseValidator(catalogue: catalogue).validate(drafts, problems: &problems)
        guard problems.isEmpty else { throw ImportFailure(errors: problems) }
        return cases
    }
}
