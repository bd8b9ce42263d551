import Presentation

extension Pages {
    /// One clip: the player (`#proxy-player`) with a label saying which file plays (`#player-label`),
    /// the digests, the verification state and its form, the chain of custody as a vertical timeline
    /// (`#custody-timeline li.event[data-kind]`), and the download form that asks for a reason.
    /// `player` nil: no copy the browser can play (the page says so).
    public static func clip(_ detail: ClipDetail, player: PlayerSource?, context: PageContext) -> Page {
        let c = context
        let clip = detail.clip
        let base = "/clips/\(HTML.urlComponent(clip.id))"
        var body = "<div class=\"columns\">\n<section class=\"card player\">\n"
        if let player {
            body += "<video id=\"proxy-player\" controls preload=\"metadata\" src=\"\(HTML.escape(player.url))\" "
                + "data-plays=\"\(player.kind.rawValue)\"></video>\n"
                + "<p id=\"player-label\" class=\"\(player.kind == .original ? "notice" : "notice warning")\" data-plays=\"\(player.kind.rawValue)\">"
                + "\(c.t(player.label))</p>\n"
        } else {
            body += "<p id=\"player-label\" class=\"notice\" data-plays=\"none\">\(c.t(.noPlayableCopy))</p>\n"
        }
        body += "<dl class=\"facts\"><dt>\(c.t(.fileName))</dt><dd>\(HTML.escape(clip.source_name))</dd>"
            + "<dt>\(c.t(.device))</dt><dd>\(serialLink(clip.device))</dd>"
            + "<dt>\(c.t(.officer))</dt><dd>\(HTML.escape(clip.officer ?? "—"))</dd>"
            + "<dt>\(c.t(.recorded))</dt><dd>\(recordedTime(clip, context: c))"
            + (clip.recorded_end.map { " – \(c.time($0))" } ?? "") + "</dd>"
            + "<dt>\(c.t(.clockCorrection))</dt><dd>\(clip.correction_s.map { HTML.escape(Quantity.offset($0)) } ?? c.t(.unknown))</dd>"
            + "<dt>\(c.t(.kind))</dt><dd>\(ClipLabel.text(clip.kind, c))</dd>"
            + "<dt>\(c.t(.size))</dt><dd>\(HTML.escape(Quantity.bytes(clip.size))) (\(clip.size) B)</dd>"
            + "<dt>\(c.t(.storedAt))</dt><dd>\(c.time(clip.stored_at))</dd>"
        if let media = detail.media {
            var facts = [media.format, media.video_codec, media.audio_codec].compactMap { $0 }
            if let w = media.width, let h = media.height { facts.append("\(w)×\(h)") }
            if let d = media.duration_s { facts.append(secondsText(d)) }
            body += "<dt>\(c.t(.media))</dt><dd>\(HTML.escape(facts.joined(separator: " · ")))</dd>"
        }
        body += "</dl>\n</section>\n"

        body += "<section class=\"card\">\n<h2>\(c.t(.digests))</h2>\n<dl id=\"digests\" class=\"facts\">"
            + "<dt>SHA-256</dt><dd><code class=\"digest sha256\">\(HTML.escape(clip.sha256))</code></dd>"
            + "<dt>SM3</dt><dd>\(clip.sm3.map { "<code class=\"digest sm3\">\(HTML.escape($0))</code>" } ?? "—")</dd></dl>\n"
        body += "<h2>\(c.t(.verification))</h2>\n<dl id=\"verification\" class=\"facts\" data-status=\"\(HTML.escape(clip.status))\">"
            + "<dt>\(c.t(.clipStatus))</dt><dd>\(ClipLabel.text(clip.status, c))</dd>"
            + "<dt>\(c.t(.integrity))</dt><dd>\(integrityBadge(detail.media?.integrity ?? clip.integrity, context: c))</dd>"
            + "<dt>\(c.t(.lockedField))</dt><dd>\(c.t(clip.locked ? .yes : .no))</dd></dl>\n"
        body += "<form id=\"verify-form\" method=\"post\" action=\"\(HTML.escape(base))/verify\">\(c.csrfInput)"
            + "<button type=\"submit\" class=\"secondary\">\(c.t(.verifyNow))</button></form>\n"
        body += "<h2>\(c.t(.download))</h2>\n<form id=\"download-form\" method=\"post\" action=\"\(HTML.escape(base))/download\">"
            + "\(c.csrfInput)<label for=\"download-reason\">\(c.t(.downloadReason))</label>"
            + "<textarea id=\"download-reason\" name=\"reason\" required minlength=\"4\" maxlength=\"500\" rows=\"2\"></textarea>"
            + "<button type=\"submit\">\(c.t(.download))</button><p class=\"hint\">\(c.t(.downloadAudited))</p></form>\n"
        body += "</section>\n</div>\n"

        body += "<h2>\(c.t(.chainOfCustody))</h2>\n<ol id=\"custody-timeline\" class=\"timeline\">\n"
        let events = CustodyEvent.all(detail, context: c)
        for event in events {
            body += "<li class=\"event\" data-kind=\"\(event.kind)\"><span class=\"when\">\(event.when)</span>"
                + "<span class=\"what\">\(event.what)</span></li>\n"
        }
        if events.isEmpty { body += "<li class=\"empty\">\(c.t(.noEvents))</li>\n" }
        body += "</ol>\n"
        return Layout.page(title: "\(c.raw(.clip)) \(clip.source_name)", section: .clips, pageID: "clip", context: c, body: body)
    }
}
