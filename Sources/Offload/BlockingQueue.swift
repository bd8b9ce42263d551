import Foundation

/// A first-in first-out queue whose `pop` waits for an element or for the queue to close.
///
/// The stages of a copy hand buffers to each other through these queues; the number of buffers in
/// the pool bounds them, so no queue grows without limit.
final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    // Sendable proof: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var closed = false

    func push(_ element: Element) {
        condition.lock()
        items.append(element)
        condition.signal()
        condition.unlock()
    }

    /// The next element, or nil once the queue is closed and drained.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let element = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return element
    }

    /// No more elements will come; waiting and later `pop` calls return what is left, then nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
