#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension DigestAlgorithm {
    /// The digest of `bytes` with this algorithm, in one call on the caller's thread.
    ///
    /// For short records (an audit entry, a manifest); stream anything large through ``MultiDigest``.
    public func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        switch self {
        case .sha256:
            var digest = SHA256Digest()
            digest.update(bytes)
            return digest.finalize()
        case .sm3:
            var digest = SM3()
            digest.update(bytes)
            return digest.finalize()
        }
    }

    /// The digest of `data` (an array, `Data`, a slice…) with this algorithm.
    @inlinable
    public func hash<D: DataProtocol>(data: D) -> [UInt8] {
        // Contiguous data (arrays, most `Data`) is hashed in place; anything else is gathered first.
        if let digest = data.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(data).withUnsafeBytes { hash($0) }
    }
}
