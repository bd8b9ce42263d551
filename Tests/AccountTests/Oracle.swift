import Foundation
import TestSupport

/// Judges from outside the gateway's code.
enum Oracle {
    /// Whether libxcrypt's bcrypt (through Python's `crypt`) takes `password` for `hash`.
    static func bcryptAccepts(_ password: String, _ hash: String) throws -> Bool {
        let script = """
            import sys, warnings
            warnings.simplefilter("ignore")
            import crypt
            password, hash = sys.argv[1], sys.argv[2]
            sys.exit(0 if crypt.crypt(password, hash) == hash else 1)
            """
        let result = try run("python3", ["-c", script, password, hash])
        guard result.status == 0 || result.status == 1 else {
            throw TestSupportError("python3 crypt failed (\(result.status)): \(result.stderr)")
        }
        return result.status == 0
    }
}
