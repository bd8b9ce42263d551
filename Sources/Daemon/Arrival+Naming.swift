import Gateway

extension Arrival.Source {
    /// What the device is known by in the status and the logs: `volume:/srv/…/sdb1`, `camera:1-1.2`.
    public var label: String {
        switch self {
        case .volume(let url): "volume:" + (url.path.count > 1 && url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path)
        case .camera(let port): "camera:" + port
        case .recorder(let port): "recorder:" + port
        }
    }
}

extension Arrival {
    /// `volume:/… in bay 2`, or `… (bay unknown)`.
    var place: String {
        source.label + (bay.map { " in bay \($0)" } ?? " (bay unknown)")
    }
}
