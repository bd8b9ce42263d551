/// One parser of what a device sends, as a function of bytes: what the fuzzer (`recgate-fuzz`, `make fuzz`)
/// drives and what `FuzzRegressionTests` replays the kept inputs through.
///
/// A parser must give a value or its typed error for any input. A target checks what must hold of the value
/// as well (it fits in the input, it survives its own encoding), and says what did not as a ``Outcome/violation``:
/// the fuzzer stops on one as on a crash, a test fails.
public struct FuzzTarget: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The input parsed; a short account of the value.
        case value(String)
        /// The input was refused with the parser's typed error.
        case refused(String)
        /// Something that must hold did not.
        case violation(String)
    }

    /// The target's name: its corpus is `fuzz/corpus/<name>/`, its kept failures `fuzz/regressions/<name>/`.
    public let name: String
    /// The longest input worth trying (what a device can send to this parser in one go).
    public let maxLength: Int
    public let run: @Sendable ([UInt8]) -> Outcome

    public init(name: String, maxLength: Int, run: @escaping @Sendable ([UInt8]) -> Outcome) {
        self.name = name
        self.maxLength = maxLength
        self.run = run
    }

    /// Every target. Adding one is a function in its own file, a line here and a seed corpus folder
    /// (fuzz/README.md).
    public static let all: [FuzzTarget] = [
        ptpContainer, ptpDeviceInfo, ptpObjectInfo, ptpStorageInfo, ptpString, ptpDateTime, deviceInfoFile,
        mtpObjectPropList, mtpPropertyValue, mtpEvent, ambarellaReply,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Checks gathered while a target looks at a value.
struct Checks {
    private(set) var failed: [String] = []

    mutating func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { failed.append(what()) }
    }

    /// The outcome: a violation naming every failed check, else the value's account.
    func outcome(_ value: @autoclosure () -> String) -> FuzzTarget.Outcome {
        failed.isEmpty ? .value(value()) : .violation(failed.joined(separator: "; "))
    }
}
