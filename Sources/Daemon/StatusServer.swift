import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import Offload
import Presentation
import Web
import ServiceLifecycle

/// The HTTP server: the web layer's routes (the API, the dashboard, `GET /status` — the document
/// `recgate status --json` prints — and `GET /metrics`). Once it listens, it writes `run/serve.json`.
enum StatusServer {
    static func application(router: Router<WebContext>, scheduler: OffloadScheduler, home: GatewayHome, listen: ListenAddress,
                            logger: Logger) -> some Service {
        Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "recgate"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                let bound = ListenAddress(host: listen.host, port: port)
                scheduler.listening(at: bound.description)
                do {
                    try ServeRecord(address: listen.host, port: port, pid: getpid()).write(in: home)
                    logger.info("listening on http://\(bound)/ (the dashboard), /api, /status and /metrics")
                } catch {
                    logger.error("cannot write \(ServeRecord.url(in: home).path): \(error); recgate status will not find this daemon")
                }
            },
            logger: logger)
    }
}
