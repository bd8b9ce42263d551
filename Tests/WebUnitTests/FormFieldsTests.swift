import Testing
@testable import Web

/// `application/x-www-form-urlencoded` bodies as browsers send them.
struct FormFieldsTests {
    @Test func fieldsAreDecoded() {
        #expect(FormFields.parse("a=1&b=x+y") == ["a": "1", "b": "x y"])
        #expect(FormFields.parse("reason=%E5%A4%8D%E6%A0%B8+case%2F1") == ["reason": "复核 case/1"])
        #expect(FormFields.parse("_csrf=abc-_123&next=%2Fclips%3Fdevice%3DA1") == ["_csrf": "abc-_123", "next": "/clips?device=A1"])
        #expect(FormFields.parse("a+b=c%2Bd") == ["a b": "c+d"])
    }

    @Test func theFirstOfRepeatedNamesWins() {
        #expect(FormFields.parse("_csrf=first&_csrf=second") == ["_csrf": "first"])
    }

    @Test func oddShapesAreReadWithoutFailing() {
        #expect(FormFields.parse("") == [:])
        #expect(FormFields.parse("&&") == [:])
        #expect(FormFields.parse("flag") == ["flag": ""])
        #expect(FormFields.parse("a=") == ["a": ""])
        #expect(FormFields.parse("a=b=c") == ["a": "b=c"])
        #expect(FormFields.parse("=v") == ["": "v"])
        // A broken escape is not a value: empty, never the raw text.
        #expect(FormFields.parse("a=%ZZ&b=%E5%A4") == ["a": "", "b": ""])
    }
}
