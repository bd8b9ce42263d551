import DeviceKit
import Foundation

/// Reads clock-reading files: a JSON array of
/// `{device, device_time, gateway_time, source, clock_set}`, where `device_time` is what the device
/// showed (local, no zone: `2026-11-03T09:30:15` or `2026-11-03 09:30:15`), `gateway_time` the true time
/// (RFC 3339 with offset), `source` one of `dock`, `manual`, `import` (default `import`) and `clock_set`
/// (default false) whether the clock was set right after the reading. Problems are reported like a case
/// file's, every one with its place, and a file with any problem gives no reading.
public enum ClockObservationFile {
    static let keys: Set<String> = ["device", "device_time", "gateway_time", "source", "clock_set"]

    public static func load(contentsOf url: URL) throws(ImportFailure) -> [ClockObservation] {
        let data = try InputFile.bytes(of: url)
        return try parse(data)
    }

    public static func parse(_ bytes: [UInt8]) throws(ImportFailure) -> [ClockObservation] {
        let elements = try InputFile.jsonArray(bytes, what: "a clock-reading file")
        var problems: [InputError] = []
        var readings: [ClockObservation] = []
        for (i, node) in elements.enumerated() {
            guard let fields = JSONFields(node, path: JSONPath.root.appending(i), what: "a clock reading", known: keys,
                                          problems: &problems) else { continue }
            let before = problems.count
            var device: String?
            if let value = fields.string("device", required: true, problems: &problems) {
                let trimmed = value.value.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    problems.append(InputError(.emptyValue, value.place, "\"device\" must not be empty"))
                } else if let problem = InputError.identifier(trimmed, field: "device", at: value.place) {
                    problems.append(problem)
                }
                device = trimmed
            }
            var deviceTime: LocalTimestamp?
            if let text = fields.string("device_time", required: true, problems: &problems) {
                switch DeviceTimeText.parse(text.value) {
                case .success(let reading):
                    if let problem = PlausibleTime.problem(reading) {
                        problems.append(InputError(.timeOutOfRange, text.place, problem))
                    } else {
                        deviceTime = reading
                    }
                case .failure(let problem): problems.append(InputError(.invalidTime, text.place, problem.description))
                }
            }
            let gatewayTime: Date? = fields.time("gateway_time", required: true, problems: &problems)?.value ?? nil
            var source = ObservationSource.import
            if let text = fields.string("source", required: false, problems: &problems) {
                if let parsed = ObservationSource(rawValue: text.value) {
                    source = parsed
                } else {
                    let allowed = ObservationSource.allCases.map(\.rawValue).joined(separator: ", ")
                    problems.append(InputError(.invalidValue, text.place, "\"\(text.value)\" is not one of \(allowed)"))
                }
            }
            let clockSet = fields.bool("clock_set", problems: &problems)?.value ?? false
            guard problems.count == before, let device, let deviceTime, let gatewayTime else { continue }
            readings.append(ClockObservation(device: device, deviceTime: deviceTime, gatewayTime: gatewayTime,
                                             source: source, clockSet: clockSet))
        }
        guard problems.isEmpty else { throw ImportFailure(errors: problems) }
        return readings
    }
}
