import ArgumentParser
import Foundation
import Ledger
import Testing

@testable import procure

/// Stands in for an API item in `--output json`.
private struct Municipality: Codable, Equatable {
    var prefecture: String
    var name: String
    var kana: String
    var code: String
    var homepage: String
    var budget: Int64
}

private let municipalities = [
    Municipality(
        prefecture: "香川県", name: "宇多津町", kana: "ウタヅチョウ", code: "373869",
        homepage: "https://www.town.utazu.lg.jp/", budget: 1_234_000),
    Municipality(
        prefecture: "Kagawa", name: "Utazu", kana: "utazu", code: "37386", homepage: "", budget: 999),
    Municipality(
        prefecture: "岐阜県", name: "羽島市", kana: "ハシマシ", code: "212172", homepage: "", budget: 987_654_321),
]

private let listing = Listing(
    columns: [.left("都道府県"), .left("名称"), .left("カナ"), .right("予算"), .left("code")],
    rows: municipalities.map { item in
        [
            Listing.Cell(item.prefecture), Listing.Cell(item.name), Listing.Cell(item.kana), .yen(item.budget),
            Listing.Cell(item.code),
        ]
    },
    items: municipalities
)

/// The columns a terminal gives this test data, worked out independently of `DisplayWidth` so the
/// tests do not grade the code with itself: the data is ASCII and ¥ (one column) and kana and
/// kanji (two columns).
private func terminalColumns(_ text: Substring) -> Int {
    text.unicodeScalars.reduce(0) { total, scalar in total + (scalar.value < 0x1100 ? 1 : 2) }
}

/// Where each cell sits in a rendered line, in display columns: the start of the cell's text
/// and the column just after its end. Cells are found left to right, so a value that also occurs
/// inside an earlier cell is not mistaken for it.
private func cellPositions(in line: String, cells: [String]) -> [(start: Int, end: Int)] {
    var positions: [(start: Int, end: Int)] = []
    var searchFrom = line.startIndex
    for cell in cells {
        guard let range = line.range(of: cell, range: searchFrom..<line.endIndex) else {
            Issue.record("\(cell) not found in \(line)")
            return positions
        }
        let start = terminalColumns(line[..<range.lowerBound])
        positions.append((start, start + terminalColumns(line[range])))
        searchFrom = range.upperBound
    }
    return positions
}

@Suite("Listing as a table")
struct ListingTableTests {
    @Test("a table aligns Japanese names by display width")
    func alignsJapaneseByDisplayWidth() throws {
        let lines = try listing.render(.table).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 + municipalities.count + 1)  // header, separator, rows, final ""
        #expect(lines.last == "")

        let header = cellPositions(in: String(lines[0]), cells: listing.columns.map(\.title))
        let rows = listing.rows.enumerated().map { index, row in
            cellPositions(in: String(lines[index + 2]), cells: row.map(\.text))
        }
        for row in rows {
            #expect(row.count == listing.columns.count)
            for (column, alignment) in listing.columns.map(\.alignment).enumerated() {
                switch alignment {
                case .left:
                    #expect(row[column].start == header[column].start, "column \(column) starts differently")
                case .right:
                    #expect(row[column].end == header[column].end, "column \(column) ends differently")
                }
            }
        }
        // The widest value sets each column's width; columns are two spaces apart.
        #expect(header.map(\.start) == [0, 10, 20, 42, 48])
    }

    @Test("the separator spans each column's full width")
    func separatorSpansColumns() throws {
        let lines = try listing.render(.table).split(separator: "\n")
        #expect(lines[1] == "--------  --------  ------------  ------------  ------")
    }

    @Test("amounts line up on their last digit")
    func rightAlignsAmounts() throws {
        let lines = try listing.render(.table).split(separator: "\n").map(String.init)
        let ends = [("予算", lines[0]), ("¥1,234,000", lines[2]), ("¥999", lines[3]), ("¥987,654,321", lines[4])]
            .map { cell, line in cellPositions(in: line, cells: [cell])[0].end }
        #expect(Set(ends).count == 1)
    }

    @Test("a table never truncates and leaves no trailing spaces")
    func noTruncationNoTrailingSpaces() throws {
        let long = "三豊市財田町財田上字宇多津町境界地先ほか道路改良工事"
        let table = Listing(columns: [.left("件名"), .left("備考")], rows: [[long, ""], ["a", "b"]], items: [String]())
        let text = try table.render(.table)
        #expect(text.contains(long))
        for line in text.split(separator: "\n") {
            #expect(line.last != " ")
        }
    }

    @Test("line breaks and control characters in a value do not break the row apart")
    func controlCharactersStayOnOneLine() throws {
        let table = Listing(
            columns: [.left("name"), .left("note")],
            rows: [["宇多津\n町", "tab\there\u{1B}[31m"]],
            items: [String]()
        )
        let lines = try table.render(.table).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[2] == "宇多津 町  tab here\u{FFFD}[31m")
    }

    @Test("an empty listing prints its header")
    func emptyListing() throws {
        let table = Listing(columns: [.left("名称"), .right("金額")], rows: [[String]](), items: [String]())
        #expect(try table.render(.table) == "名称  金額\n----  ----\n")
    }

    @Test("a short row renders with empty cells rather than shifting")
    func shortRow() throws {
        let table = Listing(columns: [.left("a"), .right("b")], rows: [["x"]], items: [String]())
        #expect(try table.render(.table) == "a  b\n-  -\nx\n")
    }
}

@Suite("Listing as CSV")
struct ListingCSVTests {
    @Test("csv quotes commas, quotes and line breaks as RFC 4180 says")
    func quoting() throws {
        let table = Listing(
            columns: [.left("name"), .left("note"), .left("memo"), .left("plain")],
            rows: [["a,b", "say \"hi\"", "line1\nline2", "ok"], ["cr\r\nlf", "", " spaced ", "x"]],
            items: [String]()
        )
        let expected =
            "name,note,memo,plain\r\n" + "\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",ok\r\n"
            + "\"cr\r\nlf\",, spaced ,x\r\n"
        #expect(try table.render(.csv) == expected)
    }

    @Test("csv is UTF-8 without a byte-order mark and keeps Japanese as is")
    func utf8WithoutBOM() throws {
        let csv = try listing.render(.csv)
        #expect(Array(csv.utf8.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(csv.hasPrefix("都道府県,名称,カナ,予算,code\r\n香川県,宇多津町,ウタヅチョウ,1234000,373869\r\n"))
    }

    @Test("csv gets plain amounts a spreadsheet can add up")
    func plainAmounts() throws {
        let csv = try listing.render(.csv)
        #expect(csv.contains(",987654321,"))
        #expect(!csv.contains("¥"))
    }

    @Test("a lone empty field is quoted so the record is not read as a blank line")
    func loneEmptyField() throws {
        let table = Listing(columns: [.left("note")], rows: [[""], ["x"]], items: [String]())
        #expect(try table.render(.csv) == "note\r\n\"\"\r\nx\r\n")
    }
}

@Suite("Listing as JSON")
struct ListingJSONTests {
    @Test("json prints the API items pretty with sorted keys, Japanese and slashes unescaped")
    func json() throws {
        let json = try listing.render(.json)
        #expect(json.hasPrefix("[\n"))
        #expect(json.hasSuffix("]\n"))
        #expect(json.contains("宇多津町"))
        #expect(json.contains("https://www.town.utazu.lg.jp/"))
        #expect(!json.contains("\\u"))
        #expect(!json.contains("\\/"))
        let keys = ["budget", "code", "homepage", "kana", "name", "prefecture"]
        let offsets = keys.compactMap { json.range(of: "\"\($0)\"")?.lowerBound }
        #expect(offsets.count == keys.count)
        #expect(offsets == offsets.sorted())
    }

    @Test("json round-trips to the same items")
    func roundTrip() throws {
        let data = Data(try listing.render(.json).utf8)
        #expect(try JSONDecoder().decode([Municipality].self, from: data) == municipalities)
    }

    @Test("json writes dates in ISO 8601 as the API does")
    func dates() throws {
        struct Stamped: Encodable { var at: Date }
        let item = Stamped(at: Date(timeIntervalSince1970: 1_700_000_000))
        let json = try Listing(columns: [], rows: [[String]](), items: item).render(.json)
        #expect(json.contains("\"2023-11-14T22:13:20Z\""))
    }
}

@Suite("Record detail")
struct RecordDetailTests {
    private let detail = RecordDetail(
        fields: ["番号": "12", "契約名": "道路補修工事", "URL": "https://example.jp/a", "契約額": .yen(1_234_000)],
        item: municipalities[0]
    )

    @Test("a record's values start in the same column whatever the labels' scripts")
    func alignsValues() throws {
        let lines = try detail.render(.table).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let starts = zip(lines, ["12", "道路補修工事", "https://example.jp/a", "¥1,234,000"]).map { line, value in
            cellPositions(in: line, cells: [value])[0].start
        }
        #expect(starts == [8, 8, 8, 8])
        #expect(lines[0] == "番号:   12")
        #expect(lines[2] == "URL:    https://example.jp/a")
    }

    @Test("a value of several lines continues under the value column")
    func multiLineValue() throws {
        let note = RecordDetail(fields: ["名称": "宇多津町", "備考": "一行目\r\n二行目"], item: [String: String]())
        #expect(try note.render(.table) == "名称: 宇多津町\n備考: 一行目\n      二行目\n")
    }

    @Test("a record as csv is a header of labels and one row of plain values")
    func csv() throws {
        #expect(try detail.render(.csv) == "番号,契約名,URL,契約額\r\n12,道路補修工事,https://example.jp/a,1234000\r\n")
    }

    @Test("a record as json is the API item")
    func json() throws {
        let json = try detail.render(.json)
        #expect(json.hasPrefix("{\n"))
        #expect(json.contains("ウタヅチョウ"))
    }
}

@Suite("Yen and counts")
struct FormattingTests {
    @Test(
        "amounts print in yen with a comma every three digits",
        arguments: [
            (Int64(0), "¥0"),
            (999, "¥999"),
            (1000, "¥1,000"),
            (1_234_000, "¥1,234,000"),
            (100_000_000, "¥100,000,000"),
            (-1, "-¥1"),
            (-1234, "-¥1,234"),
            (Int64.max, "¥9,223,372,036,854,775,807"),
            (Int64.min, "-¥9,223,372,036,854,775,808"),
        ]
    )
    func yen(amount: Int64, expected: String) {
        #expect(formatYen(amount) == expected)
    }

    @Test("counts print with a comma every three digits")
    func counts() {
        #expect(formatCount(0) == "0")
        #expect(formatCount(12_345) == "12,345")
        #expect(formatCount(-1_000_000) == "-1,000,000")
        #expect(formatCount(UInt8(255)) == "255")
    }
}

@Suite("--output")
struct OutputOptionsTests {
    @Test("--output defaults to a table and accepts json and csv")
    func parses() throws {
        #expect(try OutputOptions.parse([]).output == .table)
        #expect(try OutputOptions.parse(["--output", "json"]).output == .json)
        #expect(try OutputOptions.parse(["--output=csv"]).output == .csv)
    }

    @Test("--output rejects an unknown format")
    func rejectsUnknown() {
        #expect(throws: (any Error).self) { try OutputOptions.parse(["--output", "xml"]) }
    }
}
