import Foundation
import Synchronization

/// The OpenAPI document, set once the router is assembled (it describes every route, its own included)
/// and read by `GET /openapi.json`.
final class OpenAPIText: Sendable {
    private let text = Mutex(Data())

    var data: Data {
        get { text.withLock { $0 } }
        set { text.withLock { $0 = newValue } }
    }
}
