import CFFmpeg

/// Facts about the FFmpeg libraries this binary runs with.
public enum MediaLibrary {
    /// libavformat's version as `major.minor.micro`.
    public static var formatVersion: String {
        let v = avformat_version()
        return "\(recgate_version_major(v)).\(recgate_version_minor(v)).\(recgate_version_micro(v))"
    }

    /// libavcodec's version as `major.minor.micro`.
    public static var codecVersion: String {
        let v = avcodec_version()
        return "\(recgate_version_major(v)).\(recgate_version_minor(v)).\(recgate_version_micro(v))"
    }
}
