/// Why a derived file could not be made.
public enum DerivationError: Error, CustomStringConvertible {
    /// A truncated recording, but no clip of its device could serve as the recovery's reference.
    case noRecoveryReference(deviceID: String, refused: [String])

    public var description: String {
        switch self {
        case .noRecoveryReference(let device, let refused):
            "no healthy H.264/AAC MP4 of the same device (\(device)) in the catalog to recover it with"
                + (refused.isEmpty ? "" : "; refused: " + refused.joined(separator: "; "))
        }
    }
}
