/// The two languages procure speaks: Japanese, which its users read, and English.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case japanese = "ja"
    case english = "en"

    /// The language a POSIX locale name asks for (`ja_JP.UTF-8`, `ja`, `C`, `en_US.UTF-8`): Japanese
    /// for `ja` and `ja_…`, English for any other name; nil for an empty one (not set).
    public init?(locale: String) {
        let name = locale.trimmingWhitespace()
        if name.isEmpty { return nil }
        let language = name.prefix { $0 != "_" && $0 != "." && $0 != "@" && $0 != "-" }.lowercased()
        self = language == "ja" ? .japanese : .english
    }

    /// The language an HTTP `Accept-Language` header prefers (RFC 9110 §12.5.4), of the two procure
    /// has: the highest-weighted range that names `ja` or `en` (or `*`, which takes `fallback`);
    /// `fallback` when none does, or the header is absent.
    public static func preferred(byAcceptLanguage header: String?, fallback: Language = .english) -> Language {
        guard let header else { return fallback }
        var best: (language: Language, weight: Double)?
        for range in header.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingWhitespace() }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            let primary = tag.prefix { $0 != "-" && $0 != "_" }
            let language: Language? =
                switch primary {
                case "ja": .japanese
                case "en": .english
                case "*": fallback
                default: nil
                }
            guard let language else { continue }
            // The first of equal weights wins, as the client listed them.
            if best == nil || weight > best!.weight { best = (language, weight) }
        }
        return best?.language ?? fallback
    }
}

/// A text a person reads, in both of procure's languages. Made only in a target's catalogue
/// (`LedgerText`, `APIText`, `CLIText`), where a test checks that each has both languages with the
/// same values interpolated.
public struct Bilingual: Sendable, Hashable, CustomStringConvertible {
    public let japanese: String
    public let english: String

    public init(ja japanese: String, en english: String) {
        self.japanese = japanese
        self.english = english
    }

    /// The text in `language`.
    public func callAsFunction(_ language: Language) -> String {
        switch language {
        case .japanese: japanese
        case .english: english
        }
    }

    /// The English text (logs, and what `description`s of errors have always said).
    public var description: String { english }

    /// The texts one after the other, each language with its own separator (`、`/`, `, `；`/`; `).
    public static func list(_ texts: [Bilingual], ja: String, en: String) -> Bilingual {
        Bilingual(
            ja: texts.map(\.japanese).joined(separator: ja), en: texts.map(\.english).joined(separator: en))
    }

    /// Text the same in both languages: a name, a code, a number.
    public static func verbatim(_ text: String) -> Bilingual { Bilingual(ja: text, en: text) }

    /// `self` followed by `other` in each language.
    public static func + (lhs: Bilingual, rhs: Bilingual) -> Bilingual {
        Bilingual(ja: lhs.japanese + rhs.japanese, en: lhs.english + rhs.english)
    }
}
