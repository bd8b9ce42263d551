/// The recording a step needs besides its documents (Art 10 asks documents of every step).
public enum RecordingRequirement: String, Sendable, Hashable, Codable, CaseIterable {
    /// Audio-visual recording by a body recorder or another device with audio and video (Art 11):
    /// the officers' recorders (through custody) and any device the step names.
    case avPortable = "av_portable"
    /// Audio-visual recording by fixed cameras in the agency's rooms (Art 12): only the devices the
    /// step names (fixed cameras are not carried, so custody says nothing about them).
    case avFixed = "av_fixed"
    /// Documents only: no recording findings.
    case documents

    public var needsRecording: Bool { self != .documents }
}
