/// `O_DIRECT`, which Glibc only defines under `_GNU_SOURCE` and so Swift does not import.
/// The value differs by architecture (asm-generic uses 0o40000; arm64 moved it).
#if arch(arm64)
let O_DIRECT: Int32 = 0o200000
#else
let O_DIRECT: Int32 = 0o40000
#endif
