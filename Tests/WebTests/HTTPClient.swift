import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import TestSupport

/// One answer: status, headers (names lowercased), body.
struct HTTPReply: Sendable, CustomStringConvertible {
    let status: Int
    let headers: [String: String]
    let body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }
    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> Any { try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }

    func object() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw TestSupportError("not a JSON object: \(self)") }
        return object
    }

    var description: String { "\(status) \(headers) \(text.prefix(600))" }
}

/// A signed-in account: the session cookie's value and the CSRF token its changing requests carry.
struct WebSession: Sendable {
    let name: String
    let cookie: String
    let csrf: String
}

/// A small HTTP client over URLSession that keeps no cookies (each request carries the session it is
/// given in a `Cookie` header) and follows no redirect, so a 303 is an answer the test sees.
/// Every task is delegate-driven: FoundationNetworking follows redirects by itself for tasks with a
/// completion handler, whatever the delegate says.
final class HTTPClient: Sendable {
    let base: String
    private let collector = TaskCollector()
    private let session: URLSession

    init(port: Int) {
        base = "http://127.0.0.1:\(port)"
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        // Generous: the machine is shared; no pass depends on it.
        configuration.timeoutIntervalForRequest = 300
        session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    func request(_ method: String, _ path: String, session signedIn: WebSession?, csrf: String?, body: Data?,
                 contentType: String?, headers: [String: String]) throws -> URLRequest {
        guard let url = URL(string: base + path) else { throw TestSupportError("not a URL: \(base + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        if let signedIn { request.setValue("recgate_session=\(signedIn.cookie)", forHTTPHeaderField: "Cookie") }
        if let csrf { request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = body
        } else if method == "POST" {
            request.httpBody = Data()
        }
        return request
    }

    /// Sends one request and collects the whole answer. A POST with a session carries its CSRF token
    /// unless `csrf` says otherwise (`.none`: no header, `.token(x)`: that one).
    func send(_ method: String = "GET", _ path: String, as signedIn: WebSession? = nil, csrf: CSRF = .session,
              body: Data? = nil, contentType: String? = nil, headers: [String: String] = [:]) async throws -> HTTPReply {
        let token: String? = switch csrf {
        case .session: method == "GET" ? nil : signedIn?.csrf
        case .none: nil
        case .token(let value): value
        }
        let request = try request(method, path, session: signedIn, csrf: token, body: body, contentType: contentType, headers: headers)
        let task = session.dataTask(with: request)
        return try await withCheckedThrowingContinuation { continuation in
            collector.begin(task.taskIdentifier, finished: continuation)
            task.resume()
        }
    }

    func get(_ path: String, as signedIn: WebSession? = nil, headers: [String: String] = [:]) async throws -> HTTPReply {
        try await send("GET", path, as: signedIn, headers: headers)
    }

    func postJSON(_ path: String, _ object: Any, as signedIn: WebSession? = nil, csrf: CSRF = .session) async throws -> HTTPReply {
        try await send("POST", path, as: signedIn, csrf: csrf, body: try JSONSerialization.data(withJSONObject: object),
                       contentType: "application/json")
    }

    /// Signs in with `POST /api/login`; throws unless it succeeds.
    func login(_ name: String, _ password: String) async throws -> WebSession {
        let reply = try await postJSON("/api/login", ["name": name, "password": password])
        guard reply.status == 200 else { throw TestSupportError("sign-in of \(name) refused: \(reply)") }
        guard let cookie = Self.cookieValue(reply.header("Set-Cookie"), name: "recgate_session"),
              let csrf = try reply.object()["csrf_token"] as? String
        else { throw TestSupportError("sign-in of \(name) gave no session: \(reply)") }
        return WebSession(name: name, cookie: cookie, csrf: csrf)
    }

    /// The value of cookie `name` in a `Set-Cookie` header.
    static func cookieValue(_ header: String?, name: String) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// Opens a request whose body keeps coming (server-sent events): the status and headers once they
    /// are there, then the body's chunks as they arrive. Cancel the stream to end it.
    func open(_ path: String, as signedIn: WebSession?) async throws -> OpenStream {
        let request = try request("GET", path, session: signedIn, csrf: nil, body: nil, contentType: nil, headers: [:])
        let task = session.dataTask(with: request)
        let (chunks, feed) = AsyncStream<Data>.makeStream()
        let head: HTTPURLResponse = try await withCheckedThrowingContinuation { continuation in
            collector.begin(task.taskIdentifier, head: continuation, stream: feed)
            task.resume()
        }
        return OpenStream(status: head.statusCode, chunks: chunks, task: task)
    }

    enum CSRF: Sendable {
        case session
        case none
        case token(String)
    }
}

/// A response still being received.
struct OpenStream: @unchecked Sendable {
    // @unchecked: URLSessionDataTask is thread-safe (its cancel may be called from any thread) but not
    // marked Sendable in FoundationNetworking.
    let status: Int
    let chunks: AsyncStream<Data>
    let task: URLSessionDataTask

    func cancel() { task.cancel() }

    /// The server-sent events of the stream, read in order.
    func events() -> EventReader { EventReader(chunks.makeAsyncIterator()) }
}

/// Reads server-sent events from a stream's chunks, keeping what follows an event for the next call.
final class EventReader {
    private var iterator: AsyncStream<Data>.Iterator
    private var buffer = ""
    private(set) var seen = 0

    init(_ iterator: AsyncStream<Data>.Iterator) {
        self.iterator = iterator
    }

    /// The data (as JSON) of the next event `name` that `condition` accepts; throws when the stream
    /// ends first.
    func next(named name: String = "status", where condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        while true {
            while let end = buffer.range(of: "\n\n") {
                let block = String(buffer[..<end.lowerBound])
                buffer = String(buffer[end.upperBound...])
                var event = "message"
                var data = ""
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data += line.dropFirst(6) }
                }
                guard event == name, !data.isEmpty else { continue }
                seen += 1
                let object = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] ?? [:]
                if condition(object) { return object }
            }
            guard let chunk = await iterator.next() else {
                throw TestSupportError("the event stream ended after \(seen) \(name) events without the one awaited")
            }
            buffer += String(decoding: chunk, as: UTF8.self)
        }
    }
}

/// The URLSession's delegate: collects each task's answer, refuses every redirect, and streams the body of
/// tasks opened with a stream.
private final class TaskCollector: NSObject, URLSessionDataDelegate, Sendable {
    struct Pending {
        var data = Data()
        var response: HTTPURLResponse?
        var finished: CheckedContinuation<HTTPReply, any Error>?
        var head: CheckedContinuation<HTTPURLResponse, any Error>?
        var stream: AsyncStream<Data>.Continuation?
    }

    private let pending = Mutex<[Int: Pending]>([:])

    func begin(_ id: Int, finished: CheckedContinuation<HTTPReply, any Error>) {
        pending.withLock { $0[id] = Pending(finished: finished) }
    }

    func begin(_ id: Int, head: CheckedContinuation<HTTPURLResponse, any Error>, stream: AsyncStream<Data>.Continuation) {
        pending.withLock { $0[id] = Pending(head: head, stream: stream) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        let head = pending.withLock { pending -> CheckedContinuation<HTTPURLResponse, any Error>? in
            pending[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse
            defer { pending[dataTask.taskIdentifier]?.head = nil }
            return pending[dataTask.taskIdentifier]?.head
        }
        if let head, let http = response as? HTTPURLResponse { head.resume(returning: http) }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let stream = pending.withLock { pending -> AsyncStream<Data>.Continuation? in
            if let stream = pending[dataTask.taskIdentifier]?.stream { return stream }
            pending[dataTask.taskIdentifier]?.data.append(data)
            return nil
        }
        stream?.yield(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        entry.stream?.finish()
        let response = entry.response ?? task.response as? HTTPURLResponse
        if let head = entry.head {
            if let response { head.resume(returning: response) } else {
                head.resume(throwing: error ?? TestSupportError("no response"))
            }
        }
        guard let finished = entry.finished else { return }
        if let error {
            finished.resume(throwing: error)
            return
        }
        guard let response else {
            finished.resume(throwing: TestSupportError("no response to \(task.originalRequest?.url?.absoluteString ?? "?")"))
            return
        }
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        finished.resume(returning: HTTPReply(status: response.statusCode, headers: headers, body: entry.data))
    }
}
