import Foundation
import Ledger
import PostgresNIO
import ProcureTestSupport
import Testing

@Suite("the municipality registry")
struct MunicipalityRegistryTests {
    @Test("the registry holds exactly the official list, readings normalised to full-width")
    func registryMatchesOfficialList() async throws {
        let list = try OfficialCodeList.load()
        try await withFreshDatabase { client, _ in
            let rows = try await client.query(
                "SELECT code, prefecture, name, kana, kind FROM municipalities ORDER BY code",
                logger: TestDatabase.logger)
            var stored: [String: (String, String, String, String)] = [:]
            for try await (code, prefecture, name, kana, kind) in rows.decode(
                (String, String, String, String, String).self)
            {
                stored[code] = (prefecture, name, kana, kind)
            }
            #expect(stored.count == 1788)
            for entry in list.entries {
                let row = try #require(stored[entry.code], "\(entry.code)")
                let isPrefecture = entry.city.isEmpty
                #expect(row.0 == entry.prefecture)
                #expect(row.1 == (isPrefecture ? entry.prefecture : entry.city))
                let kana = (isPrefecture ? entry.prefectureKana : entry.cityKana)
                    .precomposedStringWithCompatibilityMapping
                    .precomposedStringWithCanonicalMapping
                #expect(Array(row.2.unicodeScalars) == Array(kana.unicodeScalars), "\(entry.code)")
                #expect(!row.2.unicodeScalars.contains { (0xFF61...0xFF9F).contains($0.value) }, "half-width kana")
            }
        }
    }

    @Test("kinds are counted as in the official list: 47 prefectures, 792 cities, 23 wards, 743 towns, 183 villages")
    func kinds() async throws {
        try await withFreshDatabase { client, _ in
            let rows = try await client.query(
                "SELECT kind, count(*)::int FROM municipalities GROUP BY kind", logger: TestDatabase.logger)
            var counts: [String: Int] = [:]
            for try await (kind, count) in rows.decode((String, Int).self) { counts[kind] = count }
            #expect(
                counts == ["prefecture": 47, "city": 792, "special_ward": 23, "town": 743, "village": 183])
        }
    }

    @Test("the database itself rejects a code with a wrong check digit")
    func databaseChecksCheckDigit() async throws {
        try await withFreshDatabase { client, _ in
            _ = await #expect(throws: PSQLError.self) {
                try await client.query(
                    """
                    INSERT INTO municipalities (code, prefecture_code, prefecture, name, kana, kind)
                    VALUES ('373868', '37', '香川県', '偽町', 'ニセチョウ', 'town')
                    """,
                    logger: TestDatabase.logger)
            }
        }
    }

    @Test("a search finds 宇多津町 by kanji, katakana, hiragana and half-width katakana")
    func search() async throws {
        try await withFreshDatabase { client, _ in
            let repository = MunicipalityRepository(client: client, logger: TestDatabase.logger)
            for query in ["宇多津", "ウタヅ", "うたづ", "ｳﾀﾂﾞ", "うたづちょう"] {
                let page = try await repository.list(
                    prefectureCode: nil, search: query, page: try PageRequest(limit: 50, cursor: nil))
                #expect(page.items.map(\.code.rawValue) == ["373869"], "\(query)")
            }
        }
    }

    @Test("a prefecture is found by its name, its short name or its code")
    func prefectureCode() async throws {
        try await withFreshDatabase { client, _ in
            let repository = MunicipalityRepository(client: client, logger: TestDatabase.logger)
            for text in ["香川県", "香川", "37", "京都府", "京都", "北海道", "東京都", "東京", "1", "01"] {
                let code = try await repository.prefectureCode(for: text)
                #expect(code != nil, "\(text)")
            }
            let kyoto = try await repository.prefectureCode(for: "京都")
            #expect(kyoto == "26")
            let notAPrefecture = try await repository.prefectureCode(for: "宇多津町")
            #expect(notAPrefecture == nil)
        }
    }
}

@Suite("search text")
struct SearchTextTests {
    @Test("hiragana, katakana and half-width katakana normalise to the same katakana")
    func readings() {
        // Compared by code point: the database does not treat ツ + U+3099 as ヅ, Swift's == does.
        let expected = Array("ウタヅ".unicodeScalars)
        #expect(expected.count == 3)
        for text in ["うたづ", "ｳﾀﾂﾞ", "ウタヅ", "ウタツ\u{3099}"] {
            #expect(Array(SearchText.normalise(text).unicodeScalars) == expected, "\(text)")
        }
    }

    @Test("full-width Latin letters and digits become ASCII, lower-cased")
    func latin() {
        #expect(SearchText.normalise("ＡＢＣ１２３") == "abc123")
        #expect(SearchText.normalise("　香川　") == "香川")
    }
}
