import Foundation
import DeviceKit

/// A recorder in USB mass-storage mode: a mounted folder, recognised by one of the profiles.
public struct RecorderVolume: Sendable {
    public let root: URL
    /// The profile that scored best (ties go to the earlier one in the registry).
    public let profile: VolumeProfile
    public let score: Double
    /// Every offered profile's score, by name: why this profile won.
    public let scores: [String: Double]
    /// Serial from the device-info file, else from the names when they all agree; nil when unknown.
    public let identity: DeviceIdentity
    /// The bureau's zone, in which name times and FAT times are read.
    public let zone: TimeZone
    public let fileSystemTime: FileSystemTime
    /// The mount the volume is on, when the mount table says.
    public let mount: MountEntry?

    /// - Parameters:
    ///   - zone: the zone the recorders' clocks are set in.
    ///   - volumeClockZone: the zone the file system driver reads FAT times in (kernel vfat `tz=`, the
    ///     fusefat process's TZ); UTC when nil.
    ///   - profiles: the profiles to choose from, in order; the built-in registry when nil.
    public init(
        root: URL, zone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!, volumeClockZone: TimeZone? = nil,
        profiles: [VolumeProfile]? = nil
    ) throws {
        try self.init(root: root, zone: zone, volumeClockZone: volumeClockZone, profiles: profiles,
                      mountTable: MountTable.current())
    }

    /// As above, with the mount table given (to test quirk detection without mounting anything).
    public init(
        root: URL, zone: TimeZone, volumeClockZone: TimeZone?, profiles: [VolumeProfile]?, mountTable: [MountEntry]
    ) throws {
        self.root = root.standardizedFileURL
        self.zone = zone
        let offered = try profiles ?? ProfileRegistry.builtin()
        guard !offered.isEmpty else {
            throw MassStorageError(code: .noProfile, path: root.path, message: "no profile to recognise the volume with")
        }
        let items = try VolumeWalker.walk(root: self.root)
        var best: (CompiledProfile, Double)? = nil
        var scores: [String: Double] = [:]
        for candidate in offered {
            let compiled = try CompiledProfile(candidate)
            let score = ProfileProbe.score(compiled, items: items)
            scores[candidate.name] = score
            if best == nil || score > best!.1 { best = (compiled, score) }
        }
        let (chosen, score) = best!
        self.profile = chosen.profile
        self.score = score
        self.scores = scores

        let realRoot = self.root.resolvingSymlinksInPath().path
        mount = MountTable.mount(containing: realRoot, in: mountTable)
        fileSystemTime = FileSystemTime(
            clockZone: volumeClockZone ?? TimeZone(identifier: "UTC")!, zone: zone,
            fusefatQuirk: mount?.fileSystemType == FusefatQuirk.fileSystemType)

        identity = try Self.identity(of: chosen, root: self.root, items: items)
    }

    /// Every recording, sorted by path.
    public func recordings() throws -> [Recording] {
        try entries().map(\.recording)
    }

    /// Every recording with the name facts `Recording` has no field for, sorted by path.
    public func entries() throws -> [VolumeEntry] {
        let compiled = try CompiledProfile(profile)
        let items = try VolumeWalker.walk(root: root)
        var entries: [VolumeEntry] = []
        for item in items where !item.isFolder {
            let fileName = String(item.path.split(separator: "/").last ?? Substring(item.path))
            guard let kind = profile.extensions.kind(ofFileName: fileName) else { continue }
            let facts = compiled.facts(forPath: item.path)
            let (modified, ambiguous) = fileSystemTime.reading(mtime: item.mtime, hint: facts?.start)
            let recording = Recording(
                path: item.path, size: item.size, kind: kind, modified: modified,
                nameStart: facts?.reading(raw: facts?.startRaw, local: facts?.start, zone: zone),
                deviceSerial: facts?.serial ?? identity.serial, officer: facts?.officer,
                sequence: facts?.sequence, locked: compiled.isLocked(path: item.path, facts: facts))
            entries.append(VolumeEntry(
                recording: recording, nameEnd: facts?.reading(raw: facts?.endRaw, local: facts?.end, zone: zone),
                camera: facts?.camera, address: facts?.address, channel: facts?.channel, type: facts?.type,
                modifiedAmbiguous: ambiguous))
        }
        return entries.sorted { $0.recording.path < $1.recording.path }
    }

    public func url(of recording: Recording) -> URL {
        root.appendingPathComponent(recording.path)
    }

    /// The device-info file's serial, or the one serial all names agree on. Two serials in the names, or
    /// a name serial that is not the info file's, mean the card holds another device's recordings: that
    /// is refused, listing them, rather than attributing those recordings to the wrong device.
    private static func identity(of compiled: CompiledProfile, root: URL, items: [VolumeItem]) throws -> DeviceIdentity {
        let info = try compiled.profile.deviceInfo.flatMap { try DeviceInfoFile.read(rule: $0, root: root, items: items) }
        var serials: [String: String] = [:]  // serial → first file naming it
        var officers: Set<String> = []
        for item in items where !item.isFolder && compiled.profile.extensions.kind(ofFileName: item.path) != nil {
            guard let facts = compiled.facts(forPath: item.path) else { continue }
            if let serial = facts.serial, serials[serial] == nil { serials[serial] = item.path }
            if let officer = facts.officer { officers.insert(officer) }
        }
        var named = serials.sorted { $0.key < $1.key }.map { "\($0.key) (e.g. \($0.value))" }
        if let infoSerial = info?.serial, let infoPath = info?.path, !serials.isEmpty,
           serials.keys.contains(where: { $0 != infoSerial }) {
            named.insert("\(infoSerial) (device-info file \(infoPath))", at: 0)
        }
        if named.count > 1 {
            throw MassStorageError(
                code: .conflictingSerials, path: root.path,
                message: "the volume names \(named.count) device serials: " + named.joined(separator: ", "))
        }
        return DeviceIdentity(
            serial: info?.serial ?? serials.keys.first, model: info?.model,
            officer: info?.officer ?? (officers.count == 1 ? officers.first : nil), profile: compiled.profile.name)
    }
}
