import Foundation
import Testing
import DeviceKit
@testable import MassStorageDriver

@Suite struct TimeFormatTests {
    @Test func parsesFixedWidthDigits() throws {
        let f = try TimeFormat("yyyyMMdd_HHmmss")
        let fields = try #require(f.parse("20261103_093015"))
        #expect(TimeFormat.timestamp(fields) == ts(2026, 11, 3, 9, 30, 15))
        #expect(f.parse("20261103-093015") == nil)
        #expect(f.parse("2026110_0930155") == nil)
        #expect(f.parse("20261103_09301") == nil)
    }

    @Test func keepsImpossibleFieldsInsteadOfRollingThem() throws {
        let f = try TimeFormat("yyyyMMddHHmmss")
        let t = try #require(f.parse("20261341256199").flatMap(TimeFormat.timestamp))
        #expect(t == ts(2026, 13, 41, 25, 61, 99))
        #expect(!t.isValid)
    }

    @Test func rejectsUnknownLetters() {
        #expect(throws: MassStorageError.self) { try TimeFormat("yyyyMMdd hh:mm") }
        #expect(throws: MassStorageError.self) { try TimeFormat("--") }
    }
}

@Suite struct PathGlobTests {
    @Test func matchesComponentsCaseInsensitively() {
        #expect(PathGlob("DCIM/100MEDIA").matches("dcim/100media"))
        #expect(PathGlob("DCIM/*MEDIA").matches("DCIM/101MEDIA"))
        #expect(!PathGlob("DCIM/*MEDIA").matches("DCIM/101MEDIA/LOCK"))
        #expect(PathGlob("DCIM/*MEDIA/LOCK").matches("DCIM/100MEDIA/LOCK"))
        #expect(PathGlob("**").matches("a/b/c"))
        #expect(PathGlob("RECORD/**").matches("RECORD"))
        #expect(PathGlob("**/LOCK").matches("x/y/LOCK"))
        #expect(!PathGlob("**/LOCK").matches("x/y/LOCKED"))
        #expect(PathGlob("a*b*c").matches("aXXbYYc"))
        #expect(!PathGlob("a*b*c").matches("aXXbYY"))
    }
}

@Suite struct MountTableTests {
    static let sample = """
    22 27 0:21 / /proc rw,relatime - proc proc rw
    27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
    42 27 0:39 / /tmp/card rw,nosuid shared:5 - fuse.fusefat fusefat ro,user_id=0
    43 27 8:1 / /media/my\\040card rw,relatime - vfat /dev/sdb1 rw,tz=UTC
    44 42 0:40 / /tmp/card/inner rw - tmpfs tmpfs rw
    """

    @Test func parsesFieldsAndEscapes() {
        let entries = MountTable.parse(Self.sample)
        #expect(entries.count == 5)
        #expect(entries[2] == MountEntry(mountPoint: "/tmp/card", fileSystemType: "fuse.fusefat", source: "fusefat"))
        #expect(entries[3].mountPoint == "/media/my card")
        #expect(entries[3].fileSystemType == "vfat")
    }

    @Test func picksTheLongestMountPointHoldingThePath() {
        let entries = MountTable.parse(Self.sample)
        #expect(MountTable.mount(containing: "/tmp/card/DCIM", in: entries)?.fileSystemType == "fuse.fusefat")
        #expect(MountTable.mount(containing: "/tmp/card", in: entries)?.fileSystemType == "fuse.fusefat")
        #expect(MountTable.mount(containing: "/tmp/card/inner/x", in: entries)?.fileSystemType == "tmpfs")
        #expect(MountTable.mount(containing: "/tmp/cardboard", in: entries)?.fileSystemType == "ext4")
        #expect(MountTable.mount(containing: "/media/my card/DCIM", in: entries)?.fileSystemType == "vfat")
    }
}

@Suite struct FusefatQuirkTableTests {
    /// (true FAT date, what fusefat shows): month + 1 through mktime, as observed on Debian's 0.1a-1.1.
    static let shown: [(LocalTimestamp, LocalTimestamp)] = [
        (ts(2026, 3, 15, 10, 15, 2), ts(2026, 4, 15, 10, 15, 2)),
        (ts(2026, 11, 3, 10, 15, 2), ts(2026, 12, 3, 10, 15, 2)),
        (ts(2026, 12, 20, 23, 59, 58), ts(2027, 1, 20, 23, 59, 58)),
        (ts(2026, 12, 31, 23, 59, 58), ts(2027, 1, 31, 23, 59, 58)),
        (ts(2026, 1, 31, 8), ts(2026, 3, 3, 8)),
        (ts(2026, 2, 3, 8), ts(2026, 3, 3, 8)),
        (ts(2026, 1, 29, 8), ts(2026, 3, 1, 8)),
        (ts(2026, 3, 31, 8), ts(2026, 5, 1, 8)),
        (ts(2028, 1, 30, 8), ts(2028, 3, 1, 8)),
        (ts(2000, 1, 1), ts(2000, 2, 1)),
    ]

    @Test func everyTrueTimeIsAmongTheCandidatesForWhatIsShown() {
        for (truth, shown) in Self.shown {
            #expect(FusefatQuirk.candidates(forShown: shown).contains(truth), "\(truth) shown as \(shown)")
        }
    }

    @Test func plainDatesHaveOneCandidate() {
        #expect(FusefatQuirk.candidates(forShown: ts(2026, 12, 3, 10, 15, 2)) == [ts(2026, 11, 3, 10, 15, 2)])
        #expect(FusefatQuirk.correct(ts(2027, 1, 20, 23, 59, 58)) == (ts(2026, 12, 20, 23, 59, 58), false))
        #expect(FusefatQuirk.correct(ts(2026, 4, 30, 1)) == (ts(2026, 3, 30, 1), false))
    }

    @Test func spillOverDatesAreAmbiguousAndSettledByTheStartHint() {
        let shown = ts(2026, 3, 3, 8)
        #expect(FusefatQuirk.candidates(forShown: shown) == [ts(2026, 1, 31, 8), ts(2026, 2, 3, 8)])
        #expect(FusefatQuirk.correct(shown) == (ts(2026, 2, 3, 8), true))
        #expect(FusefatQuirk.correct(shown, hint: ts(2026, 1, 31, 7, 50)) == (ts(2026, 1, 31, 8), true))
        #expect(FusefatQuirk.correct(shown, hint: ts(2026, 2, 3, 7, 50)) == (ts(2026, 2, 3, 8), true))
        // Leap year: 1 March shows for 30 January and 1 February.
        #expect(FusefatQuirk.candidates(forShown: ts(2028, 3, 1)) == [ts(2028, 1, 30), ts(2028, 2, 1)])
        #expect(FusefatQuirk.candidates(forShown: ts(2026, 12, 1)).count == 2)
    }
}
