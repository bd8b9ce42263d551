import CLibUSB

/// Facts about the libusb-1.0 this binary runs with.
public enum USBLibrary {
    /// libusb's version as `major.minor.micro`.
    public static var version: String { String(cString: recgate_libusb_version_string()) }
}
