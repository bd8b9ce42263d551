import DeviceKit

/// The refusal a device session throws for an operation it does not support; nil when the operation ran,
/// or failed some other way (which the caller's expectation then reports).
public func sessionRefusal(_ body: () throws -> Void) -> DeviceSessionError? {
    do {
        try body()
        return nil
    } catch {
        return error as? DeviceSessionError
    }
}
