import Presentation

/// What the web layer reads from the daemon while it runs: the status document (bays, devices, live
/// offload progress) and the metrics text.
public protocol LiveStatus: Sendable {
    func status() -> DaemonStatus
    func metricsText() -> String
}
