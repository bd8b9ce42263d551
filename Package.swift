// swift-tools-version:6.0
// recgate: a recorder-device integration gateway. See README.md and DESIGN notes in the README.
import PackageDescription

let package = Package(
    name: "recgate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "recgate", targets: ["recgate"]),
        // `make fuzz` builds only this, with libFuzzer and AddressSanitizer.
        .executable(name: "recgate-fuzz", targets: ["recgate-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C libraries, reached through module maps and static-inline shims.
        .systemLibrary(
            name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(
            name: "CFFmpeg", path: "Sources/CFFmpeg", pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev"])]),
        // The kernel's clock discipline (ntp_adjtime), which Glibc's module leaves out.
        .systemLibrary(name: "CTimex", path: "Sources/CTimex"),

        // Linux scheduling calls Swift cannot make itself (sched_setattr, ioprio_set): background work at
        // idle priority.
        .systemLibrary(name: "CThreadPriority", path: "Sources/CThreadPriority"),

        // Typed layers over the C libraries.
        .target(name: "USB", dependencies: ["CLibUSB"]),
        .target(name: "Media", dependencies: ["CFFmpeg", "CThreadPriority", "Digest", "MP4", .product(name: "Logging", package: "swift-log")]),

        // Streaming digests: SHA-256 (swift-crypto) and SM3 (GB/T 32905).
        .target(name: "Digest", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),

        // Evidence: content-addressed store, catalog, audit chain. Nothing device-specific.
        .target(name: "Evidence", dependencies: [
            "Digest", "DeviceKit",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // The driver contract and the types every driver shares.
        .target(name: "DeviceKit"),

        // Probes: media facts and integrity of recordings (and, later, device health).
        .target(name: "MediaProbes", dependencies: ["Media", "MP4", "DeviceKit"], path: "Probes/Media"),

        // Device health for equipment keepers: small probes over a device's history in the catalog.
        .target(name: "HealthProbes", dependencies: ["Evidence", "DeviceKit", "Compliance", "ComplianceCatalog"], path: "Probes/Health"),

        // MP4: ISO BMFF boxes and sample tables, read and written in pure Swift; truncated-clip recovery.
        .target(name: "MP4"),

        // Compliance: case steps, custody, clock correction, clip-to-step matching, findings. Pure logic:
        // the catalog plugs in through ClipSource, CustodySource and ClockObservationSource.
        .target(name: "Compliance", dependencies: ["DeviceKit", "Digest"], exclude: ["README.md"], resources: [.copy("Resources/steps.json")]),

        // Compliance on the catalog: clip, custody and clock sources answered by indexed queries, and
        // the case desk the command line and the daemon use.
        .target(name: "ComplianceCatalog", dependencies: ["Compliance", "Evidence", "DeviceKit"]),

        // Drivers, one folder per device family.
        .target(
            name: "MassStorageDriver", dependencies: ["DeviceKit"], path: "Drivers/MassStorage",
            resources: [.copy("Profiles")]),

        .target(name: "HubDriver", dependencies: ["USB", "DeviceKit"], path: "Drivers/Hub"),
        .target(name: "AmbarellaDriver", dependencies: ["DeviceKit", "USB"], path: "Drivers/Ambarella", exclude: ["README.md"]),
        .target(name: "PTPDriver", dependencies: ["DeviceKit", "USB"], path: "Drivers/PTP", exclude: ["README.md"]),

        // The registry: every driver listed explicitly, libusb devices made into candidates, hotplug
        // arrivals matched, udev rules written from the model tables.
        .target(
            name: "AllDrivers",
            dependencies: ["DeviceKit", "USB", "AmbarellaDriver", "PTPDriver", "MassStorageDriver", "HubDriver"],
            path: "Drivers/Registry"),

        // A device session: list, copy with hashing, verify, catalog, release.
        .target(name: "Offload", dependencies: [
            "Digest", "Evidence", "DeviceKit", "MediaProbes",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Presentation: what the command line prints and the daemon will serve, in one place: finding
        // labels, case check text, text and HTML reports, and the documents of devices, bays, offloads,
        // store and audit verification, camera clocks and dock power (one JSON encoder for all).
        .target(name: "Presentation", dependencies: [
            "Compliance", "ComplianceCatalog", "DeviceKit", "Evidence", "Media", "Offload", "HubDriver", "HealthProbes",
        ]),

        // The composition root: one home (configuration, zone, step catalogue and policy, catalog, store,
        // bays) and the operations the command line and the daemon share.
        .target(name: "Gateway", dependencies: [
            "Offload", "Evidence", "DeviceKit", "USB", "HubDriver", "AllDrivers", "PTPDriver", "AmbarellaDriver", "Media",
            "Compliance", "ComplianceCatalog", "Presentation", "HealthProbes", "MassStorageDriver", "CTimex",
            "MediaProbes", "MP4", "CThreadPriority", "Accounts",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Accounts of the people who use the gateway: roles, passwords under bcrypt (hummingbird-auth's),
        // login throttling; the rows live in the catalog, every change audited.
        .target(name: "Accounts", dependencies: [
            "Evidence", "DeviceKit", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        ]),

        // The dashboard: server-rendered HTML pages (Chinese by default, English) over the same documents
        // the command line prints, with the stylesheet and the little script they need. Pure rendering.
        .target(name: "Dashboard", dependencies: [
            "Presentation", "Accounts", "Compliance", "ComplianceCatalog", "HealthProbes", "Evidence",
        ], resources: [.copy("Assets")]),

        // The web layer: the HTTP API and the dashboard on the daemon's server: sessions, CSRF, roles
        // declared per route, range downloads, server-sent progress, the OpenAPI document.
        .target(name: "Web", dependencies: [
            "Gateway", "Accounts", "Dashboard", "Presentation", "Evidence", "Offload", "Compliance", "ComplianceCatalog", "Digest", "HealthProbes", "HubDriver",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // The daemon: arrival sources, the offload scheduler, the loopback status server and metrics, run
        // as services under swift-service-lifecycle.
        .target(name: "Daemon", dependencies: [
            "Gateway", "Offload", "Presentation", "Evidence", "DeviceKit", "MassStorageDriver", "Compliance", "HealthProbes", "HubDriver",
            "Web", "Accounts",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(name: "recgate", dependencies: [
            "Daemon", "Gateway", "Presentation", "Offload", "Evidence", "Digest", "DeviceKit", "MassStorageDriver", "USB", "HubDriver", "AllDrivers", "PTPDriver", "Media", "MediaProbes", "Compliance", "ComplianceCatalog",
            "HealthProbes", "MP4", "Accounts", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Benchmarks (run by `make bench`).
        .executableTarget(
            name: "recgate-bench",
            dependencies: [
                "Digest", "Media", "MediaProbes", "Evidence", "Compliance", "ComplianceCatalog", "DeviceKit",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/Sources/recgate-bench"),

        // Fuzzing (fuzz/README.md): each parser of what devices send as a function of bytes, the `recgate-fuzz`
        // driver over them (libFuzzer when `make fuzz` links it, a replayer otherwise), and the tests that replay
        // every input that once failed.
        .target(name: "FuzzTargets", dependencies: ["PTPDriver", "MassStorageDriver", "AmbarellaDriver"], path: "fuzz/Targets"),
        .systemLibrary(name: "CFuzzerDriver", path: "fuzz/CFuzzerDriver"),
        .executableTarget(name: "recgate-fuzz", dependencies: ["FuzzTargets", "CFuzzerDriver"], path: "fuzz/Sources/recgate-fuzz"),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "TestSupport"]),

        // Test support: fixture builders (generated clips, FAT32 images mounted through FUSE).
        .target(name: "TestSupport", dependencies: ["Digest", "DeviceKit"], path: "Tests/TestSupport"),

        // USB emulation for tests: umockdev testbed, usbdevfs ioctl handler, device models. Never in the binary.
        .systemLibrary(
            name: "CUMockdev", path: "Tests/CUMockdev", pkgConfig: "umockdev-1.0",
            providers: [.apt(["libumockdev-dev", "umockdev"])]),
        .target(name: "USBEmulation", dependencies: ["CUMockdev"], path: "Tests/USBEmulation"),

        .testTarget(name: "USBTests", dependencies: [
            "USB", "HubDriver", "DeviceKit", "AllDrivers", "PTPDriver", "USBEmulation", "TestSupport", "Digest", "Evidence",
            "Gateway", "Presentation", "Offload", "MassStorageDriver", "AmbarellaDriver",
        ]),
        .testTarget(name: "DriverTests", dependencies: [
            "DeviceKit", "AllDrivers", "AmbarellaDriver", "PTPDriver", "MassStorageDriver", "HubDriver", "TestSupport",
        ]),
        .testTarget(name: "DigestTests", dependencies: ["Digest", "TestSupport"]),
        .testTarget(name: "EvidenceTests", dependencies: [
            "Evidence", "Digest", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "MassStorageTests", dependencies: ["MassStorageDriver", "DeviceKit", "TestSupport"]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "MediaProbes", "Digest", "TestSupport"]),
        .testTarget(name: "MP4Tests", dependencies: ["MP4", "TestSupport"]),
        .testTarget(name: "DerivedMediaTests", dependencies: [
            "Media", "MediaProbes", "Digest", "TestSupport", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ComplianceTests", dependencies: ["Compliance", "DeviceKit"]),
        // The case, custody and clock commands through the `recgate` binary, on catalogs in temporary
        // homes, and the ComplianceCatalog adapter on a real catalog file.
        .testTarget(name: "CaseCommandTests", dependencies: [
            "Compliance", "ComplianceCatalog", "Evidence", "DeviceKit", "TestSupport",
            "Gateway", "Presentation", "Offload",
        ]),
        .testTarget(name: "ComplianceCatalogTests", dependencies: ["ComplianceCatalog", "Compliance", "Evidence", "DeviceKit"]),
        // Device health on real catalog files, filled through the `recgate` binary and the Catalog API.
        .testTarget(name: "HealthTests", dependencies: [
            "HealthProbes", "Evidence", "Compliance", "DeviceKit", "Offload", "TestSupport",
        ]),
        // Background work: derived media at idle priority, the scheduled re-hash of the store.
        .testTarget(name: "MaintenanceTests", dependencies: [
            "Gateway", "Offload", "Evidence", "Media", "MediaProbes", "Digest", "TestSupport", "Presentation", "Compliance",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The daemon as a process: FAT32 volumes mounted under its watched folder, /status and /metrics over HTTP.
        .testTarget(name: "DaemonTests", dependencies: [
            "Digest", "TestSupport", "Presentation",
        ]),
        // Accounts on real catalog files: bcrypt hashes, the audit entries, the login throttle on an injected
        // clock, and `recgate user` through the binary.
        .testTarget(name: "AccountTests", dependencies: [
            "Accounts", "Evidence", "TestSupport", "Gateway", "Offload", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Clip search and clip detail: filters, corrected-time order, cursor pages, the record of one clip,
        // on a home filled through the `recgate` binary.
        .testTarget(name: "ClipSearchTests", dependencies: [
            "ComplianceCatalog", "Compliance", "Evidence", "DeviceKit", "TestSupport", "Gateway", "Presentation", "Offload",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The dashboard's pages rendered from documents built in the test: structure, escaping, languages,
        // roles, CSRF fields; python3's HTML parser and chromium as outside judges.
        .testTarget(name: "DashboardTests", dependencies: [
            "Dashboard", "Presentation", "Accounts", "Compliance", "ComplianceCatalog", "HealthProbes", "Evidence", "DeviceKit",
        ]),
        // The web layer over real HTTP: the `recgate serve` binary on homes filled through the CLI, a URLSession
        // client that follows no redirect; openssl, the CLI's documents and schemathesis as outside judges.
        .testTarget(name: "WebTests", dependencies: [
            "TestSupport", "Presentation", "Digest", "DeviceKit",
        ]),
        // The web layer's own parts that HTTP cannot reach: the route book's coverage check, Range and form parsing,
        // the access table.
        .testTarget(name: "WebUnitTests", dependencies: [
            "Web", "Accounts", "Gateway", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        // The dashboard in headless Chromium (selenium, Tests/BrowserTests/Scripts) against `recgate serve`.
        .testTarget(name: "BrowserTests", dependencies: ["TestSupport", "Dashboard", "DeviceKit"], exclude: ["Scripts"]),
        .testTarget(name: "OffloadTests", dependencies: [
            "Offload", "Evidence", "Digest", "MassStorageDriver", "TestSupport",
        ]),
    ]
)
