import Foundation
import Testing
import TestSupport

/// deploy/: the systemd units pass `systemd-analyze verify` (every key known, every value parsed), and the
/// mount helper refuses what is not a block device's name before touching anything.
@Suite struct DeployTests {
    static let deploy = PackageRoot.url.appendingPathComponent("deploy")
    static let helper = deploy.appendingPathComponent("recgate-volume").path
    static var hasAnalyze: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") }

    /// Verifies a unit as installed, its programs pointed at ones that exist here (verify checks they can run).
    func verify(_ unit: String, as name: String) throws -> ProcessOutput {
        let folder = try TempDirectory()
        let text = try String(contentsOf: Self.deploy.appendingPathComponent(unit), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/recgate", with: "/bin/true")
            .replacingOccurrences(of: "/usr/local/lib/recgate/recgate-volume", with: Self.helper)
        let file = folder.url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return try run("systemd-analyze", ["verify", "--man=no", file.path])
    }

    @Test(.enabled(if: hasAnalyze, "needs systemd-analyze (apt package systemd)"))
    func theDaemonsUnitVerifies() throws {
        let out = try verify("recgate.service", as: "recgate.service")
        #expect(out.status == 0 && out.stderr.isEmpty && out.stdout.isEmpty, "\(out.stderr)\(out.stdout)")
    }

    @Test(.enabled(if: hasAnalyze, "needs systemd-analyze (apt package systemd)"))
    func theVolumeUnitVerifiesForAPartition() throws {
        let out = try verify("recgate-volume@.service", as: "recgate-volume@sdb1.service")
        #expect(out.status == 0 && out.stderr.isEmpty && out.stdout.isEmpty, "\(out.stderr)\(out.stdout)")
    }

    /// The hardening the daemon's unit promises, each key present as written.
    @Test func theDaemonRunsConfined() throws {
        let lines = Set(try String(contentsOf: Self.deploy.appendingPathComponent("recgate.service"), encoding: .utf8)
            .split(separator: "\n").map(String.init))
        for key in ["User=recgate", "ProtectSystem=strict", "ReadWritePaths=/srv/recgate", "NoNewPrivileges=yes",
                    "PrivateTmp=yes", "ProtectHome=yes", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
                    "DevicePolicy=closed", "DeviceAllow=char-usb_device rw", "CapabilityBoundingSet="] {
            #expect(lines.contains(key), "\(key)")
        }
        // ntp_adjtime must stay callable (the dock reads the clock's state), and /dev/bus/usb visible.
        #expect(!lines.contains { $0.hasPrefix("ProtectClock=yes") || $0.hasPrefix("PrivateDevices=yes") })
    }

    @Test func theVolumeIsMountedConfinedReadOnlyByDefault() throws {
        let script = try String(contentsOfFile: Self.helper, encoding: .utf8)
        #expect(script.contains(#"-o "$access,nosuid,nodev,noexec,uid=$uid,gid=$gid,umask=0027,$zone""#))
        let unit = try String(contentsOf: Self.deploy.appendingPathComponent("recgate-volume@.service"), encoding: .utf8)
        #expect(unit.contains("Environment=RECGATE_VOLUME_ACCESS=ro\n") && unit.contains("BindsTo=dev-%i.device\n"))
    }

    @Test func theHelperRefusesWhatIsNotADeviceName() throws {
        for name in ["../etc", "sdb1/..", "", "sd b1"] {
            let out = try run("sh", [Self.helper, "mount", name], environment: ["RECGATE_VOLUMES": "/nonexistent"])
            #expect(out.status == 2 && out.stderr.contains("not a block device name"), "\(name): \(out.stderr)")
        }
        let access = try run("sh", [Self.helper, "mount", "sdb1"], environment: ["RECGATE_VOLUME_ACCESS": "rwx"])
        #expect(access.status == 2 && access.stderr.contains("must be ro or rw"), "\(access.stderr)")
        let usage = try run("sh", [Self.helper, "eject", "sdb1"])
        #expect(usage.status == 2 && usage.stderr.contains("usage"))
    }
}
