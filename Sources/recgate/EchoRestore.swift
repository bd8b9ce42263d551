import Foundation

/// Puts the terminal's echo back when Ctrl-C (or another ending signal) comes while a password is typed:
/// the process ends there, and a shell would be left not echoing what is typed next.
enum EchoRestore {
    /// The terminal's settings before the echo went off. `nonisolated(unsafe)`: written only while the
    /// signals below have their default actions (in `arm`, before the handler is installed), and read only
    /// by that handler, whichever thread takes the signal: no read overlaps a write.
    nonisolated(unsafe) private static var saved = termios()
    private static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    static func arm(_ settings: termios) {
        saved = settings
        for number in signals {
            _ = signal(number) { number in
                // tcsetattr and raise are async-signal-safe.
                _ = tcsetattr(STDIN_FILENO, TCSANOW, &EchoRestore.saved)
                _ = signal(number, SIG_DFL)
                _ = raise(number)
            }
        }
    }

    static func disarm() {
        for number in signals { _ = signal(number, SIG_DFL) }
    }
}
