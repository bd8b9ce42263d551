import Synchronization
import Testing
@testable import Media

/// The hand-over between the proxy's decode thread and its encoding thread.
@Suite struct FrameChannelTests {
    /// A small picture whose `pts` says which one it is.
    static func picture(_ number: Int64) throws(MediaError) -> Frame {
        var frame = try Frame()
        frame.width = 16
        frame.height = 16
        frame.pixelFormat = .gray
        try frame.allocateBuffers()
        frame.pts = number
        return frame
    }

    @Test func framesArriveInOrderWithTheirTagsThenTheEnd() throws {
        let channel = try FrameChannel(capacity: 2)
        let sender = try WorkerThread {
            for number in 0..<50 {
                guard var frame = try? Self.picture(Int64(number)) else { return }
                _ = channel.send(&frame, tag: number % 3)
            }
            channel.close(error: nil)
        }
        var received = try Frame()
        var seen: [(Int64?, Int)] = []
        while let tag = try channel.receive(into: &received) {
            seen.append((received.pts, tag))
            #expect(received.width == 16, "the picture's buffers came along")
        }
        sender.join()
        #expect(seen.map(\.0) == (0..<50).map { Int64?($0) })
        #expect(seen.map(\.1) == (0..<50).map { $0 % 3 })
    }

    @Test func theSendersErrorComesAfterItsFrames() throws {
        let channel = try FrameChannel(capacity: 4)
        var frame = try Self.picture(7)
        #expect(channel.send(&frame, tag: 0))
        channel.close(error: MediaError(.invalidData, call: "av_read_frame"))
        var received = try Frame()
        #expect(try channel.receive(into: &received) == 0)
        #expect(received.pts == 7)
        let error = #expect(throws: MediaError.self) { try channel.receive(into: &received) }
        #expect(error?.call == "av_read_frame")
    }

    @Test func cancellingReleasesAWaitingSender() throws {
        let channel = try FrameChannel(capacity: 1)
        let refused = Atomic<Int>(0)
        let sender = try WorkerThread {
            for number in 0..<1000 {
                guard var frame = try? Self.picture(Int64(number)) else { return }
                if !channel.send(&frame, tag: 0) {
                    refused.store(number, ordering: .relaxed)
                    return
                }
            }
        }
        var received = try Frame()
        for _ in 0..<3 { _ = try channel.receive(into: &received) }
        channel.cancel()
        sender.join()  // returns only because the blocked send gave up
        #expect(refused.load(ordering: .relaxed) >= 3)
    }
}
