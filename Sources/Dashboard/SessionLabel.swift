/// Offload session states for people.
enum SessionLabel {
    static func state(_ value: String) -> Strings {
        switch value {
        case "starting": .sessionStarting
        case "running": .sessionRunning
        case "completed": .sessionCompleted
        case "failed": .sessionFailed
        case "interrupted": .sessionInterrupted
        default: .stateUnknown
        }
    }
}
