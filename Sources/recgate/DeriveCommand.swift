import ArgumentParser
import ComplianceCatalog
import Foundation
import Gateway
import Offload

struct DeriveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "Make what stored clips need to play in a browser: a faststart copy, a review proxy, or a recovery then a proxy.",
        discussion: """
            The decision is the daemon's (from the media facts catalogued at offload): H.264 with AAC or no \
            sound in MP4/MOV with its index first needs nothing; with its index at the end, a faststart copy \
            (a stream copy); other codecs or containers (HEVC, MJPEG, AVI, MKV, PCM or AMR sound ...) a review \
            proxy; a recording cut off before its index is recovered first (a healthy clip of the same device \
            as the reference) and a proxy made from that. Each file is made as the daemon's queue makes it: \
            under <home>/derived, hashed, catalogued with its source and recipe, audited as derived.made. \
            CLIP (its id, or the start of its sha256) is made under proxy_policy all, since it was asked \
            for by name; --pending takes every video clip without a faststart copy or proxy under the \
            home's proxy_policy. --json prints {clips: [{clip_id, sha256, done, reason, derived}], failed}. \
            Exit status: 0, 1 when any clip failed, 2 when CLIP names no clip.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The clip's id, or the start of its sha256 (8 hex digits or more).", valueName: "CLIP"))
    var clip: String?

    @Flag(name: .long, help: "Every stored clip that still needs something under the home's proxy_policy.")
    var pending = false

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @OptionGroup var log: MediaLogOptions

    func validate() throws {
        guard (clip == nil) == pending else { throw ValidationError("give either CLIP or --pending") }
    }

    /// The JSON document: what was done per clip, and how many failed.
    struct Report: Encodable {
        var clips: [Derivation]
        var failed: Int
    }

    func run() throws {
        log.route()
        let gateway = options.gateway
        var results: [Derivation] = []
        do {
            if let clip {
                guard let row = try gateway.clipRow(clip) else {
                    Output.error("no clip \(clip) in the catalog")
                    throw ExitCode(2)
                }
                results.append(gateway.derive(sha256: row.sha256, policy: .all))
            } else {
                let policy = try gateway.configuration().proxyPolicy
                for row in try gateway.clipsPendingDerivation(policy: policy).clips {
                    let result = gateway.derive(sha256: row.sha256, policy: policy)
                    if !json { print(result) }
                    results.append(result)
                }
            }
        } catch let refused as ClipQueryError {
            for problem in refused.problems { Output.error(problem) }
            throw ExitCode(2)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Output.error("cannot read the catalog: \(error)")
            throw ExitCode.failure
        }
        let failed = results.filter { $0.done == .failed }.count
        if json {
            try Output.json(Report(clips: results, failed: failed))
        } else if clip != nil {
            results.forEach(print)
        } else if results.isEmpty {
            Output.line("no clip needs anything")
        }
        if failed > 0 { throw ExitCode.failure }
    }

    /// `<sha256 prefix> <done>: <reason>`, then the derived file's sha256 and path.
    private func print(_ result: Derivation) {
        let name = String(result.sha256.prefix(16))
        if result.done == .failed {
            Output.error("\(name) failed: \(result.reason)")
            return
        }
        Output.line("\(name) \(result.done.rawValue): \(result.reason)")
        if let file = result.derived { Output.line("  \(file.sha256) \(file.path)") }
    }
}
