import CFFmpeg

/// An AVDictionary of options, built from Swift and freed after the call that takes it. FFmpeg removes
/// the options it used; what is left over was not understood, and is reported as an error by
/// `requireAllUsed`, because a silently ignored option (a misspelt `movflags`) makes the wrong file.
struct OptionsDictionary: ~Copyable {
    var pointer: OpaquePointer?

    init(_ options: [String: String]) throws(MediaError) {
        pointer = nil
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            try MediaError.check(av_dict_set(&pointer, key, value, 0), "av_dict_set(\(key))")
        }
    }

    /// Throws when FFmpeg left options unused.
    func requireAllUsed(_ call: String, path: String?) throws(MediaError) {
        let left = MediaDictionary.entries(pointer)
        guard left.isEmpty else {
            throw MediaError(.optionNotFound, call: call, path: path,
                             message: "options not understood: \(left.keys.sorted().joined(separator: ", "))")
        }
    }

    deinit {
        var pointer = pointer
        av_dict_free(&pointer)
    }
}
