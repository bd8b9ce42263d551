import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Named points of an offload that a crash test can stop the process at, so a `kill -9` lands at a known
/// instant (after the staging write, after the read-back, after the commit…) instead of after a delay
/// that a busy machine stretches or shrinks.
///
/// Off unless `RECGATE_TEST_CHECKPOINTS` names a file: the environment is read once, and with it unset
/// `reached` is one check of a constant. When set, every point reached appends its name and a newline to
/// that file (one `write` on an `O_APPEND` descriptor, so lines from several threads never mix). When
/// `RECGATE_TEST_STOP_AT` is `NAME:N` as well, the N-th time (counted from 1 over the whole process) the
/// point NAME is reached, its line is written and the whole process stops itself with SIGSTOP: every
/// thread freezes there, and the test, which learns of the stop from `waitpid(WUNTRACED)`, sends SIGKILL.
enum Checkpoint {
    /// The points, listed in the order one recording passes them (a test checks a run logs no other).
    static let names: Set<String> = [
        "session-begun",    // the session's row is written (running), no recording read yet
        "staged",           // the copy is in the staging file (not yet fsynced or verified)
        "verified",         // the staging file was fsynced and read back from storage with equal digests
        "committed",        // the object is linked into the store under its SHA-256 (no catalog row yet)
        "catalogued",       // the clip's row, sighting and audit entry are committed
        "probed",           // the clip's media facts are catalogued
        "release-audited",  // `--release`: the release's audit entry is committed, the device file not yet deleted
        "released",         // `--release`: the device's copy is deleted
    ]

    /// Marks that the point `name` was reached (see the type's comment).
    static func reached(_ name: String) {
        guard let sink else { return }
        sink.reached(name)
    }

    private static let sink: Sink? = Sink(environment: ProcessInfo.processInfo.environment)

    private final class Sink: Sendable {
        private let descriptor: Int32
        private let stopAt: (name: String, count: Int)?
        private let counts = Mutex<[String: Int]>([:])

        init?(environment: [String: String]) {
            guard let path = environment["RECGATE_TEST_CHECKPOINTS"], !path.isEmpty else { return nil }
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                // A test asked for the hook: saying so beats running on without it.
                FileHandle.standardError.write(Data(
                    "RECGATE_TEST_CHECKPOINTS: \(OffloadError.errno(errno, call: "open", path: path))\n".utf8))
                return nil
            }
            descriptor = fd
            if let stop = environment["RECGATE_TEST_STOP_AT"], let colon = stop.lastIndex(of: ":"),
               let count = Int(stop[stop.index(after: colon)...]), count > 0
            {
                stopAt = (String(stop[..<colon]), count)
            } else {
                stopAt = nil
            }
        }

        func reached(_ name: String) {
            // Counting, writing and stopping under one lock: no other point is logged after the stop's line.
            counts.withLock { counts in
                counts[name, default: 0] += 1
                let line = Array((name + "\n").utf8)
                _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if let stopAt, stopAt.name == name, stopAt.count == counts[name] {
                    raise(SIGSTOP)
                }
            }
        }
    }
}
