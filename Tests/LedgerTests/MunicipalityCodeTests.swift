import Testing

@testable import Ledger

@Suite("local-government codes")
struct MunicipalityCodeTests {
    @Test("every one of the 1,788 official codes is accepted")
    func officialCodesAccepted() throws {
        let list = try OfficialCodeList.load()
        #expect(list.entries.count == 1788)
        for entry in list.entries {
            #expect(throws: Never.self, "\(entry.code)") { try MunicipalityCode(entry.code) }
        }
    }

    @Test("every one-digit change of an official code's check digit is rejected")
    func changedCheckDigitRejected() throws {
        var rejected = 0
        for entry in try OfficialCodeList.load().entries {
            let base = entry.code.prefix(5)
            for digit in 0...9 where String(digit) != String(entry.code.last ?? " ") {
                #expect(throws: InvalidMunicipalityCode.self, "\(base)\(digit)") {
                    try MunicipalityCode("\(base)\(digit)")
                }
                rejected += 1
            }
        }
        #expect(rejected == 1788 * 9)
    }

    @Test("the check digit is computed by the official formula (宇多津町 37386 → 9)")
    func workedExample() throws {
        #expect(try MunicipalityCode("373869").rawValue == "373869")
        let error = try #require(throws: InvalidMunicipalityCode.self) { try MunicipalityCode("373861") }
        #expect(error.reason == .checkDigit(expected: 9))
    }

    @Test("full-width digits typed by a person are accepted")
    func fullWidthDigits() throws {
        #expect(try MunicipalityCode("３７３８６９").rawValue == "373869")
        #expect(try MunicipalityCode(" 373869 ").rawValue == "373869")
    }

    @Test("a five-digit code is rejected with the six-digit code it probably means")
    func fiveDigitCode() throws {
        let error = try #require(throws: InvalidMunicipalityCode.self) { try MunicipalityCode("37386") }
        #expect(error.reason == .fiveDigits(suggestion: "373869"))
        #expect(error.description.contains("373869"))
    }

    @Test("letters, wrong lengths and prefectures outside 01–47 are rejected")
    func malformedCodes() throws {
        for text in ["", "37386a", "3738690", "37-386", "abcdef"] {
            let error = try #require(throws: InvalidMunicipalityCode.self, "\(text)") { try MunicipalityCode(text) }
            #expect(error.reason == .format, "\(text)")
        }
        // 48001x and 00001x have valid check digits but no such prefecture.
        for text in ["480011", "000019"] {
            let error = try #require(throws: InvalidMunicipalityCode.self, "\(text)") { try MunicipalityCode(text) }
            #expect(error.reason == .prefecture, "\(text)")
        }
    }

    @Test("the stored-code fast path accepts exactly what the general parser accepts, on every six-digit string")
    func fastPathAgrees() {
        var accepted = 0
        var disagreements: [String] = []
        for number in 0...999_999 {
            let text = String(String(number + 1_000_000).dropFirst())
            let general = (try? MunicipalityCode(parsing: text)) != nil
            if MunicipalityCode.isCanonical(text) != general { disagreements.append(text) }
            if general { accepted += 1 }
        }
        #expect(disagreements.isEmpty)
        // One code in ten has the right check digit, and prefectures 01–47 are 47 of the 100 prefixes.
        #expect(accepted == 47_000)
    }
}
