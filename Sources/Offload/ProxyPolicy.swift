/// Which derived files the gateway makes on its own, at low priority, after clips are stored
/// (`proxy_policy` in `recgate.json`). Originals are never touched; a derived file is kept apart from
/// the evidence store and linked to its clip.
public enum ProxyPolicy: String, Codable, Sendable, CaseIterable {
    /// Nothing is derived unattended (`recgate faststart` and `recgate proxy` still work by hand).
    case none
    /// A faststart copy of each MP4/MOV a browser can play (H.264 with AAC or MP3) whose index lies
    /// after its media data: a stream copy, cheap. Clips a browser cannot play get nothing. The default.
    case faststart
    /// Faststart copies as above, and a review proxy (H.264/AAC) of each video a browser cannot play:
    /// HEVC, MJPEG in AVI, PCM or AMR sound. Transcoding costs CPU time, taken only when the machine
    /// is otherwise idle.
    case all
}
