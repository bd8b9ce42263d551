import Compliance
import Foundation

/// Names of finding kinds and severities for people (Chinese and English), and times on the wall
/// clock of the configured zone, as the legal office reads them.
enum FindingLabels {
    static func kind(_ kind: FindingKind) -> (zh: String, en: String) {
        switch kind {
        case .missingRecording: ("未找到录像", "missing recording")
        case .coverageGap: ("录像中断", "coverage gap")
        case .lateStart: ("开始录制过晚", "late start")
        case .earlyEnd: ("过早结束录制", "early end")
        case .timeDisagreement: ("时间来源不一致", "time sources disagree")
        case .truncatedClip: ("录像文件不完整", "truncated clip")
        case .unverifiedClip: ("录像未经校验", "unverified clip")
        case .sequenceGap: ("录像编号缺失", "sequence gap")
        case .clockReset: ("设备时钟被重置", "clock reset")
        case .noClockReading: ("设备时钟未读取", "clock never read")
        case .unmatchedClip: ("未匹配任何环节的录像", "unmatched clip")
        case .recordingExempted: ("不宜记录，未录制", "recording exempted")
        case .internalRoles: ("审核审批人员不全或重复", "internal roles")
        }
    }

    static func severity(_ severity: Severity) -> (zh: String, en: String) {
        switch severity {
        case .error: ("错误", "error")
        case .warning: ("警告", "warning")
        case .info: ("提示", "info")
        }
    }

    /// `第十一条第（二）项 (Art 11(2))`, or the text as it is when it is not an article reference.
    static func article(_ text: String?) -> String? {
        guard let text else { return nil }
        guard let reference = ArticleReference(text) else { return text }
        return "\(reference.chinese) (\(reference.english))"
    }
}

/// Times as a wall clock in one zone shows them.
struct WallClock {
    let zone: TimeZone

    /// `2026-11-03 09:30:00`, to the nearest second.
    func text(_ date: Date) -> String {
        let rounded = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded())
        return String(Compliance.RFC3339.string(rounded, in: zone).prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    /// `09:30:00`.
    func time(_ date: Date) -> String { String(text(date).suffix(8)) }

    /// `2026-11-03 09:30:00–10:15:00`, the date written again only when it changes.
    func span(_ start: Date, _ end: Date) -> String {
        let a = text(start), b = text(end)
        return a.prefix(10) == b.prefix(10) ? "\(a)–\(b.suffix(8))" : "\(a)–\(b)"
    }

    /// `+08:00`, for headings.
    func offsetName(at date: Date) -> String {
        let full = Compliance.RFC3339.string(date, in: zone)
        return full.hasSuffix("Z") ? "UTC" : String(full.suffix(6))
    }
}

/// Seconds for people: `60 s`, `1.5 s`.
func secondsText(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
}
