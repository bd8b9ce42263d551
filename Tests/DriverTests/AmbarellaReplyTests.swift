import AmbarellaDriver
import Foundation
import Testing

/// The ASCII variant's replies (Drivers/Ambarella/README.md): read exactly, and anything else a typed error,
/// never a trap, whatever bytes a recorder sends.
@Suite struct AmbarellaReplyTests {
    func parse(_ text: String, padTo: Int = 64) throws(AmbarellaReplyError) -> AmbarellaReply {
        var bytes = Array(text.utf8)
        bytes += [UInt8](repeating: 0, count: max(0, padTo - bytes.count))
        return try AmbarellaReply.parse(bytes)
    }

    func refusal(_ bytes: [UInt8]) -> AmbarellaReplyError? {
        do {
            _ = try AmbarellaReply.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func wellFormedRepliesAreReadWithTheirPaddingIgnored() throws {
        let ver = try parse("@Ver;OK#")
        #expect(ver == AmbarellaReply(command: "Ver", status: "OK", fields: []) && ver.isOK)
        let gdv = try parse("@Gdv;OK;7;A001240#")
        #expect(gdv.command == "Gdv" && gdv.fields == [Array("A001240".utf8)])
        let refused = try parse("@Gdv;ERR;3;PWD#")
        #expect(!refused.isOK && refused.status == "ERR" && refused.fields == [Array("PWD".utf8)])
        let empty = try parse("@Gzf;OK;4;;;;;#")
        #expect(empty.fields == [[], [], [], [], []])
        // GBK text with a trail byte 0x40 ('@') inside a name: split on ; and # only.
        let name: [UInt8] = [0x81, 0x40, 0xD5, 0xC5]
        let bytes = Array("@Gzf;OK;\(name.count + 2);".utf8) + name + Array(";x#".utf8)
        #expect(try AmbarellaReply.parse(bytes).fields == [name, Array("x".utf8)])
    }

    @Test func aTruncatedReplyThrows() {
        #expect(refusal([])?.code == .truncated)
        #expect(refusal(Array("@Gdv;OK;7;A001".utf8))?.code == .truncated)  // no #
        #expect(refusal(Array("@Gdv;OK;7;A001#".utf8))?.code == .truncated)  // shorter than its length
        #expect(refusal(Array("@Gdv;OK;2;A001#".utf8))?.code == .malformed)  // longer than its length
    }

    @Test func aReplyWithoutItsFrameThrows() {
        #expect(refusal(Array("Gdv;OK#".utf8))?.code == .malformed)
        #expect(refusal(Array("@Gd;OK#".utf8))?.code == .malformed)
        #expect(refusal(Array("@G1v;OK#".utf8))?.code == .malformed)
        #expect(refusal(Array("@Gdv#".utf8))?.code == .malformed)
        #expect(refusal(Array("@Gdv;#".utf8))?.code == .malformed)
        #expect(refusal(Array("@Gdv;OK;7#".utf8))?.code == .malformed)
        #expect(refusal(Array("@Gdv;OK;x;A#".utf8))?.code == .malformed)
        #expect(refusal(Array("@Gdv;OK;-1;A#".utf8))?.code == .malformed)
    }

    @Test func aHugeLengthThrows() {
        #expect(refusal(Array("@Gdv;OK;99999999999999999999;A#".utf8))?.code == .malformed)
        #expect(refusal(Array("@Gdv;OK;9999;A#".utf8))?.code == .truncated)
        let long = Array("@Gdv;OK;2000;".utf8) + [UInt8](repeating: 0x41, count: 2000) + [0x23]
        #expect(refusal(long)?.code == .tooLong)
        #expect(refusal(Array("@Gdv;OK;1;".utf8) + [UInt8](repeating: 0x41, count: 5000))?.code == .tooLong)
    }

    @Test func aReplyToAnotherCommandThrows() throws {
        let reply = try parse("@Bat;OK;2;80#")
        #expect(throws: AmbarellaReplyError.self) { try reply.expecting("Gdv") }
        do {
            _ = try reply.expecting("Gdv")
        } catch {
            #expect(error.code == .wrongCommand && error.description.contains("answered Bat to Gdv"))
        }
        #expect(try reply.expecting("Bat") == reply)
    }

    /// Random bytes, random cuts and byte flips of good replies: each either parses or throws.
    @Test func noInputTraps() {
        var generator = SystemRandomNumberGenerator()
        let good = ["@Ver;OK#", "@Gdv;OK;7;A001240#", "@Gzf;OK;20;A001240;012345;x;3301;y#", "@Bat;OK;2;85#"]
        var parsed = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in
                    [0x40, 0x3B, 0x23, 0x30, 0x39, 0x4F, 0x4B, 0x80, 0xFF, 0x00].randomElement(using: &generator)!
                }
            } else {
                bytes = Array(good.randomElement(using: &generator)!.utf8)
                if Bool.random(using: &generator), !bytes.isEmpty { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator))) }
                if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            }
            if (try? AmbarellaReply.parse(bytes)) != nil { parsed += 1 }
        }
        // Some flips leave a good reply (a changed payload byte): both outcomes were seen.
        #expect(parsed > 0 && parsed < 20_000)
    }

    /// The information fields: GBK decoded by glibc's iconv, each within its buffer.
    @Test func theInformationFieldsAreGBKWithinTheirBuffers() throws {
        let name: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]  // 张三 in GBK
        let info = try AmbarellaInfo(fields: [Array("A001240".utf8), Array("012345".utf8), name, Array("330100".utf8), []])
        #expect(info.officerName == "张三" && info.unitName == "" && info.serial == "A001240")
        #expect(throws: AmbarellaError.self) {
            try AmbarellaInfo(fields: [Array("A0012400".utf8), [], [], [], []])  // cSerial is 7 at most
        }
        #expect(throws: AmbarellaError.self) { try AmbarellaInfo(fields: [[], [], [0xD5], [], []]) }  // a cut character
        #expect(throws: AmbarellaError.self) { try AmbarellaInfo(fields: [[], [], [], []]) }
    }
}
