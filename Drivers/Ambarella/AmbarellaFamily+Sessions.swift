import DeviceKit

extension AmbarellaFamily {
    /// Opens the recorder at a USB port path and logs in (``AmbarellaSession``). A mounted volume is the
    /// mass-storage driver's, even one this recorder became.
    public func openSession(_ target: SessionTarget, options: SessionOptions) throws -> any DeviceSession {
        guard case .usb(let portPath) = target else {
            throw DeviceSessionError(.unsupported, call: "open", path: "\(target)",
                                     message: "the \(name) driver opens recorders at a USB port path only")
        }
        return try AmbarellaSession(portPath: portPath, options: options)
    }
}
