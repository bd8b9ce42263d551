import DeviceKit
import Digest
import Foundation
import MassStorageDriver
#if canImport(Glibc)
import Glibc
#endif

/// A mounted recorder volume: each file opened, checked and deleted through the folder handle the volume's
/// walk opened (`RecorderVolume.file(at:)`), never by path, so a folder swapped for a symbolic link after
/// the walk cannot make the gateway read or delete anything outside the volume.
struct VolumeSource: RecordingSource {
    let volume: RecorderVolume
    var copier = StreamingCopy()
    let pins = SourcePins()

    init(volume: RecorderVolume) {
        self.volume = volume
    }

    func location(of recording: Recording) -> String { volume.url(of: recording).path }

    func copy(_ recording: Recording, to destination: Int32, destinationPath: String, hasher: MultiDigest,
              progress: ((Int) -> Void)?) throws -> Int64 {
        try read(recording, destination: destination, destinationPath: destinationPath, hasher: hasher,
                 progress: progress)
    }

    func digest(_ recording: Recording, algorithms: [DigestAlgorithm]) throws -> DigestSet {
        let hasher = MultiDigest(algorithms)
        _ = try read(recording, destination: nil, destinationPath: nil, hasher: hasher, progress: nil)
        return hasher.finalize()
    }

    /// Reads the listed file once, bounded by the size seen at open, and pins what it read.
    private func read(_ recording: Recording, destination: Int32?, destinationPath: String?, hasher: MultiDigest,
                      progress: ((Int) -> Void)?) throws -> Int64 {
        pins.unpin(recording.path)
        let path = location(of: recording)
        let (fd, opened) = try open(recording, path: path)
        defer { close(fd) }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        let outcome = try copier.run(
            source: fd, sourcePath: path, destination: destination, destinationPath: destinationPath,
            hasher: hasher, progress: progress, limit: opened.size)
        let after = try SourceFileIdentity(fd: fd, path: path)
        try opened.checkUnchanged(after: after, bytesRead: outcome.bytes, path: path)
        pins.pin(opened, for: recording.path)
        return outcome.bytes
    }

    /// Opens the file the walk listed for `recording`: a regular file, the same device and inode, and the
    /// size and time the listing (and so the catalog) has.
    private func open(_ recording: Recording, path: String) throws -> (Int32, SourceFileIdentity) {
        guard let file = volume.file(at: recording.path) else {
            throw OffloadError(.notFound, call: "open", path: path, message: "not listed on the volume")
        }
        let opened: (fd: Int32, status: stat)
        do {
            opened = try file.open()
        } catch {
            throw Self.offloadError(error, path: path)
        }
        let identity = SourceFileIdentity(opened.status)
        if let change = Self.listed(file).difference(to: identity) {
            close(opened.fd)
            throw OffloadError(.sourceChanged, call: "open", path: path,
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
    func release(_ recording: Recording) throws -> ReleaseOutcome {
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
            throw Self.offloadError(error, path: path)
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
            throw OffloadError.errno(errno, call: "unlinkat", path: path)
        }
        pins.unpin(recording.path)
        return .released
    }

    /// What the walk saw of the file.
    static func listed(_ file: VolumeFile) -> SourceFileIdentity {
        SourceFileIdentity(device: file.device, inode: file.inode, size: file.size,
                           modifiedSeconds: file.modifiedSeconds, modifiedNanoseconds: file.modifiedNanoseconds)
    }

    static func offloadError(_ problem: VolumeFile.OpenProblem, path: String) -> OffloadError {
        switch problem {
        case .system(let call, let value):
            return .errno(value, call: call, path: path)
        case .notRegular(let what):
            return OffloadError(.sourceChanged, call: "open", path: path,
                                message: "file changed since the volume was listed: it is \(what) now; never read")
        case .replaced:
            return OffloadError(.sourceChanged, call: "open", path: path,
                                message: "file changed since the volume was listed: another file has its name now")
        }
    }
}
