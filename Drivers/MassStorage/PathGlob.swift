/// A path pattern for profiles: `/`-separated components, `*` for any run of characters inside one
/// component, `**` for any number of whole components. Case-insensitive, because FAT is and because
/// firmware writes `DCIM`, `Dcim` and `dcim` alike.
struct PathGlob: Sendable, Hashable {
    let components: [String]

    init(_ pattern: String) {
        components = pattern.split(separator: "/", omittingEmptySubsequences: true).map { $0.lowercased() }
    }

    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map { $0.lowercased() }
        return Self.match(components[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ parts: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return parts.isEmpty }
        if head == "**" {
            // Zero or more components: try every split point.
            var rest = parts
            while true {
                if match(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let part = parts.first, component(Array(head), Array(part)) else { return false }
        return match(pattern.dropFirst(), parts.dropFirst())
    }

    /// `*` wildcard match of one component, iterative with backtracking to the last star.
    private static func component(_ p: [Character], _ s: [Character]) -> Bool {
        var pi = 0, si = 0
        var star: Int? = nil, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] != "*", p[pi] == s[si] {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = si
                pi += 1
            } else if let star {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
