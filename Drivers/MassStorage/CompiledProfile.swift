import Foundation
import DeviceKit

/// A profile with its expressions compiled and checked: a bad profile file fails loudly when loaded,
/// not quietly when a recorder is docked.
struct CompiledProfile {
    struct Pattern {
        let expression: NSRegularExpression
        let source: VolumeProfile.NamePattern
        let groups: Set<String>
        let start: TimeFormat?
        let date: TimeFormat?
        let time: TimeFormat?
        let end: TimeFormat?
    }

    let profile: VolumeProfile
    let patterns: [Pattern]
    let lockName: NSRegularExpression?
    let lockFolders: Set<String>
    let markers: [(glob: PathGlob, bonus: Double)]
    let folders: [PathGlob]

    init(_ profile: VolumeProfile) throws {
        func invalid(_ message: String) -> MassStorageError {
            MassStorageError(code: .invalidProfile, path: nil, message: "profile \"\(profile.name)\": \(message)")
        }
        func format(_ text: String?, _ what: String) throws -> TimeFormat? {
            guard let text else { return nil }
            do { return try TimeFormat(text) } catch { throw invalid("\(what): \(error.message)") }
        }
        self.profile = profile
        guard !profile.name.isEmpty else { throw invalid("empty name") }
        patterns = try profile.names.map { source in
            let expression: NSRegularExpression
            do {
                expression = try NSRegularExpression(pattern: source.pattern, options: [.caseInsensitive])
            } catch {
                throw invalid("bad regular expression \(source.pattern)")
            }
            let groups = Self.groupNames(in: source.pattern)
            if let unknown = groups.subtracting(VolumeProfile.NamePattern.knownGroups).sorted().first {
                throw invalid("unknown group \"\(unknown)\" in \(source.pattern)")
            }
            let pattern = Pattern(
                expression: expression, source: source, groups: groups,
                start: try format(source.startFormat, "startFormat"), date: try format(source.dateFormat, "dateFormat"),
                time: try format(source.timeFormat, "timeFormat"), end: try format(source.endFormat, "endFormat"))
            let needs: [(String, TimeFormat?, String)] = [
                ("start", pattern.start, "startFormat"), ("date", pattern.date, "dateFormat"),
                ("time", pattern.time, "timeFormat"), ("endTime", pattern.time, "timeFormat"),
                ("end", pattern.end, "endFormat"),
            ]
            for (group, given, key) in needs where groups.contains(group) && given == nil {
                throw invalid("group \"\(group)\" needs \(key) in \(source.pattern)")
            }
            if groups.contains("date") != groups.contains("time") {
                throw invalid("groups \"date\" and \"time\" come together in \(source.pattern)")
            }
            if groups.contains("endTime") && !groups.contains("date") {
                throw invalid("group \"endTime\" needs \"date\" in \(source.pattern)")
            }
            return pattern
        }
        if let text = profile.lock?.namePattern {
            do {
                lockName = try NSRegularExpression(pattern: text, options: [.caseInsensitive])
            } catch {
                throw invalid("bad lock name pattern \(text)")
            }
        } else {
            lockName = nil
        }
        lockFolders = Set((profile.lock?.folders ?? []).map { $0.lowercased() })
        markers = profile.markers.map { (PathGlob($0.path), $0.bonus) }
        folders = profile.folders.map(PathGlob.init)
        if let info = profile.deviceInfo {
            for (key, text) in [("serial", info.serial), ("model", info.model), ("officer", info.officer)] {
                guard let text else { continue }
                guard (try? NSRegularExpression(pattern: text)) != nil, Self.groupNames(in: text).contains(key) else {
                    throw invalid("deviceInfo.\(key) must be a regular expression with a group named \(key)")
                }
            }
        }
    }

    /// The named groups `(?<name>…)` a pattern declares.
    static func groupNames(in pattern: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(pattern)
        while let open = rest.range(of: "(?<") {
            rest = rest[open.upperBound...]
            // `(?<=` and `(?<!` are look-behinds, not names.
            guard let close = rest.firstIndex(of: ">"), let first = rest.first, first != "=", first != "!" else { continue }
            names.insert(String(rest[..<close]))
            rest = rest[close...]
        }
        return names
    }

    /// The facts the first matching pattern gives, or nil when no pattern matches.
    func facts(forPath path: String) -> NameFacts? {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        for pattern in patterns {
            let subject = pattern.source.scope == .name ? fileName : path
            let whole = NSRange(subject.startIndex..., in: subject)
            guard let match = pattern.expression.firstMatch(in: subject, range: whole) else { continue }
            return facts(from: match, of: pattern, in: subject)
        }
        return nil
    }

    private func facts(from match: NSTextCheckingResult, of pattern: Pattern, in subject: String) -> NameFacts {
        func range(_ name: String) -> Range<String.Index>? {
            guard pattern.groups.contains(name) else { return nil }
            let ns = match.range(withName: name)
            guard ns.location != NSNotFound else { return nil }
            return Range(ns, in: subject)
        }
        func text(_ name: String) -> String? {
            guard let r = range(name), !r.isEmpty else { return nil }
            return String(subject[r])
        }
        /// From the first group's start to the last one's end: the fragment as it stands in the name.
        func span(_ a: Range<String.Index>, _ b: Range<String.Index>) -> String {
            String(subject[min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound)])
        }
        func valid(_ t: LocalTimestamp?) -> LocalTimestamp? { t.flatMap { $0.isValid ? $0 : nil } }

        var facts = NameFacts()
        var dateFields: [TimeFormat.Field: Int]? = nil
        if let r = range("start"), let format = pattern.start {
            facts.startRaw = String(subject[r])
            facts.start = valid(format.parse(subject[r]).flatMap(TimeFormat.timestamp))
        } else if let d = range("date"), let t = range("time"), let df = pattern.date, let tf = pattern.time {
            facts.startRaw = span(d, t)
            dateFields = df.parse(subject[d])
            if let dateFields, let timeFields = tf.parse(subject[t]) {
                facts.start = valid(TimeFormat.timestamp(dateFields.merging(timeFields) { a, _ in a }))
            }
        }
        if let r = range("end"), let format = pattern.end {
            facts.endRaw = String(subject[r])
            facts.end = valid(format.parse(subject[r]).flatMap(TimeFormat.timestamp))
        } else if let d = range("date"), let e = range("endTime"), let tf = pattern.time {
            facts.endRaw = span(d, e)
            if let dateFields, let timeFields = tf.parse(subject[e]),
               var end = valid(TimeFormat.timestamp(dateFields.merging(timeFields) { a, _ in a })) {
                // An export that runs past midnight names only the end's time: it is on the next day.
                if let start = facts.start, end < start { end = Self.nextDay(end) }
                facts.end = end
            }
        }
        facts.serial = text("serial")
        facts.officer = text("officer")
        facts.sequence = text("sequence").flatMap { Int($0) }
        facts.camera = text("camera")
        facts.channel = text("channel")
        facts.address = text("address")
        facts.type = text("type")
        facts.lockedByName = text("lock") != nil
        return facts
    }

    static func nextDay(_ t: LocalTimestamp) -> LocalTimestamp {
        let utc = TimeZone(identifier: "UTC")!
        guard let date = t.instant(in: utc) else { return t }
        return LocalTimestamp(date.addingTimeInterval(86_400), in: utc)
    }

    /// Locked by folder (a path component named like a lock folder) or by the name marker.
    func isLocked(path: String, facts: NameFacts?) -> Bool {
        if facts?.lockedByName == true { return true }
        let parts = path.split(separator: "/").map { $0.lowercased() }
        if parts.dropLast().contains(where: lockFolders.contains) { return true }
        if let lockName {
            let fileName = String(path.split(separator: "/").last ?? Substring(path))
            let whole = NSRange(fileName.startIndex..., in: fileName)
            return lockName.firstMatch(in: fileName, range: whole) != nil
        }
        return false
    }
}
