/// A small 8-bit 4:2:0 picture (full-range yuv420p, as JPEG has it) held in Swift arrays: a contact sheet's tile between the
/// scaler and the sheet. Width and height are even.
struct Thumbnail: Sendable {
    private(set) var width: Int
    private(set) var height: Int
    /// Luma, then the two chroma planes at half width and height; rows packed, no padding.
    private(set) var planes: [[UInt8]]

    /// The planes of `frame`, which must be yuv420p (or yuvj420p) with even sides.
    init(copying frame: borrowing Frame) {
        width = frame.width
        height = frame.height
        planes = []
        for plane in 0..<3 {
            let (w, h) = Self.size(of: plane, width: width, height: height)
            var bytes = [UInt8](repeating: 0, count: w * h)
            frame.withUnsafePlane(plane) { data, lineSize in
                guard let data else { return }
                bytes.withUnsafeMutableBytes { target in
                    for row in 0..<h {
                        target.baseAddress!.advanced(by: row * w).copyMemory(from: data + row * lineSize, byteCount: w)
                    }
                }
            }
            planes.append(bytes)
        }
    }

    /// The size of `plane` of a `width`×`height` 4:2:0 picture.
    static func size(of plane: Int, width: Int, height: Int) -> (Int, Int) {
        plane == 0 ? (width, height) : (width / 2, height / 2)
    }

    /// The picture turned `quarterTurns` quarter turns clockwise.
    func rotated(clockwise quarterTurns: Int) -> Thumbnail {
        let turns = ((quarterTurns % 4) + 4) % 4
        guard turns != 0 else { return self }
        var result = self
        if turns % 2 == 1 { swap(&result.width, &result.height) }
        for plane in 0..<3 {
            let (w, h) = Self.size(of: plane, width: width, height: height)
            let source = planes[plane]
            var target = [UInt8](repeating: 0, count: w * h)
            // (x, y) in the source lands at (tx, ty) in a target `tw` wide.
            let tw = turns % 2 == 1 ? h : w
            for y in 0..<h {
                for x in 0..<w {
                    let (tx, ty): (Int, Int)
                    switch turns {
                    case 1: (tx, ty) = (h - 1 - y, x)
                    case 2: (tx, ty) = (w - 1 - x, h - 1 - y)
                    default: (tx, ty) = (y, w - 1 - x)
                    }
                    target[ty * tw + tx] = source[y * w + x]
                }
            }
            result.planes[plane] = target
        }
        return result
    }

    /// Copies the picture into `frame` (yuv420p, large enough) with its top-left corner at (`x`, `y`),
    /// both even.
    func draw(into frame: inout Frame, x: Int, y: Int) {
        for plane in 0..<3 {
            let (w, h) = Self.size(of: plane, width: width, height: height)
            let (px, py) = plane == 0 ? (x, y) : (x / 2, y / 2)
            planes[plane].withUnsafeBytes { source in
                frame.withUnsafeMutablePlane(plane) { data, lineSize in
                    guard let data else { return }
                    for row in 0..<h {
                        (data + (py + row) * lineSize + px).copyMemory(from: source.baseAddress! + row * w, byteCount: w)
                    }
                }
            }
        }
    }
}
