import DeviceKit
import Digest
import Foundation

/// What a person asked of one offload.
public struct OffloadRequest: Sendable {
    /// The mounted recorder volume.
    public var volume: URL
    /// The port path of a PTP camera to offload instead of the volume.
    public var camera: String?
    /// The device's serial when neither the volume nor the file names tell it.
    public var deviceSerial: String?
    /// Digests to compute; SHA-256 is always added.
    public var digests: [DigestAlgorithm]
    /// Delete each recording from the device once its stored copy is verified and audited.
    public var release: Bool
    /// Who runs the offload, for the audit trail.
    public var actor: String

    public init(volume: URL, deviceSerial: String? = nil, digests: [DigestAlgorithm] = [.sha256],
                release: Bool = false, actor: String = OffloadRequest.currentActor()) {
        self.volume = volume
        self.deviceSerial = deviceSerial
        self.digests = digests.contains(.sha256) ? digests : [.sha256] + digests
        self.release = release
        self.actor = actor
    }

    /// An offload of the PTP camera at `camera` (a USB port path).
    public init(camera: String, deviceSerial: String? = nil, digests: [DigestAlgorithm] = [.sha256],
                release: Bool = false, actor: String = OffloadRequest.currentActor()) {
        self.init(volume: URL(fileURLWithPath: "/"), deviceSerial: deviceSerial, digests: digests, release: release,
                  actor: actor)
        self.camera = camera
    }

    /// Where the device's session is opened: the camera's port when there is one, else the volume.
    public var target: SessionTarget {
        camera.map { .usb(portPath: $0) } ?? .volume(volume)
    }

    /// The person behind the process: the sudo caller when there is one, else the login name.
    public static func currentActor() -> String {
        let env = ProcessInfo.processInfo.environment
        let user = env["SUDO_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? "uid-\(getuid())"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }
}
