import Foundation

/// The plain-language explanations of findings, in Chinese and English. Times are shown on the wall
/// clock of the configured zone, as officers and the legal office read them.
struct FindingText {
    let clock: ZoneClock

    init(zone: TimeZone) { clock = ZoneClock(zone: zone) }

    func time(_ date: Date) -> String { clock.short(date) }

    func seconds(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    func plusMinus(_ value: Double?) -> (zh: String, en: String) {
        guard let value else { return ("误差未知", "uncertainty unknown") }
        return ("±\(seconds(value)) 秒", "±\(seconds(value)) s")
    }

    private func article(_ text: String?) -> (zh: String, en: String) {
        guard let text, let reference = ArticleReference(text) else { return ("", "") }
        return ("（\(reference.chinese)）", " (\(reference.english))")
    }

    private func span(_ step: CaseStep) -> String { "\(time(step.start))–\(time(step.end))" }

    func missingRecording(step: CaseStep, type: StepType, devices: [String], unread: [String]) -> Explanation {
        let a = article(type.recordingArticle)
        let why: (String, String)
        if devices.isEmpty {
            why = type.recording == .avFixed
                ? ("该环节未列明固定摄像设备，无法找到录像。", "The step names no fixed camera, so no recording can be found.")
                : ("执法人员在该时段没有登记领用的记录设备，环节也未列明设备。",
                   "No device was in the custody of the step's officers during it, and the step names none.")
        } else {
            why = ("已查设备：\(devices.joined(separator: "、"))，均无该时段的录像。",
                   "Devices looked at: \(devices.joined(separator: ", ")); none has a recording in that time.")
        }
        var clockZh = "", clockEn = ""
        if !unread.isEmpty {
            clockZh = "设备 \(unread.joined(separator: "、")) 的时钟从未读取，其录像时间可能偏差较大。"
            clockEn = " The clock of \(unread.joined(separator: ", ")) was never read: its recordings may be stamped far from the true time."
        }
        return Explanation(
            zh: "\(type.nameZh)环节 \(step.id)（\(span(step))）应当进行音像记录\(a.zh)，但未找到匹配的录像。\(why.0)\(clockZh)",
            en: "Step \(step.id), \(type.nameEn) (\(span(step))), must be recorded audio-visually\(a.en), but no recording matches it. \(why.1)\(clockEn)")
    }

    func lateStart(step: CaseStep, gap: TimeSpan, first: CoverageBuilder.Edge, certain: Bool) -> Explanation {
        let u = plusMinus(first.time.uncertainty)
        let doubt = certain ? ("", "") : ("（该设备时钟误差未知，结论待核实）", " (the device clock's error is unknown: to be confirmed)")
        return Explanation(
            zh: "环节 \(step.id) 要求全过程记录，于 \(time(step.start)) 开始，但最早的录像（\(first.clip.facts.device) 的 \(first.clip.facts.id)）"
                + "于 \(time(gap.end))（\(u.zh)）才开始，开头 \(seconds(gap.seconds)) 秒未录。录像开头可能含预录缓存，按键时间不早于此。\(doubt.0)",
            en: "Step \(step.id) must be recorded in full and began at \(time(step.start)), but the first recording (\(first.clip.facts.id) "
                + "on \(first.clip.facts.device)) begins at \(time(gap.end)) (\(u.en)): the first \(seconds(gap.seconds)) s are not recorded. "
                + "A clip's start includes any pre-event buffer, so the button was pressed no earlier.\(doubt.1)")
    }

    func earlyEnd(step: CaseStep, gap: TimeSpan, last: CoverageBuilder.Edge, certain: Bool) -> Explanation {
        let u = plusMinus(last.time.uncertainty)
        let doubt = certain ? ("", "") : ("（该设备时钟误差未知，结论待核实）", " (the device clock's error is unknown: to be confirmed)")
        return Explanation(
            zh: "环节 \(step.id) 要求全过程记录，于 \(time(step.end)) 结束，但最后的录像（\(last.clip.facts.device) 的 \(last.clip.facts.id)）"
                + "于 \(time(gap.start))（\(u.zh)）即已结束，最后 \(seconds(gap.seconds)) 秒未录。\(doubt.0)",
            en: "Step \(step.id) must be recorded in full and ended at \(time(step.end)), but the last recording (\(last.clip.facts.id) "
                + "on \(last.clip.facts.device)) ends at \(time(gap.start)) (\(u.en)): the last \(seconds(gap.seconds)) s are not recorded.\(doubt.1)")
    }

    func coverageGap(step: CaseStep, gaps: [TimeSpan], tolerance: Double, certain: Bool) -> Explanation {
        let listZh = gaps.map { "\(time($0.start))–\(time($0.end))（\(seconds($0.seconds)) 秒）" }.joined(separator: "；")
        let listEn = gaps.map { "\(time($0.start))–\(time($0.end)) (\(seconds($0.seconds)) s)" }.joined(separator: "; ")
        let doubt = certain ? ("", "") : ("（相关设备时钟误差未知，结论待核实）", " (a device clock's error is unknown: to be confirmed)")
        return Explanation(
            zh: "环节 \(step.id) 要求全过程记录，但有 \(gaps.count) 段超过 \(seconds(tolerance)) 秒（加时间误差）的时段没有任何录像：\(listZh)。\(doubt.0)",
            en: "Step \(step.id) must be recorded in full, but \(gaps.count) stretch\(gaps.count == 1 ? "" : "es") longer than "
                + "\(seconds(tolerance)) s (plus the time uncertainty) have no recording: \(listEn).\(doubt.1)")
    }

    func timeDisagreement(clip: CorrectedClip) -> Explanation {
        let listZh = clip.disagreement.map { "\(sourceZh($0.source)) \($0.deviceTime)" }.joined(separator: "，")
        let listEn = clip.disagreement.map { "\($0.source) \($0.deviceTime)" }.joined(separator: ", ")
        return Explanation(
            zh: "录像 \(clip.facts.id)（\(clip.facts.device)）各来源的开始时间不一致（设备时间）：\(listZh)。采用\(sourceZh(clip.start.source))的时间，其他来源可能有误，请核对画面中的时间。",
            en: "The sources of clip \(clip.facts.id) (\(clip.facts.device)) disagree on its start (device time): \(listEn). "
                + "The \(clip.start.source) time is used; check the time shown in the picture.")
    }

    private func sourceZh(_ source: String) -> String {
        switch source.replacingOccurrences(of: "+duration", with: "") {
        case "file_name": "文件名"
        case "container": "文件内创建时间"
        case "container_utc": "文件内创建时间（按 UTC）"
        case "file_system", "file_system_end": "文件系统修改时间"
        default: source
        }
    }

    func truncated(clip: CorrectedClip) -> Explanation {
        let state = clip.facts.integrity == .truncated ? ("不完整（录制中断，索引未写入）", "truncated (recording stopped before its index was written)")
            : ("已损坏", "damaged")
        return Explanation(
            zh: "录像 \(clip.facts.id)（\(clip.facts.device)）\(state.0)，作为证据使用前需修复或说明。",
            en: "Clip \(clip.facts.id) (\(clip.facts.device)) is \(state.1); it needs recovery or an explanatory note before use as evidence.")
    }

    func unverified(clip: CorrectedClip) -> Explanation {
        Explanation(
            zh: "录像 \(clip.facts.id)（\(clip.facts.device)）在存储中未经校验，不能确认与设备上的原始文件一致。",
            en: "Clip \(clip.facts.id) (\(clip.facts.device)) is not verified in the store: it is not confirmed to equal the device's original.")
    }

    func noClockReading(device: String, count: Int) -> Explanation {
        Explanation(
            zh: "设备 \(device) 的时钟从未被读取校对，其 \(count) 段录像的时间未经校正，误差未知。",
            en: "The clock of device \(device) was never read, so the times of its \(count) clip\(count == 1 ? "" : "s") here are uncorrected and their error is unknown.")
    }

    func clockReset(device: String, clips: [CorrectedClip], resets: [ClockReset]) -> Explanation {
        let ids = clips.map(\.facts.id).joined(separator: ", ")
        var zh = "设备 \(device) 的时钟曾被重置"
        var en = "The clock of device \(device) was reset"
        if let reset = resets.first {
            let after = reset.lastGoodReading.map(time) ?? "?"
            zh += "（在 \(after) 与 \(time(reset.revealedAt)) 两次读数之间；\(time(reset.revealedAt)) 时设备显示 \(reset.revealedDeviceTime)）"
            en += " (between the readings at \(after) and \(time(reset.revealedAt)); at \(time(reset.revealedAt)) it showed \(reset.revealedDeviceTime))"
        }
        let defaults = clips.filter { $0.defaultDate }
        if !defaults.isEmpty {
            zh += "；录像 \(defaults.map(\.facts.id).joined(separator: ", ")) 的时间是默认日期"
            en += "; clips \(defaults.map(\.facts.id).joined(separator: ", ")) carry a default date"
        }
        return Explanation(
            zh: zh + "。录像 \(ids) 的时间无法可靠校正，所给时间仅为推测，请以画面内容及其他设备核对。",
            en: en + ". The times of clips \(ids) cannot be corrected reliably: the times given are a guess; check them against the picture and other devices.")
    }

    func clockResetPlaced(device: String, clips: [CorrectedClip], resets: [ClockReset]) -> Explanation {
        let ids = clips.map(\.facts.id).joined(separator: ", ")
        let readings = Array(Set(clips.flatMap { $0.start.anchoredBy.map(\.wrappedValue) })).sorted().map(time)
        var zh = "设备 \(device) 的时钟曾被重置", en = "The clock of device \(device) was reset"
        if let reset = resets.first {
            zh += "（\(time(reset.revealedAt)) 读取时设备显示 \(reset.revealedDeviceTime)）"
            en += " (read at \(time(reset.revealedAt)), it showed \(reset.revealedDeviceTime))"
        }
        return Explanation(
            zh: zh + "。录像 \(ids) 按文件序号录制于重置之后，其时间已按 \(readings.joined(separator: "、")) 的读数校正。",
            en: en + ". Clips \(ids) were recorded after the reset, as their sequence numbers show; their times are corrected by the reading\(readings.count == 1 ? "" : "s") at \(readings.joined(separator: ", ")).")
    }

    func sequenceOutOfOrder(device: String, clips: [CorrectedClip]) -> Explanation {
        let list = clips.map { "\($0.facts.id) #\($0.facts.sequence.map(String.init) ?? "?") \(time($0.start.instant))" }
        return Explanation(
            zh: "设备 \(device) 的录像序号与时间顺序不符：\(list.joined(separator: "；"))。设备时钟可能曾被重置或调整，这些录像的时间不可靠。",
            en: "The sequence numbers of device \(device)'s clips are out of order with their times: \(list.joined(separator: "; ")). "
                + "The clock was probably reset or changed; these clips' times cannot be trusted.")
    }

    func sequenceGap(device: String, missing: [Int], before: CorrectedClip, after: CorrectedClip) -> Explanation {
        let numbers = missing.count > 6 ? "\(missing.first!)–\(missing.last!)" : missing.map(String.init).joined(separator: ", ")
        return Explanation(
            zh: "设备 \(device) 在 \(before.facts.id)（#\(before.facts.sequence!)，\(time(before.end.instant)) 结束）与 \(after.facts.id)（#\(after.facts.sequence!)，"
                + "\(time(after.start.instant)) 开始）之间缺少序号 \(numbers) 的 \(missing.count) 个文件。缺口位于序列中间，且更早的未锁定文件仍在，不能以循环覆盖解释；"
                + "可能有录像被删除（第三十四条）。",
            en: "Device \(device) lacks \(missing.count) file\(missing.count == 1 ? "" : "s") numbered \(numbers) between \(before.facts.id) "
                + "(#\(before.facts.sequence!), ending \(time(before.end.instant))) and \(after.facts.id) (#\(after.facts.sequence!), starting "
                + "\(time(after.start.instant))). The hole is in the middle of the sequence with older unlocked files still present, so loop "
                + "recording cannot explain it; recordings may have been deleted (Art 34).")
    }

    func unmatched(clip: CorrectedClip, near step: CaseStep) -> Explanation {
        Explanation(
            zh: "设备 \(clip.facts.device) 的录像 \(clip.facts.id)（\(time(clip.start.instant))–\(time(clip.end.instant))）在环节 \(step.id) 附近，"
                + "但不属于本案任何环节：环节时间可能记录有误，或案卷缺少某个环节。",
            en: "Clip \(clip.facts.id) on \(clip.facts.device) (\(time(clip.start.instant))–\(time(clip.end.instant))) is near step \(step.id) "
                + "but matches no step of the case: a step's times may be wrong, or a step may be missing from the case file.")
    }

    func recordingExempted(step: CaseStep, type: StepType, exemption: StepExemption) -> Explanation {
        let a = article(exemption.article)
        return Explanation(
            zh: "\(type.nameZh)环节 \(step.id)（\(span(step))）未找到录像；案卷载明不宜记录\(a.zh)：\(exemption.reason)",
            en: "Step \(step.id), \(type.nameEn) (\(span(step))), has no recording; the case file says it was unsuitable for recording\(a.en): \(exemption.reason)")
    }

    func internalRoles(step: CaseStep, type: StepType, problems: RoleProblems) -> Explanation {
        let zhRole = ["handler": "承办人", "reviewer": "审核人", "approver": "批准人"]
        var zh: [String] = [], en: [String] = []
        if !problems.missing.isEmpty {
            zh.append("未载明\(problems.missing.map { zhRole[$0] ?? $0 }.joined(separator: "、"))")
            en.append("no \(problems.missing.joined(separator: ", ")) is named")
        }
        for holder in problems.doubled {
            zh.append("\(holder.officer) 同时担任\(holder.roles.map { zhRole[$0] ?? $0 }.joined(separator: "、"))")
            en.append("\(holder.officer) is named as \(holder.roles.joined(separator: " and "))")
        }
        let a = article(InternalRoles.article)
        return Explanation(
            zh: "\(type.nameZh)环节 \(step.id)（\(span(step))）应当分别载明承办人、审核人和批准人\(a.zh)：\(zh.joined(separator: "；"))。",
            en: "Step \(step.id), \(type.nameEn) (\(span(step))), must name its handler, reviewer and approver, each a different person\(a.en): \(en.joined(separator: "; ")).")
    }
}
