import AmbarellaDriver
import DeviceKit
import HubDriver
import MassStorageDriver
import PTPDriver

/// Every driver recgate has, listed by hand (as FFmpeg lists its demuxers in allformats.c): adding a
/// driver is adding a line here, and nothing is loaded at run time.
public enum BuiltInDrivers {
    /// In registry order. Scores decide a match; the order only orders the names of a tie.
    public static let all: [any DeviceDriver] = [
        AmbarellaFamily(),
        PTPFamily(),
        MassStorageFamily(),
        HubFamily(),
    ]

    public static let registry = DriverRegistry(all)
}
