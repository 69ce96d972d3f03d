import Foundation
import Testing

@testable import Ledger

/// Every text a person reads is made in a target's catalogue (`Sources/<target>/Text/`) as
/// `Bilingual(ja: "…", en: "…")`: these tests read the catalogues' source and hold each text to
/// having both languages, with the same values in each.
@Suite("the catalogues of texts")
struct CatalogueTests {
    /// The repository's `Sources` directory, found from this file's path.
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// `Bilingual(ja: "…", en: "…")` with two one-line literals (formatting may break the line
    /// after `ja:` or `en:`).
    static let entry = try! NSRegularExpression(
        pattern: #"Bilingual\(\s*ja:\s*"((?:[^"\\\n]|\\.)*)",\s*en:\s*"((?:[^"\\\n]|\\.)*)"\s*\)"#)

    struct Entry: CustomStringConvertible {
        let file: String
        let japanese: String
        let english: String
        var description: String { "\(file): ja \"\(japanese)\" en \"\(english)\"" }
    }

    static func swiftFiles() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }

    static func entries(in file: URL) throws -> (entries: [Entry], literals: Int) {
        let text = try String(contentsOf: file, encoding: .utf8)
        let range = NSRange(text.startIndex..., in: text)
        let matches = entry.matches(in: text, range: range).map { match in
            Entry(
                file: file.lastPathComponent, japanese: String(text[Range(match.range(at: 1), in: text)!]),
                english: String(text[Range(match.range(at: 2), in: text)!]))
        }
        let literals = try NSRegularExpression(pattern: #"Bilingual\(\s*ja:\s*""#).numberOfMatches(
            in: text, range: range)
        return (matches, literals)
    }

    /// The interpolated values of a literal: `\(name)`, `\(count)`, … as a sorted list.
    static func interpolations(_ literal: String) -> [String] {
        var found: [String] = []
        var rest = Substring(literal)
        while let start = rest.range(of: "\\(") {
            var depth = 1
            var index = start.upperBound
            while index < rest.endIndex, depth > 0 {
                if rest[index] == "(" { depth += 1 }
                if rest[index] == ")" { depth -= 1 }
                index = rest.index(after: index)
            }
            // `\(name.japanese)` and `\(name.english)` are one value, said in each language.
            found.append(
                String(rest[start.lowerBound..<index]).replacingOccurrences(of: ".japanese", with: "")
                    .replacingOccurrences(of: ".english", with: ""))
            rest = rest[index...]
        }
        return found.sorted()
    }

    static func hasJapanese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3000...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test("texts with words in them are made only in the catalogues, Text/ of each target")
    func onlyInCatalogues() throws {
        var outside: [String] = []
        var catalogues: Set<String> = []
        for file in try Self.swiftFiles() {
            let (_, literals) = try Self.entries(in: file)
            guard literals > 0 else { continue }
            let folder = file.deletingLastPathComponent()
            if folder.lastPathComponent == "Text" {
                catalogues.insert(folder.deletingLastPathComponent().lastPathComponent)
            } else {
                outside.append(file.path)
            }
        }
        #expect(outside.isEmpty, "texts made outside a catalogue: \(outside)")
        // The targets whose people read texts each keep one.
        #expect(catalogues.isSuperset(of: ["Ledger", "ProcurementAPI", "procure"]), "\(catalogues)")
    }

    @Test("every text has both languages: Japanese in ja, the same values interpolated in each")
    func bothLanguages() throws {
        var checked = 0
        for file in try Self.swiftFiles() where file.deletingLastPathComponent().lastPathComponent == "Text" {
            let (entries, literals) = try Self.entries(in: file)
            // A literal the pattern does not read (a concatenation, a multi-line string) would
            // escape the checks below.
            #expect(entries.count == literals, "\(file.lastPathComponent): \(literals - entries.count) texts unread")
            for entry in entries {
                #expect(!entry.english.isEmpty && !entry.japanese.isEmpty, "\(entry)")
                #expect(Self.hasJapanese(entry.japanese), "no Japanese in \(entry)")
                #expect(entry.japanese != entry.english, "\(entry)")
                #expect(
                    Self.interpolations(entry.japanese) == Self.interpolations(entry.english),
                    "the languages interpolate different values: \(entry)")
                checked += 1
            }
        }
        // The catalogues hold hundreds of texts; a pattern that matched none would check nothing.
        #expect(checked > 300, "only \(checked) texts found")
    }

    @Test("the vocabulary has a word in each language for every value")
    func vocabulary() {
        for value in BillingBasis.allCases { #expect(Self.hasJapanese(value.word.japanese)) }
        for value in ContractMethod.allCases { #expect(Self.hasJapanese(value.word.japanese)) }
        for value in CaseStatus.allCases { #expect(Self.hasJapanese(value.word.japanese)) }
        for value in ParticipantStatus.allCases { #expect(Self.hasJapanese(value.word.japanese)) }
        for value in CaseTimelineEntry.Kind.allCases { #expect(Self.hasJapanese(value.word.japanese)) }
        for value in Municipality.Kind.allCases { #expect(Self.hasJapanese(value.word.japanese)) }
        #expect(BillingBasis.annual.word(.japanese) == "年額")
        #expect(ContractMethod.negotiated.word(.english) == "negotiated")
    }
}
