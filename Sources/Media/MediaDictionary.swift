import CFFmpeg

/// AVDictionary, the key-value lists FFmpeg uses for tags (metadata) and for options.
enum MediaDictionary {
    /// Every entry of `dictionary`, in FFmpeg's order; a key that appears twice keeps its first value.
    static func entries(_ dictionary: OpaquePointer?) -> [String: String] {
        var result: [String: String] = [:]
        var entry: UnsafeMutablePointer<AVDictionaryEntry>? = nil
        while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
            entry = next
            let key = String(cString: next.pointee.key)
            if result[key] == nil { result[key] = String(cString: next.pointee.value) }
        }
        return result
    }
}
