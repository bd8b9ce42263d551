import Foundation
import DeviceKit

/// Lays out a realistic recorder volume for one naming scheme: generated media under the scheme's folders
/// and names, FAT times at the end of each recording, some recordings locked, a device-info file where
/// the scheme has one, and the clutter operating systems leave on cards (which a driver must skip).
/// Returns what it wrote with the facts a driver should read, for tests to compare against.
public struct RecorderVolumeBuilder: Sendable {
    public var scheme: NamingScheme
    public var serial: String
    public var officer: String
    /// The first recording's start (device local time).
    public var start: LocalTimestamp
    public var count: Int
    /// Length of each generated clip and of the recording it stands for.
    public var clipSeconds: Double = 2
    /// Seconds from one recording's start to the next's.
    public var spacing: Int = 600
    /// Kinds, cycled over the recordings (NVR exports are always video).
    public var kinds: [RecordingKind] = [.video]
    /// Indices of the recordings that are locked (not for NVR exports, which have no lock).
    public var locked: Set<Int> = [1]
    /// Write the scheme's device-info file (with the serial), where it has one.
    public var deviceInfoFile = true
    /// Add `System Volume Information`, `.Trashes`, `._` files and a hidden file, all holding media.
    public var clutter = true
    /// NVR exports: camera address and channel.
    public var address = "192.168.1.11"
    public var channel = 2

    public init(scheme: NamingScheme, serial: String = "A001234", officer: String = "310045",
                start: LocalTimestamp, count: Int) {
        self.scheme = scheme
        self.serial = serial
        self.officer = officer
        self.start = start
        self.count = count
    }

    /// Fills a FAT image.
    public func build(into image: FATImage) throws -> [ExpectedRecording] {
        try build { source, data, path, time in
            if let source { return try image.copy(source, to: path, modified: time) }
            return try image.write(data ?? Data(), to: path, modified: time)
        }
    }

    /// Fills a plain folder, each file's mtime the FAT wall clock read as UTC (as vfat with `tz=UTC` shows it).
    public func build(intoFolder folder: URL) throws -> [ExpectedRecording] {
        try build { source, data, path, time in
            let target = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: target)
            if let source { try FileManager.default.copyItem(at: source, to: target) } else { try (data ?? Data()).write(to: target) }
            let stored = FATImage.fatRounded(time)
            try FileManager.default.setAttributes(
                [.modificationDate: stored.instant(in: TimeZone(identifier: "UTC")!)!], ofItemAtPath: target.path)
            return stored
        }
    }

    /// The text of the device-info file.
    public var deviceInfoText: String { "MODEL=DSJ-TEST\r\nSN=\(serial)\r\nUSERNO=\(officer)\r\n" }

    private typealias Put = (_ source: URL?, _ data: Data?, _ path: String, _ time: LocalTimestamp) throws -> LocalTimestamp

    private func build(_ put: Put) throws -> [ExpectedRecording] {
        let clock = start.adding(seconds: -3600)  // folders and side files predate the recordings
        if deviceInfoFile, let path = scheme.deviceInfoPath {
            _ = try put(nil, Data(deviceInfoText.utf8), path, clock)
        }
        var expected: [ExpectedRecording] = []
        for index in 0..<count {
            let kind = scheme == .nvrExport ? .video : kinds[index % kinds.count]
            let isLocked = scheme != .nvrExport && locked.contains(index)
            let begin = start.adding(seconds: index * spacing)
            let duration = kind == .photo ? 0 : Int(clipSeconds.rounded(.up))
            let end = begin.adding(seconds: duration)
            let source = try ClipFactory.recording(kind, seconds: clipSeconds, label: "\(scheme.rawValue)-\(serial)-\(index)")
            let layout = name(index: index, kind: kind, begin: begin, end: end, locked: isLocked)
            let stored = try put(source, nil, layout.path, end)
            let size = (try FileManager.default.attributesOfItem(atPath: source.path)[.size] as? NSNumber)?.int64Value ?? -1
            let infoSerial = deviceInfoFile && scheme.deviceInfoPath != nil ? serial : nil
            expected.append(ExpectedRecording(
                path: layout.path, kind: kind, source: source, size: size, nameStart: begin, nameStartRaw: layout.raw,
                nameEnd: scheme == .nvrExport ? end : nil, fatTime: stored,
                serial: scheme == .dateTimeSerialSequence ? serial : infoSerial,
                officer: scheme == .officerDateTime ? officer : nil,
                sequence: scheme == .dateTimeSerialSequence ? index + 1 : nil,
                camera: scheme == .perDayCameraType ? "1" : nil,
                address: scheme == .nvrExport ? address : nil, channel: scheme == .nvrExport ? String(channel) : nil,
                locked: isLocked))
        }
        if clutter, let first = expected.first {
            let folder = first.path.split(separator: "/").dropLast().joined(separator: "/")
            _ = try put(first.source, nil, "System Volume Information/ghost.mp4", clock)
            _ = try put(nil, Data("{}".utf8), "System Volume Information/IndexerVolumeGuid", clock)
            _ = try put(first.source, nil, ".Trashes/501/deleted.mp4", clock)
            _ = try put(nil, Data(count: 4096), folder + "/._" + first.path.split(separator: "/").last!, clock)
            _ = try put(first.source, nil, folder + "/.hidden.mp4", clock)
        }
        return expected.sorted { $0.path < $1.path }
    }

    private func name(index: Int, kind: RecordingKind, begin: LocalTimestamp, end: LocalTimestamp, locked: Bool)
        -> (path: String, raw: String)
    {
        switch scheme {
        case .dateTimeSerialSequence:
            let ext = ["video": "MP4", "audio": "WAV", "photo": "JPG"][kind.rawValue]!
            let seq = String(format: "%04d", index + 1)
            let raw = begin.formatted("yyyyMMdd_HHmmss")
            return ("DCIM/100MEDIA/\(locked ? "LOCK/" : "")\(raw)_\(serial)_\(seq).\(ext)", raw)
        case .officerDateTime:
            let ext = ["video": "mp4", "audio": "wav", "photo": "jpg"][kind.rawValue]!
            let raw = begin.formatted("yyyyMMddHHmmss")
            return ("RECORD/\(officer)_\(raw)\(locked ? "_IMP" : "").\(ext)", raw)
        case .perDayCameraType:
            // 8.3 names in upper case, as recorder firmware writes them (and as fusefat shows any 8.3 name).
            let ext = ["video": "MP4", "audio": "WAV", "photo": "JPG"][kind.rawValue]!
            let day = begin.formatted("yyyyMMdd")
            let file = "1\(locked ? "E" : "M")\(begin.formatted("HHmmss"))"
            return ("DCIM/\(day)/\(file).\(ext)", "\(day)/\(file)")
        case .nvrExport:
            let raw = begin.formatted("yyyyMMdd-HHmmss")
            return ("EXPORT/\(raw)-\(end.formatted("HHmmss"))_\(address)-CH\(channel).mp4", raw)
        }
    }
}
