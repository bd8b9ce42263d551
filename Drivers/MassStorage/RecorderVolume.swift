import Foundation
import DeviceKit

/// A recorder in USB mass-storage mode: a mounted folder, recognised by one of the profiles.
///
/// The volume is walked once, when it is opened (`VolumeWalker`); the folder handles of that walk stay open
/// as long as this value (and copies of it) live, and every later read or delete of a file goes through
/// them (`file(at:)`).
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
    /// Everything found on the volume that is not a recording, each with its reason, sorted by path.
    public let skipped: [SkippedFile]
    private let listed: [VolumeEntry]
    private let files: [String: VolumeFile]

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
        let tree = try VolumeWalker.walk(root: self.root)
        let items = tree.items
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
        let fileSystemTime = FileSystemTime(
            clockZone: volumeClockZone ?? TimeZone(identifier: "UTC")!, zone: zone,
            fusefatQuirk: mount?.fileSystemType == FusefatQuirk.fileSystemType)
        self.fileSystemTime = fileSystemTime

        let standardRoot = self.root
        let info = try chosen.profile.deviceInfo.flatMap { try DeviceInfoFile.read(rule: $0, root: standardRoot, items: items) }
        var skipped = tree.skipped
        var entries: [VolumeEntry] = []
        var files: [String: VolumeFile] = [:]
        for item in items {
            guard let file = item.file else { continue }
            guard let kind = Self.kind(of: file, profile: chosen.profile, infoPath: info?.path, skipped: &skipped)
            else { continue }
            files[file.path] = file
            entries.append(Self.entry(item, kind: kind, compiled: chosen, fileSystemTime: fileSystemTime, zone: zone))
        }
        let identity = try Self.identity(of: chosen, root: self.root, entries: entries, info: info)
        self.identity = identity
        listed = entries.sorted { $0.recording.path < $1.recording.path }.map { entry in
            var entry = entry
            entry.recording.deviceSerial = entry.recording.deviceSerial ?? identity.serial
            return entry
        }
        self.files = files
        self.skipped = skipped.sorted { $0.path < $1.path }
    }

    /// Every recording, sorted by path.
    public func recordings() throws -> [Recording] {
        listed.map(\.recording)
    }

    /// Every recording with the name facts `Recording` has no field for, sorted by path.
    public func entries() throws -> [VolumeEntry] {
        listed
    }

    /// The file a recording was listed from: its folder handle, name bytes and identity.
    public func file(at path: String) -> VolumeFile? {
        files[path]
    }

    /// Where the recording is, for messages (its path escaped as the report shows it).
    public func url(of recording: Recording) -> URL {
        root.appendingPathComponent(recording.path)
    }

    /// Why a file is no recording, in words a keeper recognises. An empty file says so; an empty one without
    /// an extension in the root is, on a fusefat mount, the FAT volume label, which fusefat shows as a file.
    static func notARecordingDetail(_ file: VolumeFile, _ fileName: String) -> String {
        guard file.size == 0 else { return "neither its name nor its content shows a recording" }
        let labelLike = !file.path.contains("/") && !fileName.contains(".")
        return "an empty file (0 bytes)" + (labelLike ? "; fusefat shows the FAT volume label as one such file in the root" : "")
    }

    /// The kind a file is offloaded as: its extension's, when the profile lists it; else what its content
    /// shows, for a recording in a format the profile did not expect; else, for a name in a format recorders
    /// write (`Extensions.standard`) whose bytes tell nothing (a damaged recording), what its name says. Nil
    /// (and an entry in `skipped`) for the device-info file and for other files whose content is no media.
    private static func kind(
        of file: VolumeFile, profile: VolumeProfile, infoPath: String?, skipped: inout [SkippedFile]
    ) -> RecordingKind? {
        let fileName = String(file.path.split(separator: "/").last ?? Substring(file.path))
        if let kind = profile.extensions.kind(ofFileName: fileName) { return kind }
        if file.path == infoPath {
            skipped.append(SkippedFile(path: file.path, reason: .deviceInfo, detail: "the device's information file, read for its identity"))
            return nil
        }
        do {
            if let kind = try file.sniffedKind() { return kind }
            // Named like a recording in a format recorders write, but its bytes tell nothing: a damaged
            // recording is still evidence, so it goes to the store as what its name says.
            if let kind = VolumeProfile.Extensions.standard.kind(ofFileName: fileName) { return kind }
            skipped.append(SkippedFile(path: file.path, reason: .notARecording, detail: notARecordingDetail(file, fileName)))
        } catch {
            switch error {
            case .system(let call, let e):
                skipped.append(SkippedFile(path: file.path, reason: .unreadable,
                                           detail: "cannot read it to tell what it holds (\(call): \(String(cString: strerror(e))))"))
            case .notRegular(let what):
                skipped.append(SkippedFile(path: file.path, reason: .notARegularFile, detail: "it became \(what); never read"))
            case .replaced:
                skipped.append(SkippedFile(path: file.path, reason: .unreadable,
                                           detail: "another file took its name while the volume was listed"))
            }
        }
        return nil
    }

    private static func entry(
        _ item: VolumeItem, kind: RecordingKind, compiled: CompiledProfile, fileSystemTime: FileSystemTime, zone: TimeZone
    ) -> VolumeEntry {
        let facts = compiled.facts(forPath: item.path)
        let (modified, ambiguous) = fileSystemTime.reading(mtime: item.mtime, hint: facts?.start)
        let recording = Recording(
            path: item.path, size: item.size, kind: kind, modified: modified,
            nameStart: facts?.reading(raw: facts?.startRaw, local: facts?.start, zone: zone),
            deviceSerial: facts?.serial, officer: facts?.officer,
            sequence: facts?.sequence, locked: compiled.isLocked(path: item.path, facts: facts))
        return VolumeEntry(
            recording: recording, nameEnd: facts?.reading(raw: facts?.endRaw, local: facts?.end, zone: zone),
            camera: facts?.camera, address: facts?.address, channel: facts?.channel, type: facts?.type,
            modifiedAmbiguous: ambiguous)
    }

    /// The device-info file's serial, or the one serial all names agree on. Two serials in the names, or
    /// a name serial that is not the info file's, mean the card holds another device's recordings: that
    /// is refused, listing them, rather than attributing those recordings to the wrong device.
    private static func identity(
        of compiled: CompiledProfile, root: URL, entries: [VolumeEntry], info: DeviceInfoFile?
    ) throws -> DeviceIdentity {
        var serials: [String: String] = [:]  // serial → first file naming it
        var officers: Set<String> = []
        for entry in entries {
            if let serial = entry.recording.deviceSerial, serials[serial] == nil { serials[serial] = entry.recording.path }
            if let officer = entry.recording.officer { officers.insert(officer) }
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
