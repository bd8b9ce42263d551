import Compliance
import ComplianceCatalog
import DeviceKit
import Evidence
import Foundation

extension ClipDetail {
    /// A clip's dossier as documents show it: recording times in `zone`, store and audit times in UTC.
    public init(_ dossier: ClipDossier, zone: TimeZone) {
        func utc(_ date: Date) -> String { RFC3339.string(date) }
        self.init(
            clip: ClipSummary(dossier.clip, zone: zone),
            media: dossier.media.last.map { Media($0) },
            sightings: dossier.sightings.map {
                Sighting(session_id: $0.row.sessionID, device: $0.device, source_path: $0.row.sourcePath, seen_at: utc($0.row.seenAt),
                         released_at: $0.row.releasedAt.map(utc))
            },
            custody: dossier.custody.map {
                Custody(officer: $0.officer, from: RFC3339.string(Date(timeIntervalSince1970: TimeInterval($0.fromS)), in: zone),
                        to: $0.toS.map { RFC3339.string(Date(timeIntervalSince1970: TimeInterval($0)), in: zone) })
            },
            clock: dossier.clockReadings.map { row in
                let device = LocalTimestamp(catalogText: row.deviceTime)?.instant(in: zone)
                return ClockReading(at: utc(Date(timeIntervalSince1970: row.gatewayS)), device_time: row.deviceTime,
                                    offset_s: device.map { $0.timeIntervalSince1970 - row.gatewayS } ?? 0, source: row.source)
            },
            derived: dossier.derived.map {
                Derived(id: $0.id, kind: $0.kind, sha256: $0.sha256, size: $0.size, recipe: $0.recipe, created_at: utc($0.createdAt))
            },
            audit: dossier.audit.map {
                AuditItem(seq: Int64($0.seq), at: utc($0.at), actor: $0.actor, action: $0.action, detail: $0.detail)
            })
    }
}

extension ClipDetail.Media {
    /// A probe's row, with codecs, picture size and file size from its facts JSON when present.
    init(_ row: ClipMediaRow) {
        let facts = try? JSONDecoder().decode(ProbeFacts.self, from: Data(row.facts.utf8))
        let video = facts?.streams?.first { $0.type == "video" }
        let audio = facts?.streams?.first { $0.type == "audio" }
        self.init(format: row.format, duration_s: row.duration, integrity: row.integrity, video_codec: video?.codec,
                  audio_codec: audio?.codec, width: video?.width, height: video?.height, prober: row.prober, size: facts?.size)
    }

    /// The few fields of the prober's facts (`recgate probe --json`) the detail shows.
    private struct ProbeFacts: Decodable {
        struct Stream: Decodable {
            var type: String?
            var codec: String?
            var width: Int?
            var height: Int?
        }
        var size: Int64?
        var streams: [Stream]?
    }
}
