import Offload

extension StoreVerification {
    /// The verification for people: each problem, each uncatalogued object, then the totals.
    public var lines: [String] {
        var lines: [String] = []
        for problem in problems {
            lines.append("\(problem.kind.rawValue.uppercased()) \(problem.path): \(problem.detail)")
        }
        for object in uncatalogued {
            lines.append("uncatalogued \(object.path): published by session \(object.session), which did not "
                + "complete; the next offload of its device catalogues it")
        }
        lines.append("\(checked) stored recordings checked, \(problems.count) problems"
            + (uncatalogued.isEmpty ? "" : ", \(uncatalogued.count) uncatalogued objects"))
        return lines
    }
}
