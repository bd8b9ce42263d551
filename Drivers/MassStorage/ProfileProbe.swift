/// Scores how well a profile fits a volume's tree, from 0 (not at all) to 1.
///
/// - names: 0.8 × the fraction of the volume's media files (by the profile's extensions) whose name matches
///   one of its patterns. A profile none of whose patterns matches scores 0 on a volume with media, whatever
///   its markers: a `DCIM` folder alone says little.
/// - markers: the bonus of each marker glob that matches a folder or file. On a volume with no media yet,
///   markers (and a device-info file) are all there is to go by.
/// - fallback profiles (the generic one) score their fixed `fallbackScore`, low but above 0, so they win
///   only when nothing else fits.
enum ProfileProbe {
    static let nameWeight = 0.8

    static func score(_ compiled: CompiledProfile, items: [VolumeItem]) -> Double {
        if let fallback = compiled.profile.fallbackScore { return fallback }
        let bonus = compiled.markers.reduce(0.0) { sum, marker in
            items.contains { marker.glob.matches($0.path) } ? sum + marker.bonus : sum
        }
        let media = items.filter { !$0.isFolder && compiled.profile.extensions.kind(ofFileName: $0.path) != nil }
        guard !media.isEmpty else { return min(1, bonus) }
        let matched = media.filter { compiled.facts(forPath: $0.path) != nil }.count
        guard matched > 0 else { return 0 }
        return min(1, nameWeight * Double(matched) / Double(media.count) + bonus)
    }
}
