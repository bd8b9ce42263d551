import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Offload
import Presentation

/// `recgate status`: asks the daemon serving a home (found through `run/serve.json`) for its status.
public enum StatusClient {
    /// The `/status` document as the daemon sent it (bytes, for `--json`) and read.
    public static func status(home: GatewayHome) throws(DaemonError) -> (data: Data, status: DaemonStatus) {
        let record = try ServeRecord.read(in: home)
        guard record.processAlive else {
            throw DaemonError("no recgate serve runs in \(home.root.path): \(ServeRecord.url(in: home).path) names "
                + "pid \(record.pid), which is not running (it was stopped without a clean exit)")
        }
        guard let url = record.url("/status") else {
            throw DaemonError("\(ServeRecord.url(in: home).path): \(record.address):\(record.port) is not an address")
        }
        let data = try get(url)
        do {
            return (data, try JSONDecoder().decode(DaemonStatus.self, from: data))
        } catch {
            throw DaemonError("\(url): not a status document: \(error)")
        }
    }

    /// GET `url`; the body when the answer is 200.
    static func get(_ url: URL) throws(DaemonError) -> Data {
        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: url)
        request.timeoutInterval = 30
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            answer.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (data, status, error) = answer.get()
        if let error { throw DaemonError("cannot reach recgate serve at \(url): \(error.localizedDescription)") }
        guard status == 200, let data else {
            throw DaemonError("recgate serve at \(url) answered \(status.map(String.init) ?? "nothing")")
        }
        return data
    }

    private final class Answer: @unchecked Sendable {
        // Sendable proof: the fields are written once by the session's callback before the semaphore is
        // signalled, and read after it is waited for; the lock makes that ordering explicit.
        private let lock = NSLock()
        private var data: Data?
        private var status: Int?
        private var error: (any Error)?

        func set(data: Data?, status: Int?, error: (any Error)?) {
            lock.withLock { (self.data, self.status, self.error) = (data, status, error) }
        }

        func get() -> (Data?, Int?, (any Error)?) { lock.withLock { (data, status, error) } }
    }
}
