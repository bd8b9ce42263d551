/// How finely each source of a clip time is written, seconds: part of every time's uncertainty.
public struct ReadingResolution: Sendable, Hashable {
    /// The file name carries whole seconds.
    public var fileName: Double
    /// creation_time: whole seconds in practice.
    public var container: Double
    /// FAT keeps modification times to 2 seconds.
    public var fileSystem: Double

    public init(fileName: Double = 1, container: Double = 1, fileSystem: Double = 2) {
        self.fileName = fileName
        self.container = container
        self.fileSystem = fileSystem
    }
}
