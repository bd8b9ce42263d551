/// How far two times about a clip may differ before the difference is a finding.
public struct TimingTolerance: Sendable, Hashable, Codable {
    /// For any two times or durations (default 2 s: clocks set to the second, containers rounding).
    public var seconds: Double
    /// Added when one side is the file system's time: FAT keeps modification times to 2 s.
    public var fileSystemResolution: Double

    public init(seconds: Double = 2, fileSystemResolution: Double = 2) {
        self.seconds = seconds
        self.fileSystemResolution = fileSystemResolution
    }

    public static let standard = TimingTolerance()

    enum CodingKeys: String, CodingKey {
        case seconds
        case fileSystemResolution = "file_system_resolution"
    }
}
