import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Holds an offload inside a read of a recording (the pattern of the docked-serve tests): the card's FUSE
/// driver is stopped, and `/proc` tells whether the daemon's thread now waits in a read of a file on the card
/// with more of it to come. A path call caught waiting (open, stat) lets the card go on and tries again.
enum FuseWait {
    /// True when the offload is held in a read (the card left stopped); false when no catch came before a
    /// generous deadline.
    static func catchInRead(daemon: pid_t, card: pid_t, root: String, size: Int) async throws -> Bool {
        let deadline = Date().addingTimeInterval(240)
        while Date() < deadline {
            kill(card, SIGSTOP)
            let waiting = await waitUntil { waitingThread(daemon) != nil }
            if waiting, let thread = waitingThread(daemon), isRead(thread, daemon: daemon, root: root, size: size) { return true }
            // Let go only for an instant: the card must not run through while the test is not looking.
            kill(card, SIGCONT)
            try await Task.sleep(for: .milliseconds(1))
        }
        return false
    }

    /// Polls `condition` for up to a few seconds: a stopped driver is waited on at once by a daemon that is
    /// reading, so a longer wait means the daemon was not in a call to the card.
    static func waitUntil(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    /// A thread of `pid` waiting for a FUSE answer (or a page FUSE fills): its `/proc/…/syscall` fields.
    static func waitingThread(_ pid: pid_t) -> [String]? {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for tid in tasks {
            let wchan = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/wchan", encoding: .utf8)) ?? ""
            // A path call waits in `request_wait_answer`; a read waits for its page while FUSE fills it.
            guard ["request_wait_answer", "fuse", "folio_wait", "wait_on_page"].contains(where: wchan.contains) else { continue }
            let call = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/syscall", encoding: .utf8)) ?? ""
            return call.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        return nil
    }

    /// read (0) or pread64 (17) on a descriptor of a file under `root` (of `size` bytes), with bytes of it
    /// left after this read.
    static func isRead(_ fields: [String], daemon: pid_t, root: String, size: Int) -> Bool {
        guard fields.count >= 5, fields[0] == "0" || fields[0] == "17",
              let fd = Int(fields[1].dropFirst(2), radix: 16), let count = Int(fields[3].dropFirst(2), radix: 16)
        else { return false }
        // The link's text only: a stat of the file would wait on the stopped card like the daemon does.
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(daemon)/fd/\(fd)"),
              target.hasPrefix(root + "/")
        else { return false }
        let offset = fields[0] == "17" ? Int(fields[4].dropFirst(2), radix: 16) ?? size : 0
        return fields[0] == "17" ? offset + count + (2 << 20) < size : size > 4 << 20
    }
}
