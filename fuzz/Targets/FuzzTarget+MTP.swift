import PTPDriver

/// The MTP parsers: the object property list, one property value, and the events of the interrupt endpoint.
extension FuzzTarget {
    /// GetObjectPropList's dataset: every element at least 9 bytes of the input, strings within PTP's length.
    static let mtpObjectPropList = FuzzTarget(name: "mtp-object-prop-list", maxLength: 64 * 1024) { bytes in
        let list: MTPObjectPropList
        do throws(PTPError) { list = try MTPObjectPropList(parsing: bytes) } catch { return .refused("\(error.code)") }
        var checks = Checks()
        checks.require(9 * list.elements.count <= bytes.count, "\(list.elements.count) elements from \(bytes.count) bytes")
        for element in list.elements { checkValue(&checks, element.value, within: bytes.count) }
        return checks.outcome("\(list.elements.count) elements")
    }

    /// GetObjectPropValue's data: the first two bytes choose the datatype, the rest is the value.
    static let mtpPropertyValue = FuzzTarget(name: "mtp-property-value", maxLength: 4 * 1024) { bytes in
        guard bytes.count >= 2 else { return .refused("no datatype") }
        let type = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
        let value: MTPPropertyValue
        do throws(PTPError) { value = try MTPPropertyValue.parse(Array(bytes[2...]), type: type) } catch { return .refused("\(error.code)") }
        var checks = Checks()
        checkValue(&checks, value, within: bytes.count)
        return checks.outcome("0x\(String(type, radix: 16))")
    }

    /// An event container from the interrupt endpoint.
    static let mtpEvent = FuzzTarget(name: "mtp-event", maxLength: 1024) { bytes in
        do throws(PTPError) {
            let event = try PTPEvent(parsing: bytes)
            var checks = Checks()
            checks.require(event.parameters.count <= PTPContainer.maxParameters, "\(event.parameters.count) parameters")
            return checks.outcome("0x\(String(event.code, radix: 16))")
        } catch {
            return .refused("\(error.code)")
        }
    }

    /// A value (and any array's elements) is no larger than the input it came from.
    static func checkValue(_ checks: inout Checks, _ value: MTPPropertyValue, within count: Int) {
        switch value {
        case .string(let text): checks.require(text.utf16.count <= 254, "a string of \(text.utf16.count) UTF-16 units")
        case .wide(let bytes): checks.require(bytes.count <= count, "\(bytes.count) bytes of a value from \(count)")
        case .array(let elements):
            checks.require(elements.count <= count, "\(elements.count) array elements from \(count) bytes")
            for element in elements { checkValue(&checks, element, within: count) }
        case .unsigned, .signed: break
        }
    }
}
