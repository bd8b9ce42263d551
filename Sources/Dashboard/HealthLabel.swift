/// Health statuses and probe names for people.
enum HealthLabel {
    /// A probe's name in the page's language, escaped; a probe this table does not know as its code.
    static func probe(_ name: String, _ c: PageContext) -> String {
        let label: Strings? = switch name {
        case "battery": .battery
        case "storage": .storage
        case "firmware": .probeFirmware
        case "clock_offset": .clockOffset
        case "clock_age": .probeClockAge
        case "clock_drift": .probeClockDrift
        case "last_dock": .probeLastDock
        case "last_offload": .probeLastOffload
        case "recordings_since_dock": .probeRecordingsSinceDock
        case "sequence_gaps": .probeSequenceGaps
        case "file_integrity": .probeFileIntegrity
        case "failures": .probeFailures
        default: nil
        }
        return label.map { c.t($0) } ?? "<code>\(HTML.escape(name))</code>"
    }

    static func status(_ value: String) -> Strings {
        switch value {
        case "ok": .healthOK
        case "warning": .healthWarning
        case "fault": .healthFault
        default: .healthUnknown
        }
    }
}
