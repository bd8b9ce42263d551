import DeviceKit
import Media
import MediaProbes
import Offload

/// What a stored clip needs so a browser can play it, decided from its streams and where its MP4 index
/// lies, and then what the home's ``ProxyPolicy`` lets the gateway make of it.
public enum DerivedNeed: Sendable, Hashable, CustomStringConvertible {
    /// Nothing is made, and why (plays as stored, cannot be made, or the policy says no).
    case nothing(String)
    /// A faststart copy: the clip plays in a browser, but its index comes after its media data.
    case faststart
    /// A review proxy, and why a browser cannot play the clip as stored.
    case proxy(String)
    /// A recording cut off before its MP4 index was written (a flat battery): its samples are found
    /// again with a healthy clip of the same recorder as the reference (``Gateway/recover(clip:to:)``),
    /// and the review proxy is made from what was recovered. Without the index the probe knows nothing
    /// of its streams, so nothing else can be decided before recovery.
    case recoverThenProxy

    /// Video codecs every browser plays in MP4/MOV.
    public static let playableVideo: Set<String> = ["h264"]
    /// Sound codecs every browser plays in MP4/MOV.
    public static let playableAudio: Set<String> = ["aac", "mp3"]

    /// What a clip needs, from its video and sound codecs (FFmpeg's names), its MP4 index placement
    /// (`notMP4` for another container) and its integrity.
    public static func of(
        videoCodecs: [String], audioCodecs: [String], placement: MP4IndexPlacement, integrity: Integrity
    ) -> DerivedNeed {
        guard integrity != .corrupt else { return .nothing("the recording is corrupt") }
        if placement == .missing { return .recoverThenProxy }
        guard !videoCodecs.isEmpty else { return .nothing("no video stream") }
        var unplayable: [String] = []
        if placement == .notMP4 { unplayable.append("not an MP4/MOV container") }
        unplayable += videoCodecs.filter { !playableVideo.contains($0) }.map { "\($0) video" }
        unplayable += audioCodecs.filter { !playableAudio.contains($0) }.map { "\($0) sound" }
        if !unplayable.isEmpty { return .proxy(unplayable.joined(separator: ", ")) }
        return placement == .afterData ? .faststart : .nothing("index first: plays in a browser as stored")
    }

    /// What a clip needs, from its probe facts. A photo needs nothing: a browser shows it as stored (its
    /// picture is a one-frame "video" stream to FFmpeg, which must not make it look unplayable).
    public static func of(facts: MediaFacts, placement: MP4IndexPlacement) -> DerivedNeed {
        if facts.kind == .photo { return .nothing("a photo: a browser shows it as stored") }
        let streams = facts.streams
        return of(
            videoCodecs: streams.filter { $0.type == .video }.map(\.codec),
            audioCodecs: streams.filter { $0.type == .audio }.map(\.codec),
            placement: placement, integrity: facts.integrity)
    }

    /// What the gateway makes of this need under `policy`.
    public func under(_ policy: ProxyPolicy) -> DerivedNeed {
        switch (self, policy) {
        case (.nothing, _): self
        case (_, .none): .nothing("proxy_policy is none")
        case (.proxy(let why), .faststart): .nothing("\(why): no proxy under proxy_policy faststart")
        case (.recoverThenProxy, .faststart): .nothing("no MP4 index: no recovery and proxy under proxy_policy faststart")
        default: self
        }
    }

    public var description: String {
        switch self {
        case .nothing(let why): "nothing (\(why))"
        case .faststart: "faststart copy"
        case .proxy(let why): "proxy (\(why))"
        case .recoverThenProxy: "recovery, then a proxy (no MP4 index: a truncated recording)"
        }
    }
}
