import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import Offload
import Presentation
import ServiceLifecycle

/// The loopback HTTP server: `GET /status` (the status document, the same `recgate status --json`
/// prints) and `GET /metrics` (Prometheus text). Once it listens, it writes `run/serve.json`.
enum StatusServer {
    static func application(scheduler: OffloadScheduler, home: GatewayHome, listen: ListenAddress, logger: Logger)
        -> some Service
    {
        let router = Router()
        router.get("/status") { _, _ -> Response in
            let data = try DocumentEncoder.encode(scheduler.status())
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: scheduler.metricsText())))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "recgate"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                let bound = ListenAddress(host: listen.host, port: port)
                scheduler.listening(at: bound.description)
                do {
                    try ServeRecord(address: listen.host, port: port, pid: getpid()).write(in: home)
                    logger.info("listening on http://\(bound)/status and /metrics")
                } catch {
                    logger.error("cannot write \(ServeRecord.url(in: home).path): \(error); recgate status will not find this daemon")
                }
            },
            logger: logger)
    }
}
