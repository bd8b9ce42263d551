import Foundation
import HTTPTypes
import Hummingbird
import Presentation
import ServiceLifecycle

/// Live progress as server-sent events: `GET /api/events` sends the status document (the one `GET
/// /status` serves) as an event `status` when it changes, at most every half second, and a comment every
/// 15 seconds so proxies keep the stream open. A stream ends when the daemon begins to stop: the server
/// waits for open requests, and a dashboard left open would otherwise keep it from ever stopping.
extension WebHandlers {
    static let watchers: Access = .roles([.equipmentKeeper, .evidenceStaff])

    func registerEvents(_ book: inout RouteBook) {
        book.add(.init(.get, "/api/events", Self.watchers, .api, "Server-sent events: the status document each time it changes")) { _, _ in
            let live = self.live
            let body = ResponseBody { writer in
                var last = Data()
                var quiet = 0
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    let data = try DocumentEncoder.encodeCompact(live.status())
                    if data != last {
                        last = data
                        quiet = 0
                        try await writer.write(ByteBuffer(string: "event: status\ndata: " + String(decoding: data, as: UTF8.self) + "\n\n"))
                    } else {
                        quiet += 1
                        if quiet % 30 == 0 { try await writer.write(ByteBuffer(string: ": keep-alive\n\n")) }
                    }
                    try await Task.sleep(for: .milliseconds(500))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [
                .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
                HTTPField.Name("X-Accel-Buffering")!: "no",
            ], body: body)
        }
        book.add(.init(.get, "/api/sessions", Self.watchers, .api, "The offload sessions of this run of the daemon, with live progress")) { _, _ in
            try Response.json(live.status().sessions)
        }
    }
}
