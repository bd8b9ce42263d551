import Foundation
import Testing
import MassStorageDriver
import TestSupport

@Suite struct ProfileRegistryTests {
    @Test func theBuiltinProfilesLoadInTheirListedOrder() throws {
        let profiles = try ProfileRegistry.builtin()
        #expect(profiles.map(\.name) == [
            "dcim-datetime-serial-sequence", "officer-datetime", "perday-camera-type-time", "nvr-export", "generic",
        ])
        #expect(profiles.last?.fallbackScore == 0.01)
        for profile in profiles { try ProfileRegistry.validate(profile) }
    }

    @Test func profilesRoundTripThroughJSON() throws {
        for profile in try ProfileRegistry.builtin() {
            let data = try JSONEncoder().encode(profile)
            #expect(try JSONDecoder().decode(VolumeProfile.self, from: data) == profile)
        }
    }

    @Test func aFolderOfProfilesIsReadThroughItsList() throws {
        let dir = try TempDirectory()
        let builtin = try #require(ProfileRegistry.builtinDirectory)
        for name in ["generic.json", "nvr-export.json"] {
            try FileManager.default.copyItem(at: builtin.appendingPathComponent(name), to: dir.path(name))
        }
        // A stray file in the folder is not loaded: only the list counts.
        try Data("not json".utf8).write(to: dir.path("stray.json"))
        try Data(#"{"profiles": ["nvr-export.json", "generic.json"]}"#.utf8).write(to: dir.path("registry.json"))
        #expect(try ProfileRegistry.load(directory: dir.url).map(\.name) == ["nvr-export", "generic"])
    }

    @Test(arguments: [
        (#"^(?<colour>\d+)\.mp4$"#, nil as String?, "unknown group"),
        (#"^(?<start>\d{14}\.mp4$"#, "yyyyMMddHHmmss", "bad regular expression"),
        (#"^(?<start>\d{14})\.mp4$"#, nil, "needs startFormat"),
        (#"^(?<start>\d{14})\.mp4$"#, "yyyyMMddhhmmss", "unknown letter"),
    ])
    func badProfilesAreRefusedWithTheReason(pattern: String, format: String?, reason: String) throws {
        let profile = VolumeProfile(
            name: "bad", description: "", names: [.init(pattern: pattern, startFormat: format)])
        let error = try #require(throws: MassStorageError.self) { try ProfileRegistry.validate(profile, path: "bad.json") }
        #expect(error.code == .invalidProfile)
        #expect(error.path == "bad.json")
        #expect(error.message.contains(reason), "\(error)")
    }

    @Test func aMalformedFileIsNamed() throws {
        let dir = try TempDirectory()
        try Data(#"{"name": "x"}"#.utf8).write(to: dir.path("x.json"))
        let error = try #require(throws: MassStorageError.self) { try ProfileRegistry.load(file: dir.path("x.json")) }
        #expect(error.code == .invalidProfile)
        #expect(error.path?.hasSuffix("x.json") == true)
    }

    @Test func tiesGoToTheEarlierProfile() throws {
        let dir = try TempDirectory()
        try FileManager.default.createDirectory(at: dir.path("x"), withIntermediateDirectories: true)
        let a = VolumeProfile(name: "a", description: "", fallbackScore: 0.5)
        let b = VolumeProfile(name: "b", description: "", fallbackScore: 0.5)
        #expect(try RecorderVolume(root: dir.url, profiles: [a, b]).profile.name == "a")
        #expect(try RecorderVolume(root: dir.url, profiles: [b, a]).profile.name == "b")
    }
}
