/// How a contact sheet is laid out and encoded.
public struct ContactSheetSettings: Sendable, Hashable {
    /// The largest grid: at most `columns` × `rows` thumbnails, fewer when the recording has fewer key
    /// frames.
    public var columns: Int
    public var rows: Int
    /// The longer side of a thumbnail in pixels (made even).
    public var tileSize: Int
    /// Black space between and around the thumbnails, in pixels (made even).
    public var gap: Int
    /// The JPEG quantiser scale, 2 (best) … 31 (smallest), as ffmpeg's `-q:v`.
    public var quality: Int

    public init(columns: Int = 4, rows: Int = 4, tileSize: Int = 320, gap: Int = 4, quality: Int = 3) {
        precondition(columns >= 1 && rows >= 1, "a grid of at least one tile")
        self.columns = columns
        self.rows = rows
        self.tileSize = max(2, tileSize / 2 * 2)
        self.gap = max(0, gap / 2 * 2)
        self.quality = min(max(quality, 2), 31)
    }

    /// The recipe of a sheet made with these settings on a `columns`×`rows` grid.
    func recipe(columns: Int, rows: Int, tileWidth: Int, tileHeight: Int) -> String {
        "contact_sheet key frames only \(columns)x\(rows) tiles \(tileWidth)x\(tileHeight) mjpeg q\(quality)"
    }
}
