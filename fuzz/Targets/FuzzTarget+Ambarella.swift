import AmbarellaDriver

/// The Ambarella recorders' text replies (`@CMD;STATUS[;LEN;PAYLOAD]#`) and the information they carry.
extension FuzzTarget {
    /// One reply: its fields are bytes of the input; an information reply's fields decode (GBK) within
    /// their sizes or are refused.
    static let ambarellaReply = FuzzTarget(name: "ambarella-reply", maxLength: AmbarellaReply.maximumLength + 64) { bytes in
        let reply: AmbarellaReply
        do throws(AmbarellaReplyError) { reply = try AmbarellaReply.parse(bytes) } catch { return .refused("\(error.code)") }
        var checks = Checks()
        checks.require(reply.fields.reduce(0) { $0 + $1.count } <= bytes.count, "fields longer than the reply")
        checks.require(reply.command.utf8.count < bytes.count, "a command longer than the reply")
        if let info = try? AmbarellaInfo(fields: reply.fields) {
            for text in [info.serial, info.badge, info.officerName, info.unitNumber, info.unitName] {
                checks.require(text.utf8.count <= 3 * bytes.count, "a field of \(text.utf8.count) bytes decoded from \(bytes.count)")
            }
        }
        return checks.outcome("\(reply.command) \(reply.status)")
    }
}
