import Foundation
import TestSupport

/// Runs `recgate` on a pseudo-terminal (Python's `pty`), answering each prompt once it has appeared on
/// the terminal: the answers are typed when asked for, not after a delay (an answer `^C` is Ctrl-C). The
/// transcript ends with `[echo on]` or `[echo off]`: the terminal's echo after the command ended.
enum Terminal {
    struct Result {
        let status: Int32
        /// Everything the terminal showed.
        let transcript: String
    }

    static func run(_ home: AccountHome, _ args: [String], answers: [(prompt: String, answer: String)]) throws -> Result {
        let script = """
            import os, pty, sys, json, termios, signal
            argv, answers = json.loads(sys.argv[1]), json.loads(sys.argv[2])
            master, slave = pty.openpty()
            pid = os.fork()
            if pid == 0:
                os.close(master)
                os.login_tty(slave)
                # As a shell starts a command: no signal blocked (the test runner's threads block some).
                signal.pthread_sigmask(signal.SIG_SETMASK, set())
                os.execv(argv[0], argv)
            # A command that never ends fails the test instead of hanging it.
            signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
            signal.alarm(120)
            seen = b""
            def read():
                global seen
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    chunk = b""
                seen += chunk
                return chunk
            for prompt, answer in answers:
                while prompt.encode() not in seen:
                    if not read():
                        break
                else:
                    seen = seen.replace(prompt.encode(), b"<" + prompt.strip().encode() + b">", 1)
                    os.write(master, b"\\x03" if answer == "^C" else answer.encode() + b"\\n")
            _, status = os.waitpid(pid, 0)
            while True:
                # The child is gone; what it wrote is still to be read (the slave end is held open here).
                os.set_blocking(master, False)
                try:
                    if not read():
                        break
                except BlockingIOError:
                    break
            echo = termios.tcgetattr(slave)[3] & termios.ECHO
            sys.stdout.write(seen.decode("utf-8", "replace") + ("[echo on]" if echo else "[echo off]"))
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let argv = [try PackageRoot.recgate(), "--home", home.home.root.path] + args
        let encode = { (value: Any) in String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self) }
        let result = try TestSupport.run("python3", ["-c", script, try encode(argv), try encode(answers.map { [$0.prompt, $0.answer] })])
        return Result(status: result.status, transcript: result.stdout + result.stderr)
    }
}
