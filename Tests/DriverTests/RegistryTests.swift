import AllDrivers
import AmbarellaDriver
import DeviceKit
import HubDriver
import MassStorageDriver
import PTPDriver
import Testing

@Suite struct RegistryTests {
    let registry = BuiltInDrivers.registry

    @Test func theRecorderMatchesAmbarellaByItsExactID() throws {
        let match = registry.match(Candidates.recorder)
        #expect(match.driverName == "ambarella")
        #expect(match.score == .exactModel)
        #expect(match.kind == .recorder)
        let model = try #require(match.model)
        #expect(model.name == "Ambarella recorder (unbranded)")
        #expect(model.quirks == [.sharedID, .reenumeratesAsMassStorage])
        #expect(match.state == "attached" && match.tiedDriverNames.isEmpty)
    }

    @Test func aListedCameraMatchesPTPByItsExactID() {
        let match = registry.match(Candidates.canon)
        #expect(match.driverName == "ptp")
        #expect(match.score == .exactModel)
        #expect(match.model?.name == "Canon PowerShot SX200 IS")
        #expect(match.kind == .camera)
    }

    @Test func anUnlistedCameraMatchesPTPByItsInterfaceClass() {
        let match = registry.match(Candidates.unlistedCamera)
        #expect(match.driverName == "ptp")
        #expect(match.score == .classMatch)
        #expect(match.model == nil)
        #expect(match.kind == .camera)
    }

    @Test func aMassStorageInterfaceMatchesMassStorage() {
        let match = registry.match(Candidates.stick)
        #expect(match.driverName == "mass-storage")
        #expect(match.score == .classMatch)
        #expect(match.kind == .storage)
    }

    @Test func hubsMatchByIDOrClass() {
        #expect(registry.match(Candidates.hub).driverName == "hub")
        #expect(registry.match(Candidates.hub).score == .exactModel)
        #expect(registry.match(Candidates.rootHub).model?.quirks.contains(.rootHub) == true)
        let unlisted = registry.match(Candidates.unlistedHub)
        #expect(unlisted.driverName == "hub" && unlisted.score == .classMatch && unlisted.kind == .hub)
    }

    @Test func theAmbarellaVendorAloneNeedsAVendorInterface() {
        // Another product under 0x4255 with the recorders' vendor-specific interface: vendor-only.
        var other = Candidates.recorder
        other.productID = 0x0002
        let match = registry.match(other)
        #expect(match.driverName == "ambarella" && match.score == .vendorOnly && match.model == nil)
        // Under 0x4255 in storage mode: the mass-storage class outscores the vendor.
        other.interfaces = [ClassCode(0x08, 0x06, 0x50)]
        #expect(registry.match(other).driverName == "mass-storage")
        #expect(AmbarellaFamily().probe(other) == nil)
        // Under 0x4255 with neither (usb.ids: GoPro's photo display 4255:1000): nobody's.
        other.productID = 0x1000
        other.interfaces = [ClassCode(0x03)]
        #expect(registry.match(other).state == "unknown")
    }

    @Test func aKeyboardIsUnknown() {
        let match = registry.match(Candidates.keyboard)
        #expect(match.driverName == nil && match.kind == nil && match.model == nil && match.score == nil)
        #expect(match.state == "unknown")
        for driver in registry.drivers { #expect(driver.probe(Candidates.keyboard) == nil, "\(driver.name)") }
    }

    @Test func equalBestScoresAreATieNamedInRegistryOrder() {
        // Still image and mass storage at once: PTP and mass storage both score a class match.
        let match = registry.match(Candidates.composite)
        guard case .tie(let drivers, let score) = match else {
            Issue.record("expected a tie, got \(match.state) \(match.driverName ?? "-")")
            return
        }
        #expect(drivers.map(\.name) == ["ptp", "mass-storage"])
        #expect(score == .classMatch)
        #expect(match.state == "ambiguous" && match.driverName == nil && match.kind == nil)
        #expect(match.tiedDriverNames == ["ptp", "mass-storage"])
    }

    @Test func twoExactClaimsTie() {
        let keyboard = DeviceModel(vendorID: 0x046D, productID: 0xC31C, name: "K120", kind: .recorder)
        let registry = DriverRegistry([
            TestDriver(name: "first", models: [keyboard]), PTPFamily(), TestDriver(name: "second", models: [keyboard]),
        ])
        #expect(registry.match(Candidates.keyboard).tiedDriverNames == ["first", "second"])
        #expect(registry.match(Candidates.keyboard).score == .exactModel)
        // The PTP driver is not in the tie: it does not claim a keyboard at all.
        #expect(registry.match(Candidates.canon).driverName == "ptp")
    }

    @Test func theBestScoreWinsWhateverTheOrder() {
        // A test driver that lists the unlisted camera exactly outranks PTP's class claim, before or after it.
        let exact = TestDriver(name: "exact", kind: .camera, models: [
            DeviceModel(vendorID: 0x1234, productID: 0x5678, name: "Test Camera", kind: .camera),
        ])
        let vendor = TestDriver(name: "vendor", vendorClaims: [VendorClaim(0x1234)])
        for drivers in [[exact, PTPFamily(), vendor], [vendor, PTPFamily(), exact]] as [[any DeviceDriver]] {
            let match = DriverRegistry(drivers).match(Candidates.unlistedCamera)
            #expect(match.driverName == "exact" && match.model?.name == "Test Camera")
        }
        // Without it, the class claim beats the vendor claim.
        #expect(DriverRegistry([vendor, PTPFamily()]).match(Candidates.unlistedCamera).driverName == "ptp")
        #expect(DriverRegistry([vendor]).match(Candidates.unlistedCamera).score == .vendorOnly)
        #expect(ProbeScore.exactModel > .classMatch && ProbeScore.classMatch > .vendorOnly)
    }

    @Test func noTwoDriversListTheSameModel() {
        var owner: [UInt32: String] = [:]
        for driver in registry.drivers {
            for model in driver.models {
                let id = UInt32(model.vendorID) << 16 | UInt32(model.productID)
                #expect(owner[id] == nil, "\(model.name) in \(driver.name) and \(owner[id] ?? "")")
                owner[id] = driver.name
            }
        }
        #expect(owner.count >= 10)
        #expect(Set(registry.drivers.map(\.name)) == ["ambarella", "ptp", "mass-storage", "hub"])
    }

    @Test func capabilitiesAreOnlyWhatTheCodeDoes() {
        // Ambarella: both variants log in and switch; the ASCII one also reads information and the battery and
        // sets the clock. No command reads the clock.
        #expect(AmbarellaFamily().capabilities.names == ["identify", "read_info", "set_clock", "battery", "switch_to_mass_storage"])
        // PTP: what the emulated-camera tests exercise; no resumable read yet.
        #expect(PTPFamily().capabilities.names
            == ["identify", "read_clock", "set_clock", "battery", "list_recordings", "read_recordings",
                "delete_recordings", "storage"])
        // Mass storage works through the mounted volume: no clock, no officer info; storage by statvfs.
        #expect(MassStorageFamily().capabilities.names
            == ["identify", "list_recordings", "read_recordings", "delete_recordings", "storage"])
        #expect(HubFamily().capabilities.names == ["bays", "port_status", "port_power"])
    }
}
