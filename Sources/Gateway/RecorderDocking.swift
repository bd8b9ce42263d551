import AmbarellaDriver
import DeviceKit
import Compliance
import Foundation

/// What the dock did with a recorder that must be logged in and switched before its recordings can be read
/// (an Ambarella recorder): who it said it is, its information and battery where its protocol tells them,
/// whether its clock was set (it cannot be read), and the volume it became.
public struct RecorderDocking: Sendable {
    public let portPath: String
    /// The recorder's serial: its device id (ASCII variant) or USB serial string.
    public let serial: String
    /// `ascii` or `control`.
    public let variant: String
    public let info: AmbarellaInfo?
    public let battery: Int?
    /// The gateway's time when the recorder was logged in: its clock then was at least its newest recording's.
    public let dockedAt: Date
    /// The local time written to the recorder's clock; nil when not set.
    public let clockSetTo: LocalTimestamp?
    /// Why the clock was not set.
    public let notSet: CameraDocking.NotSet?
    /// The mount point of the volume it came back as.
    public let volume: URL

    /// Why a recorder could not be docked. Nothing of its password is in any of them.
    public enum Problem: Error, CustomStringConvertible {
        case desk(CaseDeskSetup.Problem)
        case configuration(any Error)
        /// The recorder refused the configured password: audited, never retried.
        case refused(AmbarellaError)
        /// The recorder refused a login at this time and `recgate.json` has not changed since: not tried again.
        case notRetried(Date)
        /// The recorder failed or no password is configured (the message names the key).
        case recorder(any Error)
        /// It switched, but no volume from its port was mounted.
        case volume(RecorderVolumeFollower.NotFound)

        public var description: String {
            switch self {
            case .desk(let problem): "\(problem)"
            case .configuration(let error): "\(error)"
            case .refused(let error): "login refused (not tried again: correct \(DevicePasswords.key) in recgate.json and dock it again): \(error)"
            case .notRetried(let at):
                "login not tried again: the recorder refused the password at \(RFC3339.string(at)) and recgate.json has not "
                    + "changed since (correct \(DevicePasswords.key), restart the gateway and dock it again)"
            case .recorder(let error): "\(error)"
            case .volume(let error): "\(error)"
            }
        }
    }
}
