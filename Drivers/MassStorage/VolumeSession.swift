import DeviceKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A session with a mounted recorder volume: each file opened, checked and deleted through the folder
/// handle the volume's walk opened (`RecorderVolume.file(at:)`), never by path, so a folder swapped for a
/// symbolic link after the walk cannot make the gateway read or delete anything outside the volume.
///
/// Supports identify, list, read (a checked file descriptor: the core copies it with its own pipeline),
/// delete, and storage (`statvfs`) when the folder is the root of a mount whose file system tells its size:
/// a folder inside another file system (a copy of a card on the gateway's disk) tells nothing of the
/// device's storage, and fusefat answers `statfs` with 0 blocks. Clocks, battery and officer info are not
/// reachable in storage mode. What is not supported throws ``DeviceSessionError/Code/unsupported``.
public final class VolumeSession: DeviceSession {
    public let volume: RecorderVolume
    let pins = SourcePins()
    /// Why the volume's storage cannot be told, when it cannot (read once, at open).
    let storageUnknown: String?

    public init(volume: RecorderVolume) {
        self.volume = volume
        storageUnknown = Self.storageUnknown(volume)
    }

    public var driverName: String { MassStorageFamily().name }
    public var supported: DriverCapabilities {
        var supported = MassStorageFamily().capabilities
        if storageUnknown != nil { supported.remove(.storage) }
        return supported
    }

    /// Why statvfs of the volume would not be the device's storage: the folder is not a mount's root (the
    /// mount table says), or its file system gives no size; nil when it is the device's.
    static func storageUnknown(_ volume: RecorderVolume) -> String? {
        guard let mount = volume.mount, mount.mountPoint == volume.root.resolvingSymlinksInPath().path else {
            return "the folder is not a mounted volume's root, so its file system is not the device's"
        }
        var info = statvfs()
        guard statvfs(volume.root.path, &info) == 0, info.f_blocks > 0 else {
            return "its file system (\(mount.fileSystemType)) does not tell its size"
        }
        return nil
    }
    public var identity: DeviceIdentity { volume.identity }
    public var label: String { volume.root.path }

    public func location(of recording: Recording) -> String { volume.url(of: recording).path }

    /// The volume's rule: the serial the volume tells (device-info file, else the file names when they all
    /// agree), unless the person names another; a volume that tells none takes the one named.
    public func serial(naming asked: String?) throws -> String {
        switch (volume.identity.serial, asked) {
        case let (found?, asked?) where found != asked:
            throw DeviceSessionError(
                .deviceConflict, call: "identify", path: volume.root.path,
                message: "the volume says device \(found) but --device names \(asked); check which recorder this is")
        case let (found?, _):
            return found
        case let (nil, asked?):
            return asked
        case (nil, nil):
            // What could not be read may be where the device's name is: say so.
            let unread = volume.skipped.filter(\.reason.hidesRecordings).map { "\($0.path) (\($0.detail))" }
            throw DeviceSessionError(
                .invalidArgument, call: "identify", path: volume.root.path,
                message: "neither the volume nor its file names tell which device this is "
                    + "(profile \(volume.profile.name)); name it with --device SERIAL"
                    + (unread.isEmpty ? "" : "; not read: " + unread.joined(separator: ", ")))
        }
    }

    /// The volume's size and the bytes free to write (`statvfs`: blocks and blocks available, in fragments).
    public func condition() throws -> DeviceCondition {
        if let storageUnknown {
            throw DeviceSessionError(.unsupported, call: "storage", path: label,
                                     message: "the \(driverName) driver cannot report this volume's storage: \(storageUnknown)")
        }
        var info = statvfs()
        guard statvfs(volume.root.path, &info) == 0 else {
            throw DeviceSessionError.system(errno, call: "statvfs", path: volume.root.path)
        }
        let unit = Int64(info.f_frsize)
        return DeviceCondition(storageTotal: Int64(info.f_blocks) * unit, storageFree: Int64(info.f_bavail) * unit)
    }

    public func recordings() throws -> RecordingListing {
        RecordingListing(recordings: try volume.recordings(), skipped: volume.skipped)
    }

    /// Opens the listed file; the reader's `finish` checks it unchanged after the read and pins it.
    public func read(_ recording: Recording) throws -> RecordingBytes {
        pins.unpin(recording.path)
        let path = location(of: recording)
        let (fd, opened) = try open(recording, path: path)
        return .file(RecordingFile(descriptor: fd, size: opened.size) { [pins] bytesRead in
            let after = try SourceFileIdentity(fd: fd, path: path)
            try opened.checkUnchanged(after: after, bytesRead: bytesRead, path: path)
            pins.pin(opened, for: recording.path)
        })
    }

    /// Opens the file the walk listed for `recording`: a regular file, the same device and inode, and the
    /// size and time the listing (and so the catalog) has.
    private func open(_ recording: Recording, path: String) throws -> (Int32, SourceFileIdentity) {
        guard let file = volume.file(at: recording.path) else {
            throw DeviceSessionError(.notFound, call: "open", path: path, message: "not listed on the volume")
        }
        let opened: (fd: Int32, status: stat)
        do {
            opened = try file.open()
        } catch {
            throw Self.sessionError(error, path: path)
        }
        let identity = SourceFileIdentity(opened.status)
        if let change = Self.listed(file).difference(to: identity) {
            close(opened.fd)
            throw DeviceSessionError(.sourceChanged, call: "open", path: path,
                                     message: "file changed since the volume was listed: \(change)")
        }
        return (opened.fd, identity)
    }

    /// Deletes the device's file only if its folder is still where the walk found it (`displacement`) and
    /// what has its name in it now (looked at through the held folder handle, not following links) is the
    /// pinned file, unchanged.
    ///
    /// The window that remains: between that `fstatat` and the `unlinkat`, another process could rename a
    /// different file over the name, and that file would be deleted instead (the pinned one would already
    /// have been unlinked by the rename, so no verified recording is lost by it, but the other file is).
    /// Renaming the file aside to a hidden name first and checking that was tried and rejected: on fusefat
    /// `rw+` mounts a rename rewrites the entry's time (one month low, see `FusefatQuirk`), so the check
    /// after it fails and renaming back would leave the recording with a wrong time on the card.
    public func release(_ recording: Recording) throws -> ReleaseOutcome {
        guard let pinned = pins.pinned(recording.path) else {
            return .skipped("not read or hashed in this run, so not known to be the stored bytes")
        }
        let path = location(of: recording)
        guard let file = volume.file(at: recording.path) else {
            return .skipped("not listed on the volume")
        }
        if let moved = file.folder.displacement() {
            return .skipped("it is not where it was read: \(moved)")
        }
        let now: stat?
        do {
            now = try file.statusNow()
        } catch {
            throw Self.sessionError(error, path: path)
        }
        guard let now else { return .skipped("it is gone from the device") }
        guard now.st_mode & S_IFMT == S_IFREG else {
            return .skipped("it is \(VolumeFile.describe(mode: now.st_mode)) now")
        }
        if let change = pinned.difference(to: SourceFileIdentity(now)) {
            return .skipped("it changed since it was read: \(change)")
        }
        let rc = file.withCName { unlinkat(file.folder.fd, $0, 0) }
        if rc != 0 {
            if errno == ENOENT { return .skipped("it is gone from the device") }
            throw DeviceSessionError.system(errno, call: "unlinkat", path: path)
        }
        pins.unpin(recording.path)
        return .released
    }

    /// What the walk saw of the file.
    static func listed(_ file: VolumeFile) -> SourceFileIdentity {
        SourceFileIdentity(device: file.device, inode: file.inode, size: file.size,
                           modifiedSeconds: file.modifiedSeconds, modifiedNanoseconds: file.modifiedNanoseconds)
    }

    static func sessionError(_ problem: VolumeFile.OpenProblem, path: String) -> DeviceSessionError {
        switch problem {
        case .system(let call, let value):
            return .system(value, call: call, path: path)
        case .notRegular(let what):
            return DeviceSessionError(.sourceChanged, call: "open", path: path,
                                      message: "file changed since the volume was listed: it is \(what) now; never read")
        case .replaced:
            return DeviceSessionError(.sourceChanged, call: "open", path: path,
                                      message: "file changed since the volume was listed: another file has its name now")
        }
    }
}
