/// Device and officer information as a recorder of this class reports it (GA/T 947.4's ZFY_INFO): fixed GBK
/// fields, each at most its buffer's size less the C string's terminator. Name and unit may be empty.
public struct AmbarellaInfo: Sendable, Hashable {
    /// cSerial: the product serial.
    public var serial: String
    /// userNo: the officer's badge number.
    public var badge: String
    /// userName: the officer's name.
    public var officerName: String
    /// unitNo: the unit's number.
    public var unitNumber: String
    /// unitName: the unit's name.
    public var unitName: String

    public init(serial: String, badge: String, officerName: String, unitNumber: String, unitName: String) {
        self.serial = serial
        self.badge = badge
        self.officerName = officerName
        self.unitNumber = unitNumber
        self.unitName = unitName
    }

    /// The fields in the reply's order, with their buffer sizes (terminator included).
    static let fieldSizes: [(name: String, size: Int)] = [
        ("cSerial", 8), ("userNo", 7), ("userName", 33), ("unitNo", 13), ("unitName", 33),
    ]

    /// The info from the fields of a `Gzf` reply: five GBK fields, each within its buffer.
    public init(fields: [[UInt8]]) throws(AmbarellaError) {
        guard fields.count == Self.fieldSizes.count else {
            throw AmbarellaError(.badReply, operation: "Gzf",
                                 message: "\(fields.count) fields where the device information has \(Self.fieldSizes.count)")
        }
        var texts: [String] = []
        for (field, spec) in zip(fields, Self.fieldSizes) {
            let bytes = Array(field.prefix { $0 != 0 })
            guard bytes.count < spec.size else {
                throw AmbarellaError(.badReply, operation: "Gzf",
                                     message: "\(spec.name) is \(bytes.count) bytes, more than its \(spec.size - 1)")
            }
            do {
                texts.append(try GBKText.decode(bytes))
            } catch {
                throw AmbarellaError(.badReply, operation: "Gzf", message: "\(spec.name): \(error)")
            }
        }
        self.init(serial: texts[0], badge: texts[1], officerName: texts[2], unitNumber: texts[3], unitName: texts[4])
    }
}
