import Foundation
import TestSupport

/// Runs `recgate` on a pseudo-terminal (Python's `pty`), answering each prompt once it has appeared on
/// the terminal: the answers are typed when asked for, not after a delay.
enum Terminal {
    struct Result {
        let status: Int32
        /// Everything the terminal showed.
        let transcript: String
    }

    static func run(_ home: AccountHome, _ args: [String], answers: [(prompt: String, answer: String)]) throws -> Result {
        let script = """
            import os, pty, sys, json
            argv, answers = json.loads(sys.argv[1]), json.loads(sys.argv[2])
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(argv[0], argv)
            seen = b""
            def read():
                global seen
                try:
                    chunk = os.read(fd, 4096)
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
                    os.write(fd, answer.encode() + b"\\n")
            while read():
                pass
            _, status = os.waitpid(pid, 0)
            sys.stdout.write(seen.decode("utf-8", "replace"))
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let argv = [try PackageRoot.recgate(), "--home", home.home.root.path] + args
        let encode = { (value: Any) in String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self) }
        let result = try TestSupport.run("python3", ["-c", script, try encode(argv), try encode(answers.map { [$0.prompt, $0.answer] })])
        return Result(status: result.status, transcript: result.stdout + result.stderr)
    }
}
