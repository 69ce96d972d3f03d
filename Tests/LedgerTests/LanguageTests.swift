import Testing

@testable import Ledger

@Suite("choosing a language")
struct LanguageTests {
    @Test("a POSIX locale: ja and ja_* are Japanese, any other name English, an empty one none")
    func locale() {
        #expect(Language(locale: "ja_JP.UTF-8") == .japanese)
        #expect(Language(locale: "ja") == .japanese)
        #expect(Language(locale: "ja_JP") == .japanese)
        #expect(Language(locale: "C") == .english)
        #expect(Language(locale: "C.UTF-8") == .english)
        #expect(Language(locale: "en_US.UTF-8") == .english)
        #expect(Language(locale: "jav_ID") == .english)
        #expect(Language(locale: "") == nil)
    }

    @Test("Accept-Language: the highest weight among ja and en wins; others and q=0 are skipped")
    func acceptLanguage() {
        #expect(Language.preferred(byAcceptLanguage: nil) == .english)
        #expect(Language.preferred(byAcceptLanguage: "ja") == .japanese)
        #expect(Language.preferred(byAcceptLanguage: "ja-JP,ja;q=0.9,en;q=0.8") == .japanese)
        #expect(Language.preferred(byAcceptLanguage: "en-US,en;q=0.9,ja;q=0.8") == .english)
        #expect(Language.preferred(byAcceptLanguage: "fr, ja;q=0.5") == .japanese)
        #expect(Language.preferred(byAcceptLanguage: "ja;q=0, en") == .english)
        #expect(Language.preferred(byAcceptLanguage: "en;q=0.4, ja;q=0.6") == .japanese)
        #expect(Language.preferred(byAcceptLanguage: "de, fr") == .english)
        #expect(Language.preferred(byAcceptLanguage: "*", fallback: .japanese) == .japanese)
    }
}
