import Foundation

/// The second stage of an offload: verifies, commits and catalogues staged copies on its own thread,
/// so the next recording is copied from the device while this one is read back from storage.
///
/// At most `depth` staged copies wait at once, which bounds the staging space in use. `workers`
/// threads finish copies side by side, so one file's fsync overlaps another's read-back.
final class Finisher: Sendable {
    private let context: SessionContext
    private let board: ResultBoard
    private let queue = BlockingQueue<StagedCopy>()
    private let slots: DispatchSemaphore
    private let done = DispatchSemaphore(value: 0)
    private let workers: Int

    init(context: SessionContext, board: ResultBoard, depth: Int = 3, workers: Int = 2) {
        self.context = context
        self.board = board
        self.slots = DispatchSemaphore(value: depth)
        self.workers = workers
    }

    func start() {
        for _ in 0..<workers { startWorker() }
    }

    private func startWorker() {
        let thread = Thread { [self] in
            while let staged = queue.pop() {
                let (result, failure) = context.finish(staged)
                board.set(staged.index, result)
                if result.status == .stored { board.addCopied(staged.bytes) }
                if failure?.code == .noSpace { board.abort(because: "the store is full") }
                slots.signal()
            }
            done.signal()
        }
        thread.name = "recgate.offload.finish"
        thread.start()
    }

    func waitForSlot() { slots.wait() }
    func releaseSlot() { slots.signal() }
    func submit(_ staged: StagedCopy) { queue.push(staged) }

    /// Waits until every submitted copy is finished.
    func finish() {
        queue.close()
        for _ in 0..<workers { done.wait() }
    }
}
