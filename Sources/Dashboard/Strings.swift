/// Every text the dashboard shows, in Chinese and English: one table, so a label cannot exist in one
/// language only (the switch is exhaustive) and a test can walk them all.
enum Strings: CaseIterable {
    // Frame
    case brandTagline, navigation, logout, languageName
    case navBays, navDevices, navClips, navCases, navReport, navAudit, navAccounts
    case roleEquipmentKeeper, roleEvidenceStaff, roleLegalOffice, roleApprover, roleAdministrator
    // Sign-in and errors
    case signInTitle, accountName, password, signIn, loginInvalid, loginThrottled, loginThrottledAfter
    case error400, error401, error403, error404, errorOther, backHome
    // Bays and devices
    case bay, port, serial, model, profile, source, state, progress, health, battery, storage, clockOffset, faults, probe, reason
    case powerCycle, daemonStarted, queueRunning, queueWaiting, liveOn, liveOff, noBays, devicesOutsideBays
    case stateEmpty, stateQueued, stateOffloading, stateOffloaded, stateFailed, stateLeft, stateUnknown
    case healthOK, healthUnknown, healthWarning, healthFault
    case probeFirmware, probeClockAge, probeClockDrift, probeLastDock, probeLastOffload, probeRecordingsSinceDock
    case probeSequenceGaps, probeFileIntegrity, probeFailures
    case noDevices, noHealth, device, clockOffsetOverTime, visits, started, ended, storedNew, alreadyStored, failedCount
    case noVisits, clockReadings, readAt, deviceTime, noClockReadings
    case sessionStarting, sessionRunning, sessionCompleted, sessionFailed, sessionInterrupted, session
    // Clips
    case officer, caseID, step, from, to, kind, integrity, clipStatus, sort, any, sortDefault, search, reset
    case recorded, fileName, size, locked, lockedField, noClips, nextPage, uncorrected, uncorrectedHint, notProbed
    case kindVideo, kindAudio, kindPhoto, integrityOK, integrityTruncated, integrityCorrupt
    case statusVerified, statusReleased, sortRecordedNewest, sortRecordedOldest, sortStoredNewest, sortStoredOldest
    case clip, playsProxy, playsFaststart, playsOriginal, noPlayableCopy, clockCorrection, unknown, storedAt, media
    case digests, verification, yes, no, verifyNow, download, downloadReason, downloadAudited
    case chainOfCustody, noEvents, eventSeen, eventReleased, eventCustody, eventDerived, until, actor
    // Cases and the report
    case caseWord, caseTitle, department, stepCatalogue, findings, errors, warnings, infos, wholeProcess, officers
    case documentsOnly, noRecording, covered, clipsCount, noFindings, otherFindings, stepTimeline, uncovered
    case steps, period, noCases, generatedAt, since, casesCount, stepsWithFindings, byDepartment, byOfficer
    case noDepartment, findingsByKind, notChecked, noneWord
    // Audit and accounts
    case seq, at, action, object, detail, noEntries, olderEntries
    case role, accountActive, accountDisabled, accountLocked

    var label: (zh: String, en: String) {
        switch self {
        case .brandTagline: ("执法记录仪接入网关", "recorder gateway")
        case .navigation: ("导航", "Navigation")
        case .logout: ("退出登录", "Sign out")
        case .languageName: ("中文", "English")
        case .navBays: ("采集坞位", "Bays")
        case .navDevices: ("设备", "Devices")
        case .navClips: ("录像检索", "Clips")
        case .navCases: ("案件", "Cases")
        case .navReport: ("检查报告", "Report")
        case .navAudit: ("审计日志", "Audit trail")
        case .navAccounts: ("账户", "Accounts")
        case .roleEquipmentKeeper: ("设备管理员", "equipment keeper")
        case .roleEvidenceStaff: ("证据管理员", "evidence staff")
        case .roleLegalOffice: ("法制部门", "legal office")
        case .roleApprover: ("审批人", "approver")
        case .roleAdministrator: ("系统管理员", "administrator")
        case .signInTitle: ("登录", "Sign in")
        case .accountName: ("账户名", "Account name")
        case .password: ("密码", "Password")
        case .signIn: ("登录", "Sign in")
        case .loginInvalid: ("账户名或密码错误。", "Wrong account name or password.")
        case .loginThrottled: ("失败次数过多，请在", "Too many failed attempts. Try again in")
        case .loginThrottledAfter: ("秒后再试。", "seconds.")
        case .error400: ("请求有误", "Bad request")
        case .error401: ("需要登录", "Sign-in needed")
        case .error403: ("无权访问", "Not allowed")
        case .error404: ("未找到", "Not found")
        case .errorOther: ("出错了", "Something went wrong")
        case .backHome: ("返回首页", "Back to the start page")
        case .bay: ("坞位", "Bay")
        case .port: ("端口", "Port")
        case .serial: ("序列号", "Serial")
        case .model: ("型号", "Model")
        case .profile: ("驱动配置", "Profile")
        case .source: ("来源", "Source")
        case .state: ("状态", "State")
        case .progress: ("进度", "Progress")
        case .health: ("健康状况", "Health")
        case .battery: ("电量", "Battery")
        case .storage: ("存储", "Storage")
        case .clockOffset: ("时钟偏差", "Clock offset")
        case .faults: ("故障与警告", "Faults and warnings")
        case .probe: ("检查项", "Probe")
        case .reason: ("说明", "Reason")
        case .powerCycle: ("断电重启", "Power-cycle")
        case .daemonStarted: ("服务启动于", "Daemon started")
        case .queueRunning: ("正在导出", "Offloading")
        case .queueWaiting: ("排队", "Waiting")
        case .liveOn: ("实时更新中", "Live")
        case .liveOff: ("未连接实时更新", "Not live")
        case .noBays: ("尚未配置坞位（bays.json）。", "No bays configured (bays.json).")
        case .devicesOutsideBays: ("不在坞位上的设备", "Devices outside the bays")
        case .stateEmpty: ("空闲", "empty")
        case .stateQueued: ("等待导出", "queued")
        case .stateOffloading: ("正在导出", "offloading")
        case .stateOffloaded: ("已导出", "offloaded")
        case .stateFailed: ("导出失败", "failed")
        case .stateLeft: ("已拔出", "left")
        case .stateUnknown: ("未知", "unknown")
        case .healthOK: ("正常", "ok")
        case .healthUnknown: ("未知", "unknown")
        case .healthWarning: ("警告", "warning")
        case .healthFault: ("故障", "fault")
        case .probeFirmware: ("固件", "Firmware")
        case .probeClockAge: ("距上次读取时钟", "Clock last read")
        case .probeClockDrift: ("时钟漂移", "Clock drift")
        case .probeLastDock: ("上次接入", "Last dock")
        case .probeLastOffload: ("上次导出", "Last offload")
        case .probeRecordingsSinceDock: ("接入间隔内的录像", "Recordings since the last dock")
        case .probeSequenceGaps: ("录像编号连续性", "Sequence gaps")
        case .probeFileIntegrity: ("文件完整性", "File integrity")
        case .probeFailures: ("导出失败", "Offload failures")
        case .noDevices: ("目录中没有设备。", "No devices in the catalog.")
        case .noHealth: ("尚无健康数据。", "No health data yet.")
        case .device: ("设备", "Device")
        case .clockOffsetOverTime: ("时钟偏差变化", "Clock offset over time")
        case .visits: ("接入与导出记录", "Docks and offloads")
        case .started: ("开始", "Started")
        case .ended: ("结束", "Ended")
        case .storedNew: ("新入库", "Stored")
        case .alreadyStored: ("已在库", "Already stored")
        case .failedCount: ("失败", "Failed")
        case .noVisits: ("尚无导出记录。", "No offloads yet.")
        case .clockReadings: ("时钟读数", "Clock readings")
        case .readAt: ("读取时间", "Read at")
        case .deviceTime: ("设备时间", "Device time")
        case .noClockReadings: ("尚未读取过该设备的时钟。", "The device's clock was never read.")
        case .sessionStarting: ("启动中", "starting")
        case .sessionRunning: ("进行中", "running")
        case .sessionCompleted: ("已完成", "completed")
        case .sessionFailed: ("失败", "failed")
        case .sessionInterrupted: ("已中断", "interrupted")
        case .session: ("会话", "session")
        case .officer: ("执法人员", "Officer")
        case .caseID: ("案件编号", "Case")
        case .step: ("环节", "Step")
        case .from: ("起始时间", "From")
        case .to: ("截止时间", "To")
        case .kind: ("类型", "Kind")
        case .integrity: ("完整性", "Integrity")
        case .clipStatus: ("入库状态", "Status")
        case .sort: ("排序", "Sort")
        case .any: ("全部", "any")
        case .sortDefault: ("默认", "default")
        case .search: ("检索", "Search")
        case .reset: ("清除条件", "Clear")
        case .recorded: ("录制时间", "Recorded")
        case .fileName: ("文件名", "File")
        case .size: ("大小", "Size")
        case .locked: ("已锁定", "locked")
        case .lockedField: ("锁定", "Locked")
        case .noClips: ("没有符合条件的录像。", "No clips match.")
        case .nextPage: ("下一页", "Next page")
        case .uncorrected: ("设备时间", "device time")
        case .uncorrectedHint: ("设备时钟未能校正，显示的是设备自身的时间", "The device's clock could not be corrected: this is its own time")
        case .notProbed: ("未检测", "not probed")
        case .kindVideo: ("视频", "video")
        case .kindAudio: ("音频", "audio")
        case .kindPhoto: ("照片", "photo")
        case .integrityOK: ("完好", "ok")
        case .integrityTruncated: ("不完整（截断）", "truncated")
        case .integrityCorrupt: ("已损坏", "corrupt")
        case .statusVerified: ("已校验入库", "verified")
        case .statusReleased: ("已入库，设备已清除", "released")
        case .sortRecordedNewest: ("录制时间（新→旧）", "recorded, newest first")
        case .sortRecordedOldest: ("录制时间（旧→新）", "recorded, oldest first")
        case .sortStoredNewest: ("入库时间（新→旧）", "stored, newest first")
        case .sortStoredOldest: ("入库时间（旧→新）", "stored, oldest first")
        case .clip: ("录像", "Clip")
        case .playsProxy: ("正在播放：审看代理文件，并非原始证据", "Playing the review proxy, not the evidence")
        case .playsFaststart: ("正在播放：快速播放副本（重新封装），并非原始证据文件", "Playing a faststart copy (re-muxed), not the evidence file")
        case .playsOriginal: ("正在播放：原始证据文件", "Playing the original evidence file")
        case .noPlayableCopy: ("没有可在浏览器中播放的副本。", "No copy the browser can play.")
        case .clockCorrection: ("时钟校正", "Clock correction")
        case .unknown: ("未知", "unknown")
        case .storedAt: ("入库时间", "Stored at")
        case .media: ("媒体信息", "Media")
        case .digests: ("摘要值", "Digests")
        case .verification: ("校验", "Verification")
        case .yes: ("是", "yes")
        case .no: ("否", "no")
        case .verifyNow: ("立即校验", "Verify now")
        case .download: ("下载", "Download")
        case .downloadReason: ("下载事由（必填，将记入审计日志）", "Reason for the download (required, audited)")
        case .downloadAudited: ("每次下载都会记录账户、时间和事由。", "Every download is audited with the account, the time and the reason.")
        case .chainOfCustody: ("保管链", "Chain of custody")
        case .noEvents: ("没有记录。", "Nothing recorded.")
        case .eventSeen: ("在设备上发现", "Seen on device")
        case .eventReleased: ("已从设备清除", "Released from device")
        case .eventCustody: ("设备由以下人员保管：", "Device held by")
        case .eventDerived: ("生成派生文件", "Derived copy made:")
        case .until: ("至", "until")
        case .actor: ("操作者", "Actor")
        case .caseWord: ("案件", "Case")
        case .caseTitle: ("案件名称", "Title")
        case .department: ("部门", "Department")
        case .stepCatalogue: ("环节目录", "Step catalogue")
        case .findings: ("问题", "Findings")
        case .errors: ("错误", "Errors")
        case .warnings: ("警告", "Warnings")
        case .infos: ("提示", "Info")
        case .wholeProcess: ("全过程记录", "whole process")
        case .officers: ("执法人员：", "Officers:")
        case .documentsOnly: ("仅需文书记录", "documents only")
        case .noRecording: ("未找到录像", "no recording")
        case .covered: ("覆盖", "covered")
        case .clipsCount: ("段录像", "clips")
        case .noFindings: ("无问题。", "No findings.")
        case .otherFindings: ("其他问题", "Other findings")
        case .stepTimeline: ("环节时间轴", "Step timeline")
        case .uncovered: ("未录制", "uncovered")
        case .steps: ("环节", "Steps")
        case .period: ("时间", "Period")
        case .noCases: ("没有案件。", "No cases.")
        case .generatedAt: ("生成时间", "Generated")
        case .since: ("起始于", "since")
        case .casesCount: ("案件数", "Cases")
        case .stepsWithFindings: ("有问题的环节", "Steps with findings")
        case .byDepartment: ("按部门", "By department")
        case .byOfficer: ("按执法人员", "By officer")
        case .noDepartment: ("（未填部门）", "(no department)")
        case .findingsByKind: ("问题类型", "Findings by kind")
        case .notChecked: ("未能检查", "Not checked")
        case .noneWord: ("无", "none")
        case .seq: ("序号", "Seq")
        case .at: ("时间", "At")
        case .action: ("操作", "Action")
        case .object: ("对象", "Object")
        case .detail: ("详情", "Detail")
        case .noEntries: ("没有审计记录。", "No audit entries.")
        case .olderEntries: ("更早的记录", "Older entries")
        case .role: ("角色", "Role")
        case .accountActive: ("启用", "active")
        case .accountDisabled: ("停用", "disabled")
        case .accountLocked: ("已锁定", "locked")
        }
    }
}

extension Strings {
    /// The text in `language`, not escaped.
    func text(_ language: Language) -> String {
        switch language {
        case .zh: label.zh
        case .en: label.en
        }
    }
}
