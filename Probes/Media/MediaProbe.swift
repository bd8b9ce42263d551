import DeviceKit
import Foundation
import Media

#if canImport(Glibc)
import Glibc
#endif

/// Media facts and integrity of one recording: container, streams, tags, rotation, packet times,
/// a structural check of the container, timing findings, and with `deep` a decode of every frame.
public enum MediaProbe {
    /// The format-specific structure checks, tried in order; the first that recognises the file decides.
    static var structureChecks: [any StructureCheck.Type] { [MP4Check.self, RIFFCheck.self, JPEGCheck.self] }

    /// Probes the file at `path`.
    ///
    /// A file that is not whole media (empty, garbage, cut short, undecodable) is not an error: its
    /// facts say so in `integrity`, `integrityNotes` and `error`. Only a file that cannot be read at
    /// all (missing, not a regular file, unreadable) throws.
    ///
    /// - Parameters:
    ///   - deep: decode every frame of every audio and video stream and count decode errors, rather
    ///     than reading packets only.
    ///   - nameStart: the start the device wrote into the file name, read by the caller in the
    ///     device's zone (the offload knows it); compared with the container's creation_time and,
    ///     plus the duration, with the file's modification time.
    ///   - tolerance: how far times may differ before it is a timing finding.
    ///   - fileTime: the file system time to compare with, when it is not this file's own: a stored
    ///     copy is probed with the time its recorder's volume gave the original.
    ///   - zone: the device's zone, to tell a creation_time in local digits from one in UTC (see
    ///     ``ClipTiming``); nil compares it as UTC.
    public static func probe(
        path: String, deep: Bool = false, nameStart: Date? = nil, tolerance: TimingTolerance = .standard,
        fileTime givenFileTime: Date? = nil, zone: TimeZone? = nil
    ) throws(MediaError) -> MediaFacts {
        var info = stat()
        guard stat(path, &info) == 0 else { throw MediaError(.system(errno), call: "stat", path: path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw MediaError(.system((info.st_mode & S_IFMT) == S_IFDIR ? EISDIR : EINVAL), call: "stat", path: path,
                             message: "not a regular file")
        }
        let size = Int64(info.st_size)
        let fileTime = givenFileTime
            ?? Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)

        var facts = MediaFacts(path: path, integrity: .ok)
        facts.size = size
        facts.deep = deep
        guard size > 0 else {
            facts.integrity = .corrupt
            facts.integrityNotes = ["empty file"]
            facts.error = "empty file"
            facts.timing = ClipTiming(containerDuration: nil, packetDuration: nil, creationTime: nil, nameStart: nameStart,
                                      fileTime: fileTime, tolerance: tolerance)
            return facts
        }

        let structure = try structureVerdict(path: path, size: size)
        facts.mp4 = structure?.mp4
        facts.integrityNotes = structure?.notes ?? []
        let structural = structure?.integrity ?? .ok

        if let reason = structure?.unsafeForDemuxer {
            facts.error = reason
            facts.integrity = .corrupt
            facts.timing = ClipTiming(containerDuration: nil, packetDuration: nil, creationTime: nil, nameStart: nameStart,
                                      fileTime: fileTime, tolerance: tolerance)
            return facts
        }

        var packetDuration: Double?
        do {
            var input = try InputContext(path: path)
            try input.findStreamInfo()
            describe(input, into: &facts)
            packetDuration = try readPackets(&input, deep: deep, into: &facts)
        } catch {
            // Opening or parsing failed: a cut MP4 without its index is truncated, anything else corrupt.
            facts.error = error.description
            facts.integrity = structural == .truncated ? .truncated : .corrupt
            facts.timing = ClipTiming(containerDuration: facts.duration, packetDuration: nil, creationTime: facts.creationTime,
                                      nameStart: nameStart, fileTime: fileTime, tolerance: tolerance, zone: zone)
            return facts
        }

        // The structure's verdict stands; a structurally sound file is still corrupt when its packets
        // cannot be read to the end, it has none, or (deep) it does not decode cleanly.
        facts.integrity = structural
        if structural == .ok {
            if facts.error != nil {
                facts.integrity = .corrupt
            } else if facts.streams.allSatisfy({ $0.packets.count == 0 }) {
                facts.integrity = .corrupt
                facts.integrityNotes.append("no packets")
            } else if let errors = facts.decodeErrors, errors > 0 {
                facts.integrity = .corrupt
                facts.integrityNotes.append("\(errors) decode errors")
            }
        }
        facts.timing = ClipTiming(containerDuration: facts.duration, packetDuration: packetDuration, creationTime: facts.creationTime,
                                  nameStart: nameStart, fileTime: fileTime, tolerance: tolerance, zone: zone)
        return facts
    }

    private static func structureVerdict(path: String, size: Int64) throws(MediaError) -> StructureVerdict? {
        let file = try FileSource(path: path)
        for check in structureChecks {
            if let verdict = try check.check(file, size: size) { return verdict }
        }
        return nil
    }

    /// The container's and streams' facts.
    private static func describe(_ input: borrowing InputContext, into facts: inout MediaFacts) {
        facts.format = input.formatName
        facts.formatLongName = input.formatLongName
        facts.duration = input.duration
        facts.startTime = input.startTime
        facts.bitRate = input.bitRate
        facts.tags = input.tags
        facts.streams = input.streams.map(StreamFacts.init)
        facts.encoder = MediaFacts.first(["encoder", "com.apple.quicktime.software"], in: facts.tags)
        facts.make = MediaFacts.first(MediaFacts.makeKeys, in: facts.tags)
        facts.model = MediaFacts.first(MediaFacts.modelKeys, in: facts.tags)
        facts.location = MediaFacts.first(MediaFacts.locationKeys, in: facts.tags)
        let creation = MediaFacts.first(MediaFacts.creationKeys, in: facts.tags)
            ?? facts.streams.lazy.compactMap { $0.tags["creation_time"] }.first
        facts.creationTime = creation.flatMap(RFC3339Text.date)
        let pictures = facts.streams.filter { $0.type == .video }
        facts.rotation = pictures.first?.rotation
        facts.kind = kind(format: input.formatName, streams: input.streams)
    }

    static func kind(format: String, streams: [StreamInfo]) -> RecordingKind? {
        if streams.contains(where: { $0.type == .video && !$0.isAttachedPicture }) {
            let stillFormats: Set<String> = ["image2", "webp_pipe", "heif"]
            return stillFormats.contains(format) || format.hasSuffix("_pipe") ? .photo : .video
        }
        return streams.contains(where: { $0.type == .audio }) ? .audio : nil
    }

    /// Reads every packet (decoding it when `deep`), filling each stream's packet span and decode
    /// count; returns the span of packet times over the audio and video streams. A read error ends the
    /// reading and is kept in `facts.error`.
    private static func readPackets(_ input: inout InputContext, deep: Bool, into facts: inout MediaFacts) throws(MediaError) -> Double? {
        let timeBases = input.streams.map(\.timeBase)
        var decoder: DeepDecoder? = deep ? try DeepDecoder(input) : nil
        var packet = try Packet()
        do {
            while try input.read(into: &packet) {
                let index = packet.streamIndex
                guard index >= 0, index < timeBases.count else { continue }
                let base = timeBases[index]
                facts.streams[index].packets.add(
                    time: (packet.pts ?? packet.dts).flatMap(base.seconds), duration: base.seconds(packet.duration),
                    size: packet.size, keyframe: packet.isKeyframe)
                decoder?.decode(packet)
            }
        } catch {
            facts.error = error.description
        }
        if var finished = decoder.take() {
            finished.finish()
            for (index, count) in finished.counts { facts.streams[index].decode = count }
            facts.integrityNotes += finished.notes
            facts.decodeErrors = finished.counts.values.map(\.errors).reduce(0, +)
        }

        let timed = facts.streams.filter { $0.type == .video || $0.type == .audio }
        let spans = (timed.isEmpty ? facts.streams : timed).map(\.packets)
        guard let first = spans.compactMap(\.firstTime).min(), let end = spans.compactMap(\.endTime).max() else { return nil }
        return end - first
    }
}
