/// A horizontal bar chart as inline SVG: one row (`g.row[data-name]`) per name, a pale bar for the
/// whole (`.total`) and a dark one for the part (`.part`, e.g. steps with findings), scaled to the
/// largest whole. Long names are shortened on the chart (the full name is its tooltip).
struct BarChart {
    struct Row {
        var name: String
        var total: Int
        var part: Int?
    }

    static let width = 760.0
    static let row = 26.0
    static let labelWidth = 170.0

    let id: String
    let rows: [Row]
    let totalLabel: String
    let partLabel: String?

    func svg() -> String {
        guard !rows.isEmpty else { return "" }
        let height = Self.row * Double(rows.count) + 24
        let largest = Double(max(1, rows.map { max($0.total, $0.part ?? 0) }.max() ?? 1))
        let plot = Self.width - Self.labelWidth - 60
        var svg = "<figure class=\"chart\"><svg id=\"\(id)\" class=\"bar-chart\" viewBox=\"0 0 \(SVG.n(Self.width)) \(SVG.n(height))\" "
            + "role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (i, row) in rows.enumerated() {
            let y = Double(i) * Self.row
            let short = row.name.count > 14 ? String(row.name.prefix(13)) + "…" : row.name
            svg += "<g class=\"row\" data-name=\"\(HTML.escape(row.name))\" data-total=\"\(row.total)\""
                + (row.part.map { " data-part=\"\($0)\"" } ?? "") + "><title>\(HTML.escape(row.name))</title>"
                + "<text class=\"label\" x=\"\(SVG.n(Self.labelWidth - 8))\" y=\"\(SVG.n(y + 17))\" text-anchor=\"end\">\(HTML.escape(short))</text>"
                + "<rect class=\"total\" x=\"\(SVG.n(Self.labelWidth))\" y=\"\(SVG.n(y + 4))\" "
                + "width=\"\(SVG.n(plot * Double(row.total) / largest))\" height=\"\(SVG.n(Self.row - 8))\"/>"
            if let part = row.part {
                svg += "<rect class=\"part\" x=\"\(SVG.n(Self.labelWidth))\" y=\"\(SVG.n(y + 4))\" "
                    + "width=\"\(SVG.n(plot * Double(part) / largest))\" height=\"\(SVG.n(Self.row - 8))\"/>"
            }
            let text = row.part.map { "\($0)/\(row.total)" } ?? "\(row.total)"
            svg += "<text class=\"value\" x=\"\(SVG.n(Self.labelWidth + plot * Double(row.total) / largest + 6))\" y=\"\(SVG.n(y + 17))\">"
                + "\(text)</text></g>\n"
        }
        let legendY = height - 6
        svg += "<rect class=\"total\" x=\"\(SVG.n(Self.labelWidth))\" y=\"\(SVG.n(legendY - 10))\" width=\"12\" height=\"10\"/>"
            + "<text class=\"legend\" x=\"\(SVG.n(Self.labelWidth + 16))\" y=\"\(SVG.n(legendY))\">\(HTML.escape(totalLabel))</text>"
        if let partLabel {
            svg += "<rect class=\"part\" x=\"\(SVG.n(Self.labelWidth + 180))\" y=\"\(SVG.n(legendY - 10))\" width=\"12\" height=\"10\"/>"
                + "<text class=\"legend\" x=\"\(SVG.n(Self.labelWidth + 196))\" y=\"\(SVG.n(legendY))\">\(HTML.escape(partLabel))</text>"
        }
        return svg + "\n</svg></figure>\n"
    }
}
