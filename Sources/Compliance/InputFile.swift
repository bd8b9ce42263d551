import DeviceKit
import Foundation

/// Reading the files Compliance imports: the bytes, and a JSON array at the top, each failure one
/// problem with its place, as every other problem of the file.
enum InputFile {
    static func bytes(of url: URL) throws(ImportFailure) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw ImportFailure(errors: [InputError(.unreadable, SourcePlace(), "cannot read \(url.path): \(error.localizedDescription)")])
        }
    }

    /// The elements of the JSON array `bytes` holds; `what` names the file in the message otherwise.
    static func jsonArray(_ bytes: [UInt8], what: String) throws(ImportFailure) -> [JSONNode] {
        let root: JSONNode
        do {
            root = try JSONScanner.parse(bytes)
        } catch {
            throw ImportFailure(errors: [error.inputError])
        }
        guard case .array(let elements) = root.value else {
            throw ImportFailure(errors: [InputError(.wrongType, JSONFields.place(root, .root), "\(what) is a JSON array, not \(root.typeName)")])
        }
        return elements
    }
}
