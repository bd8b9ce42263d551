import DeviceKit
import USB

/// A device seen attached, with what the registry made of it.
public struct AttachedDevice: Sendable {
    public var device: USBDevice
    public var candidate: DeviceCandidate
    public var match: DriverMatch

    public init(device: USBDevice, candidate: DeviceCandidate, match: DriverMatch) {
        self.device = device
        self.candidate = candidate
        self.match = match
    }

    public var portPath: String { candidate.portPath }
}

/// A device arriving (matched through the registry) or leaving (as it was when it arrived).
public enum AttachmentEvent: Sendable {
    case arrived(AttachedDevice)
    case left(AttachedDevice)

    public var attached: AttachedDevice {
        switch self {
        case .arrived(let a), .left(let a): a
        }
    }
}
