import Foundation

/// The profiles the driver knows, in order. The order is explicit (`Profiles/registry.json` lists the
/// files), never whatever a directory listing happens to return: it breaks ties between equal scores,
/// and adding a profile is a reviewed change to that list.
public enum ProfileRegistry {
    /// The name of the list file in a profile folder.
    public static let listFileName = "registry.json"

    /// The profiles shipped in the driver's resource bundle.
    public static func builtin() throws -> [VolumeProfile] {
        try cachedBuiltin.get()
    }

    /// The folder the shipped profiles are in.
    public static var builtinDirectory: URL? {
        Bundle.module.url(forResource: "Profiles", withExtension: nil)
            ?? Bundle.module.resourceURL?.appendingPathComponent("Profiles", isDirectory: true)
    }

    // Loaded once: the bundle does not change while the process runs.
    private static let cachedBuiltin: Result<[VolumeProfile], MassStorageError> = {
        guard let directory = builtinDirectory else {
            return .failure(MassStorageError(code: .noProfile, path: nil, message: "the driver's resource bundle has no Profiles folder"))
        }
        do {
            return .success(try load(directory: directory))
        } catch let error as MassStorageError {
            return .failure(error)
        } catch {
            return .failure(MassStorageError(code: .invalidProfile, path: directory.path, message: "\(error)"))
        }
    }()

    /// The profiles a folder's `registry.json` lists (`{"profiles": ["a.json", …]}`), in that order.
    public static func load(directory: URL) throws -> [VolumeProfile] {
        struct List: Decodable { let profiles: [String] }
        let listURL = directory.appendingPathComponent(listFileName)
        let list: List
        do {
            list = try JSONDecoder().decode(List.self, from: Data(contentsOf: listURL))
        } catch {
            throw MassStorageError(code: .invalidProfile, path: listURL.path, message: "cannot read the profile list (\(error))")
        }
        let profiles = try list.profiles.map { try load(file: directory.appendingPathComponent($0)) }
        var seen: Set<String> = []
        for profile in profiles where !seen.insert(profile.name).inserted {
            throw MassStorageError(code: .invalidProfile, path: listURL.path, message: "two profiles are named \"\(profile.name)\"")
        }
        guard !profiles.isEmpty else {
            throw MassStorageError(code: .noProfile, path: listURL.path, message: "the profile list is empty")
        }
        return profiles
    }

    /// One profile file, decoded and checked (expressions compile, groups and time formats are known).
    public static func load(file: URL) throws -> VolumeProfile {
        let profile: VolumeProfile
        do {
            profile = try JSONDecoder().decode(VolumeProfile.self, from: Data(contentsOf: file))
        } catch {
            throw MassStorageError(code: .invalidProfile, path: file.path, message: "cannot decode the profile (\(error))")
        }
        try validate(profile, path: file.path)
        return profile
    }

    /// Checks a profile made in code the same way a file is checked.
    public static func validate(_ profile: VolumeProfile, path: String? = nil) throws {
        do {
            _ = try CompiledProfile(profile)
        } catch let error as MassStorageError {
            throw MassStorageError(code: error.code, path: path, message: error.message)
        }
    }
}
