/// The clip search's page written by hand (``PrettyJSONWriter``): the same bytes as Foundation's encoder,
/// at a fraction of its cost, since the API serves this document for every search.
extension ClipPage: PrettyJSONWritable {
    func write(to writer: inout PrettyJSONWriter) -> Bool {
        writer.beginObject()
        writer.key("clips")
        writer.beginArray()
        for clip in clips {
            writer.element()
            guard clip.write(to: &writer) else { return false }
        }
        writer.endArray()
        if let next_cursor {
            writer.key("next_cursor")
            writer.string(next_cursor)
        }
        writer.endObject()
        return true
    }
}

extension ClipSummary: PrettyJSONWritable {
    /// Members in the sorted order of their keys; absent optionals left out.
    func write(to writer: inout PrettyJSONWriter) -> Bool {
        func optional(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            writer.key(key)
            writer.string(value)
        }
        writer.beginObject()
        optional("clock", clock)
        if let correction_s {
            writer.key("correction_s")
            guard writer.number(correction_s) else { return false }
        }
        writer.key("device")
        writer.string(device)
        optional("device_end", device_end)
        optional("device_start", device_start)
        writer.key("id")
        writer.string(id)
        optional("integrity", integrity)
        writer.key("kind")
        writer.string(kind)
        writer.key("locked")
        writer.bool(locked)
        optional("officer", officer)
        optional("recorded_end", recorded_end)
        optional("recorded_start", recorded_start)
        writer.key("sha256")
        writer.string(sha256)
        writer.key("size")
        writer.integer(size)
        optional("sm3", sm3)
        writer.key("source_name")
        writer.string(source_name)
        writer.key("status")
        writer.string(status)
        writer.key("stored_at")
        writer.string(stored_at)
        writer.endObject()
        return true
    }
}
