import Evidence
import Foundation

/// The recordings of a bureau's body recorders over a span of days, generated from a seed, as the
/// `cases` benchmark loads them into a catalog.
///
/// - 490 body recorders and 10 fixed interview-room cameras; 500 officers.
/// - Each officer works five days a week (two days off, different per officer), checks a recorder out
///   at 07:30–08:00 (usually their own, one time in ten or when theirs is taken another from the
///   pool) and docks it at 17:45–18:30: one custody period and one offload session per working day.
/// - During the shift the recorder makes recordings of 5 minutes to 2 hours with 10–80 minute gaps,
///   each cut into back-to-back segments of the device's segment length (10, 15, 20 or 30 minutes):
///   about 20 clips per recorder and day. Sequence numbers run on per device; 0.3 % of the files are
///   missing from the catalog (a hole in the numbers), 5 % are locked, 0.2 % are truncated, and 0.1 %
///   have a file name an hour off (the sources disagree).
/// - Clocks: each recorder drifts at up to ±1.5 s/day from an initial offset of up to ±20 s; the
///   dock reads it every evening and sets it once a week. One recorder in a hundred has its clock
///   reset to 2000-01-01 on one day (battery pulled), found and set at that evening's dock.
/// - Interview-room cameras record 08:00–18:00 on weekdays in 30-minute segments; their clocks are
///   read (never set) from the recorder's log every evening.
///
/// Days are generated one after another until the catalog holds the number of clips asked for, each
/// day from its own seeded generator: the 100,000-clip catalog is the first days of the 1,000,000-clip
/// one.
struct CaseWorld {
    static let bodyRecorders = 490
    static let fixedCameras = 10
    static let officerCount = 500
    /// This world's sizes (the statics above unless given: `seed-clips --devices`).
    let recorderCount: Int
    let cameraCount: Int
    static let segmentLengths: [Double] = [600, 900, 1200, 1800]

    struct Device {
        let id: String
        let serial: String
        let fixed: Bool
        /// Seconds per segment.
        let segment: Double
        /// The device writes its officer's badge number into its file names.
        let writesOfficer: Bool
        /// Clock drift, seconds per day.
        let drift: Double
        /// The evening docks where (day + setPhase) % 7 == 0 set the clock.
        let setPhase: Int
        /// The day its clock is reset to the default date, if any.
        let resetDay: Int?
        var offsetAtSet: Double
        var lastSet: Double
        var resetAt: Double?
        var sequence = 0

        /// What the device's clock shows at true time `t`, as the instant that reading names in the zone
        /// (how the catalog keeps device times).
        func deviceTime(_ t: Double) -> Double {
            if let resetAt, t >= resetAt { return CaseWorld.defaultDate + (t - resetAt) }
            return t + offsetAtSet + drift * (t - lastSet) / 86_400
        }
    }

    /// One recording (its segments back to back), in true time.
    struct Recording {
        var device: Int32
        /// -1 for an interview-room camera.
        var officer: Int32
        var day: Int32
        var start: Double
        var end: Double
    }

    /// Who carried which recorder on a day, in true time.
    struct Shift {
        var officer: Int32
        var device: Int32
        var day: Int32
        var from: Double
        var to: Double
    }

    struct Counts: Codable {
        var clips = 0
        var sessions = 0
        var custody = 0
        var observations = 0
        var missingFiles = 0
        var locked = 0
        var truncated = 0
        var disagreeing = 0
        var resets = 0
    }

    /// 2000-01-01T00:00 in the zone: where a reset recorder's clock starts again.
    static let defaultDate = Double(WallClock.days(year: 2000, month: 1, day: 1) * 86_400 - WallClock.zoneOffset)

    let seed: UInt64
    private(set) var devices: [Device]
    let officers: [String]
    private(set) var recordings: [Recording] = []
    private(set) var shifts: [Shift] = []
    /// Days begun; the last one may be cut short when the clip count is reached.
    private(set) var days = 0
    /// Days generated whole.
    private(set) var fullDays = 0
    private(set) var counts = Counts()

    init(seed: UInt64, recorders: Int = CaseWorld.bodyRecorders, cameras: Int = CaseWorld.fixedCameras,
         officers officerCount: Int = CaseWorld.officerCount) {
        self.seed = seed
        recorderCount = recorders
        cameraCount = cameras
        var random = SeededRandom(seed: seed, stream: 0, index: 0)
        var devices: [Device] = []
        for i in 0..<(recorders + cameras) {
            let fixed = i >= recorders
            let serial = fixed ? "ROOM\(WallClock.pad(Int64(i - recorders + 1), 2))" : "DSJ\(WallClock.pad(Int64(20_000 + i), 6))"
            let resetDay: Int? = !fixed && random.chance(0.01) ? random.int(1...120) : nil
            devices.append(Device(
                id: random.uuid(), serial: serial, fixed: fixed, segment: fixed ? 1800 : random.pick(Self.segmentLengths),
                writesOfficer: !fixed && random.chance(0.7), drift: fixed ? random.uniform(-0.3, 0.3) : random.uniform(-1.5, 1.5),
                setPhase: random.int(0...6), resetDay: resetDay, offsetAtSet: fixed ? random.uniform(-5, 5) : random.uniform(-20, 20),
                lastSet: WallClock.midnight(day: 0), resetAt: nil))
        }
        self.devices = devices
        officers = (0..<officerCount).map { "31\(WallClock.pad(Int64($0 + 1), 4))" }
    }

    /// Officer `officer` works on `day` (two days off a week, which ones depends on the officer).
    static func works(_ officer: Int, day: Int) -> Bool {
        let weekday = (day + officer) % 7
        return weekday != 0 && weekday != 3
    }

    static func isWeekday(_ day: Int) -> Bool { day % 7 < 5 }

    /// A clip to store, before it is written.
    private struct Segment {
        var start: Double
        var end: Double
        var sequence: Int
    }

    /// Generates days until `target` clips are written to `loader`.
    mutating func generate(clips target: Int, into loader: CatalogLoader) throws {
        for device in devices { try loader.device(device, firstSeen: Date(timeIntervalSince1970: WallClock.midnight(day: 0))) }
        while counts.clips < target {
            let complete = try generateDay(days, target: target, loader: loader)
            days += 1
            if complete { fullDays = days }
        }
    }

    /// One day; false when the clip count was reached before its end.
    private mutating func generateDay(_ day: Int, target: Int, loader: CatalogLoader) throws -> Bool {
        var random = SeededRandom(seed: seed, stream: 1, index: day)
        let midnight = WallClock.midnight(day: day)

        // Who carries what.
        var taken = [Bool](repeating: false, count: recorderCount)
        var pointer = random.int(0...(recorderCount - 1))
        var todays: [Shift] = []
        for officer in 0..<officers.count where Self.works(officer, day: day) {
            var device = officer % recorderCount
            if taken[device] || random.chance(0.1) {
                while taken[pointer] { pointer = (pointer + 1) % recorderCount }
                device = pointer
            }
            taken[device] = true
            let from = (midnight + 7.5 * 3600 + random.uniform(0, 1800)).rounded(.down)
            let to = (midnight + 17.75 * 3600 + random.uniform(0, 2700)).rounded(.down)
            todays.append(Shift(officer: Int32(officer), device: Int32(device), day: Int32(day), from: from, to: to))
            try loader.custody(id: random.uuid(), officer: officers[officer], device: devices[device].serial,
                               from: Int64(from), to: Int64(to))
            counts.custody += 1
        }
        shifts += todays

        for shift in todays {
            let index = Int(shift.device)
            if devices[index].resetDay == day {
                devices[index].resetAt = shift.from + random.uniform(2 * 3600, 6 * 3600)
                counts.resets += 1
            }
            var recordings: [Recording] = []
            var cursor = shift.from + random.uniform(600, 3600)
            while true {
                let length = min(7200, 300 + -log(1 - random.unit()) * 2100)
                guard cursor + length <= shift.to - 600 else { break }
                recordings.append(Recording(device: shift.device, officer: shift.officer, day: Int32(day), start: cursor, end: cursor + length))
                cursor += length + random.uniform(600, 4800)
            }
            let dock = ((shift.to + random.uniform(30, 300)) * 1000).rounded() / 1000  // the catalog keeps milliseconds
            guard try offload(device: index, officer: officers[Int(shift.officer)], recordings: recordings, dock: dock,
                              target: target, loader: loader, random: &random) else { return false }
            try readClock(device: index, at: dock + 60, source: "dock", set: (day + devices[index].setPhase) % 7 == 0,
                          loader: loader, random: &random)
        }

        if Self.isWeekday(day) {
            for index in recorderCount..<devices.count {
                let start = midnight + 8 * 3600 + random.uniform(0, 60)
                let recording = Recording(device: Int32(index), officer: -1, day: Int32(day), start: start, end: midnight + 18 * 3600)
                let export = ((midnight + 18 * 3600 + 600 + random.uniform(0, 60)) * 1000).rounded() / 1000
                guard try offload(device: index, officer: nil, recordings: [recording], dock: export, target: target,
                                  loader: loader, random: &random) else { return false }
                try readClock(device: index, at: export, source: "import", set: false, loader: loader, random: &random)
            }
        }
        return true
    }

    /// Stores a device's recordings of the day as one offload session at `dock`; false when the clip
    /// count was reached (recordings not stored whole are not kept for cases).
    private mutating func offload(device index: Int, officer: String?, recordings: [Recording], dock: Double, target: Int,
                                  loader: CatalogLoader, random: inout SeededRandom) throws -> Bool {
        var segments: [Segment] = []
        var lastSegment: [Int] = []  // per recording, the index after its last segment
        for recording in recordings {
            var t = recording.start
            while t < recording.end - 1 {
                let end = min(t + devices[index].segment, recording.end)
                devices[index].sequence += 1
                if random.chance(0.003) {
                    counts.missingFiles += 1  // recorded, but the file never reached the catalog
                } else {
                    segments.append(Segment(start: t, end: end, sequence: devices[index].sequence))
                }
                t = end + (random.chance(0.5) ? 0 : 1)
            }
            lastSegment.append(segments.count)
        }
        let stored = min(segments.count, target - counts.clips)
        for (recording, last) in zip(recordings, lastSegment) where last <= stored {
            self.recordings.append(recording)
        }
        guard stored > 0 || segments.isEmpty else { return false }

        let device = devices[index]
        let session = random.uuid()
        let started = Date(timeIntervalSince1970: dock)
        try loader.session(id: session, deviceID: device.id,
                           volume: device.fixed ? "/exports/\(device.serial)" : "/media/\(device.serial)",
                           actor: device.fixed ? "import" : "dock:\(index % 24 + 1)", started: started,
                           ended: started.addingTimeInterval(Double(stored) * 2 + 30), stored: stored)
        counts.sessions += 1
        for (i, segment) in segments.prefix(stored).enumerated() {
            let deviceStart = device.deviceTime(segment.start), deviceEnd = device.deviceTime(segment.end)
            var nameStart = Date(timeIntervalSince1970: deviceStart.rounded(.down))
            if random.chance(0.001) {
                nameStart.addTimeInterval(random.chance(0.5) ? 3600 : -3600)
                counts.disagreeing += 1
            }
            // FAT keeps even seconds; the recorder stamps the end.
            let fileTime = Date(timeIntervalSince1970: (deviceEnd / 2).rounded(.down) * 2)
            let duration = segment.end - segment.start
            let locked = random.chance(0.05)
            let truncated = random.chance(0.002)
            counts.locked += locked ? 1 : 0
            counts.truncated += truncated ? 1 : 0
            let name = "\(device.serial)_\(WallClock.reading(nameStart, .compact))_\(device.writesOfficer ? officer ?? "000000" : "000000")_"
                + WallClock.pad(Int64(segment.sequence), 4) + ".MP4"
            let sha256 = random.digest()
            let stored = started.addingTimeInterval(Double(i) * 2 + 5)
            let clip = ClipRow(
                id: random.uuid(), sha256: sha256, sm3: nil, size: Int64(duration * 1_250_000), kind: "video",
                storePath: "/store/objects/sha256/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)",
                status: .verified, deviceID: device.id, sessionID: session, sourcePath: "DCIM/100MEDIA/\(name)", sourceName: name,
                fsMtimeRaw: WallClock.reading(fileTime, .spaced), fsMtime: fileTime,
                nameStartRaw: WallClock.reading(nameStart, .compact), nameStart: nameStart, timeZone: WallClock.zone,
                serialFromName: device.fixed ? nil : device.serial, officer: device.writesOfficer ? officer : nil,
                sequence: segment.sequence, locked: locked, createdAt: stored, verifiedAt: stored.addingTimeInterval(1))
            // Recorders write their wall-clock time into creation_time, which ISO BMFF calls UTC.
            let media = ClipMediaRow(
                id: random.uuid(), clipID: clip.id, prober: "recgate-probe/1", probedAt: stored,
                format: "mov,mp4,m4a,3gp,3g2,mj2", duration: truncated ? duration * random.uniform(0.2, 0.9) : duration,
                integrity: truncated ? "truncated" : "ok",
                creationTime: Date(timeIntervalSince1970: deviceStart.rounded(.down) + Double(WallClock.zoneOffset)),
                facts: Self.facts)
            try loader.clip(clip, media: media, deviceSerial: device.serial)
            counts.clips += 1
        }
        return stored == segments.count
    }

    /// A clock reading at true time `at`; a set restarts the offset near zero.
    private mutating func readClock(device index: Int, at: Double, source: String, set: Bool, loader: CatalogLoader,
                                    random: inout SeededRandom) throws {
        let device = devices[index]
        let shown = Date(timeIntervalSince1970: device.deviceTime(at).rounded(.down))
        let reset = device.resetAt != nil
        try loader.observation(id: random.uuid(), device: device.serial, deviceTime: WallClock.reading(shown, .local), gateway: at,
                               source: source, clockSet: set || reset)
        counts.observations += 1
        if set || reset {
            devices[index].offsetAtSet = random.uniform(-0.5, 0.5)
            devices[index].lastSet = at
            devices[index].resetAt = nil
        }
    }

    /// A probe report of the usual size (the catalog keeps it; the checker never reads it).
    static let facts = """
        {"format":"mov,mp4,m4a,3gp,3g2,mj2","streams":[{"type":"video","codec":"h264","profile":"High","width":1920,\
        "height":1080,"frame_rate":"30/1","pixel_format":"yuv420p"},{"type":"audio","codec":"aac","sample_rate":48000,\
        "channels":1}],"integrity":{"status":"ok","checks":["moov","stco","stsz","h264_slices"]}}
        """
}
