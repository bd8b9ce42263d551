import DeviceKit

extension CameraSession {
    /// Reads the events the device has queued on its interrupt endpoint (each read waits at most `wait` for
    /// one; the first that does not come ends it), keeps them in the session's log and returns them.
    /// An event that does not parse ends the read: it is not guessed at.
    @discardableResult
    public func events(wait: Duration = .milliseconds(20)) throws -> [PTPEvent] {
        try exchange("event") { () throws(PTPError) -> [PTPEvent] in
            var fresh: [PTPEvent] = []
            while fresh.count < 256, let event = try session.nextEvent(timeout: wait) { fresh.append(event) }
            eventLog += fresh
            return fresh
        }
    }

    /// Every event read in this session, in order.
    public var eventsSeen: [PTPEvent] { lock.withLock { eventLog } }

    /// The faults the events read so far tell: StoreFull for a storage (its recordings have nowhere to go).
    func eventFaults() -> [String] {
        lock.withLock {
            var faults: [String] = []
            for event in eventLog {
                if case .storeFull(let storage) = event.meaning {
                    let fault = "store_full: storage \(Self.hex8(storage)) is full (StoreFull event)"
                    if !faults.contains(fault) { faults.append(fault) }
                }
            }
            return faults
        }
    }
}
