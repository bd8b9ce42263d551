import Compliance
import DeviceKit
import Foundation
import Testing

@Suite struct ClockObservationFileTests {
    @Test func deviceTimesAsAScreenShowsThem() throws {
        let expected = LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 15)
        #expect(try DeviceTimeText.parse("2026-11-03T09:30:15").get() == expected)
        #expect(try DeviceTimeText.parse("2026-11-03 09:30:15").get() == expected)
        // A zone, a fraction, a missing second, an impossible date: refused.
        for text in ["2026-11-03T09:30:15+08:00", "2026-11-03T09:30:15.5", "2026-11-03 09:30", "2026-02-30 09:30:15", "03/11/2026 09:30:15"] {
            #expect(throws: DeviceTimeProblem.self, "\(text)") { try DeviceTimeText.parse(text).get() }
        }
    }

    @Test func readingsWithDefaults() throws {
        let readings = try ClockObservationFile.parse(Fixtures.bytes("""
            [{"device": "A001234", "device_time": "2026-11-03 09:30:15", "gateway_time": "2026-11-03T09:30:00+08:00"},
             {"device": "A001234", "device_time": "2026-11-04T09:30:17", "gateway_time": "2026-11-04T09:30:00+08:00",
              "source": "dock", "clock_set": true}]
            """))
        #expect(readings == [
            ClockObservation(device: "A001234", deviceTime: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 15),
                             gatewayTime: Fixtures.at("09:30:00"), source: .import),
            ClockObservation(device: "A001234", deviceTime: LocalTimestamp(year: 2026, month: 11, day: 4, hour: 9, minute: 30, second: 17),
                             gatewayTime: Fixtures.at("09:30:00") + 86_400, source: .dock, clockSet: true),
        ])
    }

    @Test func everyProblemWithItsPlace() throws {
        let json = """
            [{"device": "", "device_time": "2026-11-03T25:00:00", "gateway_time": "2026-11-03T09:30:00+08:00"},
             {"device": "A001234", "gateway_time": "yesterday", "source": "guess", "clock_set": "yes", "extra": 1},
             "A001234"]
            """
        do {
            _ = try ClockObservationFile.parse(Fixtures.bytes(json))
            Issue.record("a file with problems was read")
        } catch {
            #expect(error.errors.map(\.kind) == [.emptyValue, .invalidTime, .missingField, .invalidTime, .invalidValue, .invalidBoolean,
                                                 .unknownField, .wrongType])
            #expect(error.errors.map(\.place.line) == [1, 1, 2, 2, 2, 2, 2, 3])
            #expect(error.errors.map(\.place.field) == ["[0].device", "[0].device_time", "[1].device_time", "[1].gateway_time",
                                                        "[1].source", "[1].clock_set", "[1].extra", "[2]"])
        }
        #expect(throws: ImportFailure.self) { try ClockObservationFile.parse(Fixtures.bytes("{\"device\": \"A\"}")) }
    }
}
