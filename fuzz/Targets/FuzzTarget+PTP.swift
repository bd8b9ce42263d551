import PTPDriver

/// The PTP parsers: containers and the datasets a camera sends in its data phases.
extension FuzzTarget {
    /// A whole container (a bulk read's worth): decoded strictly, it must encode back to the same bytes.
    static let ptpContainer = FuzzTarget(name: "ptp-container", maxLength: 64 * 1024) { bytes in
        let header: PTPContainerHeader
        do throws(PTPError) { header = try PTPContainerHeader.decode(bytes) } catch { return .refused("\(error.code)") }
        let container: PTPContainer
        do throws(PTPError) { container = try PTPContainer.decode(bytes) } catch { return .refused("\(error.code)") }
        var checks = Checks()
        checks.require(container.kind == header.kind && container.code == header.code
                       && container.transactionID == header.transactionID, "the header and the container differ")
        checks.require(container.parameters.count <= PTPContainer.maxParameters, "\(container.parameters.count) parameters")
        checks.require((try? container.encoded()) == bytes, "the container does not encode back to its bytes")
        return checks.outcome("\(container.kind) \(container.code)")
    }

    /// GetDeviceInfo's dataset: its arrays and strings fit in the input; encoded and parsed again it is the same.
    static let ptpDeviceInfo = FuzzTarget(name: "ptp-device-info", maxLength: 16 * 1024) { bytes in
        let info: PTPDeviceInfo
        do throws(PTPError) { info = try PTPDeviceInfo(parsing: bytes) } catch { return .refused("\(error.code)") }
        var checks = Checks()
        let elements = info.operationsSupported.count + info.eventsSupported.count + info.devicePropertiesSupported.count
            + info.captureFormats.count + info.imageFormats.count
        checks.require(2 * elements <= bytes.count, "\(elements) array elements from \(bytes.count) bytes")
        for text in [info.vendorExtensionDescription, info.manufacturer, info.model, info.deviceVersion, info.serialNumber] {
            checks.require(text.utf16.count <= 254, "a string of \(text.utf16.count) UTF-16 units")
        }
        roundTrip(&checks, info, encode: { try $0.encoded() }, parse: { try PTPDeviceInfo(parsing: $0) })
        return checks.outcome("\(info.manufacturer) \(info.model)")
    }

    /// GetObjectInfo's dataset (fixed offsets, then three strings).
    static let ptpObjectInfo = FuzzTarget(name: "ptp-object-info", maxLength: 4 * 1024) { bytes in
        let info: PTPObjectInfo
        do throws(PTPError) { info = try PTPObjectInfo(parsing: bytes) } catch { return .refused("\(error.code)") }
        var checks = Checks()
        for text in [info.filename, info.captureDate, info.modificationDate] {
            checks.require(text.utf16.count <= 254, "a string of \(text.utf16.count) UTF-16 units")
        }
        roundTrip(&checks, info, encode: { try $0.encoded() }, parse: { try PTPObjectInfo(parsing: $0) })
        return checks.outcome(info.filename)
    }

    /// GetStorageInfo's dataset.
    static let ptpStorageInfo = FuzzTarget(name: "ptp-storage-info", maxLength: 4 * 1024) { bytes in
        do throws(PTPError) {
            let info = try PTPStorageInfo(parsing: bytes)
            return .value("\(info.freeSpaceInBytes)/\(info.maxCapability)")
        } catch {
            return .refused("\(error.code)")
        }
    }

    /// PTP strings and arrays, read one after another as a dataset does, until the bytes run out or one is
    /// refused: each string at most 254 UTF-16 units and written back as read; arrays no longer than the bytes.
    static let ptpString = FuzzTarget(name: "ptp-string", maxLength: 4 * 1024) { bytes in
        var reader = PTPDataReader(bytes, operation: "fuzz")
        var checks = Checks()
        var read = 0
        do throws(PTPError) {
            while reader.offset < bytes.count {
                let before = reader.offset
                // The byte before each field says which kind it is, so every kind is reached from any input.
                switch try reader.u8("kind") % 3 {
                case 0:
                    let text = try reader.string()
                    checks.require(text.utf16.count <= 254, "a string of \(text.utf16.count) UTF-16 units")
                    if let written = try? PTPDataWriter.string(text) {
                        var again = PTPDataReader(written, operation: "fuzz")
                        checks.require((try? again.string()) == text, "\(text.debugDescription) is not read back as written")
                    } else {
                        checks.require(false, "\(text.debugDescription) was read but cannot be written")
                    }
                case 1:
                    let values = try reader.u16Array("UINT16 array")
                    checks.require(2 * values.count <= bytes.count - before, "\(values.count) UINT16s from \(bytes.count - before) bytes")
                default:
                    let values = try reader.u32Array("UINT32 array")
                    checks.require(4 * values.count <= bytes.count - before, "\(values.count) UINT32s from \(bytes.count - before) bytes")
                }
                checks.require(reader.offset > before && reader.offset <= bytes.count, "the reader went from \(before) to \(reader.offset)")
                read += 1
            }
        } catch {
            return checks.failed.isEmpty ? .refused("\(error.code) after \(read) fields") : checks.outcome("")
        }
        return checks.outcome("\(read) fields")
    }

    /// A DateTime property's text (the bytes as UTF-8): parsed, its description parses back to the same value,
    /// and it can be read in any zone.
    static let ptpDateTime = FuzzTarget(name: "ptp-datetime", maxLength: 256) { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        guard let value = PTPDateTime(text) else { return .refused("not a PTP DateTime") }
        var checks = Checks()
        checks.require(value.local.isValid, "\(value.local) is not a valid time")
        checks.require(PTPDateTime(value.description) == value, "\(value) does not parse back from its description")
        checks.require(value.localTime(in: .gmt).isValid, "\(value) read in UTC is not a valid time")
        return checks.outcome(value.description)
    }

    /// Encoded and parsed again, `value` is itself. A value that parsed but cannot be encoded is a failure
    /// too: the parser accepted what the protocol cannot carry.
    static func roundTrip<V: Equatable>(_ checks: inout Checks, _ value: V, encode: (V) throws -> [UInt8],
                                        parse: ([UInt8]) throws -> V) {
        guard let bytes = try? encode(value) else { return checks.require(false, "\(value) parsed but cannot be encoded") }
        checks.require((try? parse(bytes)) == value, "\(value) is not parsed back from its encoding")
    }
}
