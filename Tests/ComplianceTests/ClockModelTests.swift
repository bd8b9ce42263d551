import Compliance
import DeviceKit
import Foundation
import Testing

@Suite struct ClockModelTests {
    let policy = ClockPolicy()
    typealias F = Fixtures

    func instant(_ text: String) -> Date { F.local(text).instant(in: F.zone)! }

    /// Two dock readings two days apart, the clock gaining 2 s: the offset is interpolated linearly and
    /// its uncertainty is the readings' resolution plus how far a clock within the drift bound could
    /// have strayed from the line.
    @Test func driftIsInterpolatedBetweenReadings() throws {
        let readings = [
            ClockObservation(device: "A001", deviceTime: F.local("2026-11-01 08:00:00"), gatewayTime: F.at("08:00:00", day: 1), source: .dock),
            ClockObservation(device: "A001", deviceTime: F.local("2026-11-03 08:00:02"), gatewayTime: F.at("08:00:00", day: 3), source: .dock),
        ]
        let model = ClockModel(device: "A001", observations: readings, policy: policy)
        #expect(model.resets.isEmpty)
        let slope = 2 / (172_802.0 / 86_400)

        // Halfway: offset 1 s; 1 s of resolution and (2 − s) · 1 day of possible bend.
        let middle = model.estimate(at: instant("2026-11-02 08:00:01"))
        #expect(middle.status == .interpolated)
        #expect(abs(middle.offset - 1.0) < 1e-9)
        #expect(abs(middle.uncertainty! - (1 + (2 - slope) * 86_401 / 86_400)) < 1e-9)
        #expect(abs(middle.uncertainty! - 2.0) < 0.001)

        // A quarter of the way: offset 0.5 s. The clock may have lost 2 s/day for half a day and gained
        // 2 s/day after: 1.5 s below the line.
        let quarter = model.estimate(at: instant("2026-11-01 20:00:00").addingTimeInterval(0.5))
        #expect(abs(quarter.offset - 0.5) < 1e-9)
        #expect(abs(quarter.uncertainty! - 2.5) < 0.001)

        // At a reading: exactly its offset and resolution.
        let atReading = model.estimate(at: instant("2026-11-03 08:00:02"))
        #expect(atReading.offset == 2)
        #expect(atReading.uncertainty == 1)

        // A clip named 2026-11-02 08:00:01 on this device started at 08:00:00 true time.
        let checker = try F.checker(clips: [], clocks: readings)
        let clip = ClipFacts(id: "c", device: "A001", nameStart: F.local("2026-11-02 08:00:01"), duration: 60)
        let corrected = try #require(try checker.correct(clip))
        #expect(corrected.start.instant == F.at("08:00:00", day: 2))
        #expect(corrected.start.offset == 1)
        #expect(abs(corrected.start.uncertainty! - 3.0) < 0.001)
        #expect(corrected.start.readingUncertainty == 1)
        #expect(corrected.start.deviceTime == "2026-11-02T08:00:01")
        #expect(corrected.clock == .interpolated)
    }

    @Test func oneReadingOnlyGrowsTheUncertaintyWithTime() {
        let dock = ClockObservation(device: "A001", deviceTime: F.local("2026-11-01 08:00:10"), gatewayTime: F.at("08:00:00", day: 1), source: .dock)
        let model = ClockModel(device: "A001", observations: [dock], policy: policy)
        let after = model.estimate(at: instant("2026-11-02 08:00:10"))
        #expect(after.status == .extrapolated)
        #expect(after.offset == 10)
        #expect(abs(after.uncertainty! - 3) < 1e-9)
        let before = model.estimate(at: instant("2026-10-31 20:00:10"))
        #expect(abs(before.uncertainty! - 2) < 1e-9)
        // A person reading the screen: ±30 s.
        let manual = ClockObservation(device: "A001", deviceTime: F.local("2026-11-01 08:00:10"), gatewayTime: F.at("08:00:00", day: 1), source: .manual)
        let byHand = ClockModel(device: "A001", observations: [manual], policy: policy).estimate(at: instant("2026-11-02 08:00:10"))
        #expect(abs(byHand.uncertainty! - 32) < 1e-9)
        // A slower-drifting assumption shrinks it.
        var tight = policy
        tight.driftBound = 0.5
        #expect(abs(ClockModel(device: "A001", observations: [dock], policy: tight).estimate(at: instant("2026-11-03 08:00:10")).uncertainty! - 2) < 1e-9)
    }

    @Test func noReadingMeansNoCorrectionAndUnknownUncertainty() {
        let model = ClockModel(device: "A001", observations: [], policy: policy)
        let estimate = model.estimate(at: instant("2026-11-02 08:00:00"))
        #expect(estimate.status == .noClockReading)
        #expect(estimate.offset == 0)
        #expect(estimate.uncertainty == nil)
        #expect(model.deviceWindows(for: DateInterval(start: F.at("09:00:00"), end: F.at("10:00:00")))
            == [DateInterval(start: F.at("09:00:00"), end: F.at("10:00:00"))])
    }

    /// The gateway set the clock after reading it 30 s fast: the next era starts at 0, and the device
    /// time going back 30 s is a set, not a reset.
    @Test func aSetStartsAgainFromZero() {
        let readings = [
            F.dock(at: F.at("08:00:00", day: 1), offset: 30, set: true),
            F.dock(at: F.at("08:00:00", day: 3), offset: 4, set: true),
        ]
        let model = ClockModel(device: "A001", observations: readings, policy: policy)
        #expect(model.resets.isEmpty)
        let between = model.estimate(at: instant("2026-11-02 08:00:02"))
        #expect(between.status == .interpolated)
        #expect(abs(between.offset - 2) < 0.001)
        let before = model.estimate(at: instant("2026-10-31 20:00:30"))
        #expect(before.offset == 30)
        #expect(before.status == .extrapolated)
        let after = model.estimate(at: instant("2026-11-04 08:00:00"))
        #expect(after.offset == 0)
        #expect(abs(after.uncertainty! - 3) < 1e-9)
    }

    /// The clock went back below the previous reading between two docks: device times the clock
    /// showed both before and after the reset cannot be placed; times only one side could have shown can.
    @Test func aClockThatWentBack() {
        let readings = [
            ClockObservation(device: "A001", deviceTime: F.local("2026-11-01 08:00:00"), gatewayTime: F.at("08:00:00", day: 1), source: .dock),
            ClockObservation(device: "A001", deviceTime: F.local("2026-10-31 20:00:00"), gatewayTime: F.at("08:00:00", day: 3), source: .dock),
        ]
        let model = ClockModel(device: "A001", observations: readings, policy: policy)
        #expect(model.resets.map(\.reason) == [.wentBack])
        #expect(model.resets.first?.lastGoodReading == F.at("08:00:00", day: 1))
        // The clock restarted at most 2 days before 2026-10-31 20:00: earlier device times are from before.
        #expect(model.estimate(at: instant("2026-10-29 10:00:00")).status == .extrapolated)
        let ambiguous = model.estimate(at: instant("2026-11-01 12:00:00"))
        #expect(ambiguous.status == .resetSpan)
        #expect(ambiguous.uncertainty == nil)
        #expect(ambiguous.reset?.revealedAt == F.at("08:00:00", day: 3))
        // After the last good reading the clock could not have run past this before the reset was seen.
        let later = model.estimate(at: instant("2026-11-03 09:00:00"))
        #expect(later.status == .extrapolated)
        #expect(later.offset == -60 * 3600)
    }

    /// A flat battery reset the clock to 2000-01-01; the dock saw it, read it and set it.
    @Test func aClockResetToTheDefaultDate() {
        let readings = [
            F.dock(at: F.at("08:00:00", day: 1), offset: 0),
            ClockObservation(device: "A001", deviceTime: F.local("2000-01-01 10:00:00"), gatewayTime: F.at("18:00:00", day: 3),
                             source: .dock, clockSet: true),
        ]
        let model = ClockModel(device: "A001", observations: readings, policy: policy)
        #expect(model.resets.map(\.reason) == [.defaultDate])
        // Recorded after the reset, before the dock: a guess from the dock reading, not trusted.
        let afterReset = model.estimate(at: instant("2000-01-01 02:00:00"))
        #expect(afterReset.status == .resetSpan)
        #expect(instant("2000-01-01 02:00:00").addingTimeInterval(-afterReset.offset) == F.at("10:00:00"))
        // Recorded before the reset but after the last good reading: the reset span too.
        #expect(model.estimate(at: instant("2026-11-02 09:00:00")).status == .resetSpan)
        // After the set: trusted again.
        let afterSet = model.estimate(at: instant("2026-11-04 09:00:00"))
        #expect(afterSet.status == .extrapolated)
        #expect(afterSet.offset == 0)
        // A default date on a device none of whose readings explains it.
        let clean = ClockModel(device: "A001", observations: [F.dock(at: F.at("08:00:00", day: 1), offset: 0)], policy: policy)
        #expect(clean.estimate(at: instant("2000-02-01 10:00:00")).status == .defaultDate)
        #expect(clean.estimate(at: instant("2000-02-01 10:00:00")).uncertainty == nil)
    }

    @Test func aClockSetAnHourAheadByHandIsAJump() {
        let readings = [F.dock(at: F.at("08:00:00", day: 1), offset: 0), F.dock(at: F.at("08:00:00", day: 3), offset: 3600)]
        let model = ClockModel(device: "A001", observations: readings, policy: policy)
        #expect(model.resets.map(\.reason) == [.jumped])
        // Set back a day, though still later than the reading before: a jump, not a fall below it.
        let back = [F.dock(at: F.at("08:00:00", day: 1), offset: 0), F.dock(at: F.at("08:00:00", day: 3), offset: -86_400)]
        #expect(ClockModel(device: "A001", observations: back, policy: policy).resets.map(\.reason) == [.jumped])
        // Within drift (2 s over two days) is no jump.
        let drift = [F.dock(at: F.at("08:00:00", day: 1), offset: 0), F.dock(at: F.at("08:00:00", day: 3), offset: 50)]
        #expect(ClockModel(device: "A001", observations: drift, policy: policy).resets.isEmpty)
    }

    /// The windows asked of the clip index follow the eras' offsets.
    @Test func deviceWindowsShiftByTheOffset() {
        let readings = [F.dock(at: F.at("09:30:00"), offset: 600), F.dock(at: F.at("09:45:00"), offset: 600)]
        let model = ClockModel(device: "A001", observations: readings, policy: policy)
        let windows = model.deviceWindows(for: DateInterval(start: F.at("09:00:00"), end: F.at("10:00:00")))
        #expect(windows.count == 1)
        // 600 s ahead, widened by the readings' resolution (1 s) and 1 s of slack.
        #expect(windows[0] == DateInterval(start: F.at("09:09:58"), end: F.at("10:10:02")))
    }
}
