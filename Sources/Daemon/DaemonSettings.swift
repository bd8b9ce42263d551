import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Offload
import Web

/// How `recgate serve` runs: the home's configuration with the command line's options over it, checked
/// at start so a mistake is reported before anything is offloaded.
public struct DaemonSettings: Sendable {
    public var listen: ListenAddress
    /// Folders whose mounted volumes are offloaded (symlinks resolved).
    public var watch: [URL]
    public var concurrency: Int
    public var sliceBytes: Int64
    public var release: GatewayConfiguration.ReleasePolicy
    /// Exit once every device seen is offloaded and nothing waits.
    public var untilIdle: Bool
    /// Sessions and cookies of the web layer (`session_idle_seconds`, `session_lifetime_hours`, `secure_cookies`).
    public var web = WebSettings()
    /// `web_cpu_percent_during_offloads`: the web layer's reading work while offloads run (``ReadingBudget``).
    public var webCPUPercentDuringOffloads = GatewayConfiguration.defaultWebCPUPercentDuringOffloads

    public static let defaultConcurrency = 2
    public static let defaultSliceBytes: Int64 = 1 << 30

    /// `listen` and `watch` from the command line replace `serve_listen` and `serve_watch`.
    public static func resolve(_ configuration: GatewayConfiguration, listen: String?, watch: [String],
                               untilIdle: Bool) throws(DaemonError) -> DaemonSettings {
        let address: ListenAddress
        if let listen {
            address = try ListenAddress.parse(listen, what: "--listen")
        } else if let configured = configuration.serveListen {
            address = try ListenAddress.parse(configured, what: "serve_listen in recgate.json")
        } else {
            address = .default
        }
        let given = watch.isEmpty ? (configuration.serveWatch ?? []) : watch
        let origin = watch.isEmpty ? "serve_watch in recgate.json" : "--watch"
        var folders: [URL] = []
        for path in given {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw DaemonError("\(origin): the folder \(path) does not exist")
            }
            guard isFolder.boolValue else { throw DaemonError("\(origin): \(path) is not a folder") }
            guard access(path, R_OK | X_OK) == 0 else { throw DaemonError("\(origin): the folder \(path) cannot be read") }
            let folder = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath()
            if !folders.contains(folder) { folders.append(folder) }
        }
        return DaemonSettings(
            listen: address, watch: folders,
            concurrency: configuration.offloadConcurrency ?? defaultConcurrency,
            sliceBytes: configuration.offloadSliceBytes ?? defaultSliceBytes,
            release: configuration.release ?? .never, untilIdle: untilIdle,
            web: WebSettings(
                sessionIdle: TimeInterval(configuration.sessionIdleSeconds ?? 1800),
                sessionLifetime: TimeInterval((configuration.sessionLifetimeHours ?? 12) * 3600),
                secureCookies: configuration.secureCookies ?? false),
            webCPUPercentDuringOffloads: configuration.webCPUPercentDuringOffloads ?? GatewayConfiguration.defaultWebCPUPercentDuringOffloads)
    }
}
