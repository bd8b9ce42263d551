import Compliance
import Foundation

/// Names of finding kinds and severities for people (Chinese and English), and times on the wall
/// clock of the configured zone, as the legal office reads them.
public enum FindingLabels {
    public static func kind(_ kind: FindingKind) -> (zh: String, en: String) {
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

    public static func severity(_ severity: Severity) -> (zh: String, en: String) {
        switch severity {
        case .error: ("错误", "error")
        case .warning: ("警告", "warning")
        case .info: ("提示", "info")
        }
    }

    /// `第十一条第（二）项 (Art 11(2))`, or the text as it is when it is not an article reference.
    public static func article(_ text: String?) -> String? {
        guard let text else { return nil }
        guard let reference = ArticleReference(text) else { return text }
        return "\(reference.chinese) (\(reference.english))"
    }
}
