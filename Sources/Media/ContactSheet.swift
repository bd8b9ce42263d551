/// A contact sheet made by `ContactSheetMaker`: the JPEG and what went into it.
public struct ContactSheet: Sendable, Hashable, Codable {
    public var file: DerivedFile
    /// The JPEG's size.
    public var width: Int
    public var height: Int
    /// The grid actually used and the size of one thumbnail as displayed.
    public var columns: Int
    public var rows: Int
    public var tileWidth: Int
    public var tileHeight: Int
    /// When each thumbnail's picture is shown in the recording, in seconds from its start.
    public var tileTimes: [Double]
    /// Packets of the video stream flagged as key frames that were read (reading stops once every
    /// tile has its picture).
    public var keyFramesRead: Int
    /// Packets handed to the decoder: key frames only, one per tile (more only when one would not
    /// decode).
    public var packetsDecoded: Int
    /// Pictures that came out of the decoder.
    public var framesDecoded: Int

    enum CodingKeys: String, CodingKey {
        case file, width, height, columns, rows
        case tileWidth = "tile_width"
        case tileHeight = "tile_height"
        case tileTimes = "tile_times"
        case keyFramesRead = "key_frames_read"
        case packetsDecoded = "packets_decoded"
        case framesDecoded = "frames_decoded"
    }
}
