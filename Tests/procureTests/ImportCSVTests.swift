import Foundation
import ProcurementClient
import Testing

@testable import procure

/// Import files written by the tests.
enum ImportFixtures {
    /// A contract list as Excel on Japanese Windows saves it: CP932 with CR LF. These bytes were made
    /// once with Python, `'…'.encode('cp932')`, with 髙 then written as its IBM-extension code FB FC
    /// (Python picks the NEC-selected EE E0), so the test does not depend on the encoder it checks:
    ///
    ///     件名,事業者名,分類,金額,税込,支払区分,開始日,終了日,契約方法,契約番号
    ///     ①予約システム,㈱髙橋システム,予約システム,"1,320,000",税込,一括,2024/4/1,2025/3/31,随意契約,R6-001
    ///
    /// ① is NEC special 87 40, ㈱ is NEC special 87 8A, and 予 is 97 5C: its second byte is the
    /// ASCII backslash, which a decoder that is not Shift_JIS-aware would take as one.
    static let cp932Header: [UInt8] = [
        0x8C, 0x8F, 0x96, 0xBC, 0x2C, 0x8E, 0x96, 0x8B, 0xC6, 0x8E, 0xD2, 0x96, 0xBC, 0x2C, 0x95, 0xAA, 0x97, 0xDE,
        0x2C, 0x8B, 0xE0, 0x8A, 0x7A, 0x2C, 0x90, 0xC5, 0x8D, 0x9E, 0x2C, 0x8E, 0x78, 0x95, 0xA5, 0x8B, 0xE6, 0x95,
        0xAA, 0x2C, 0x8A, 0x4A, 0x8E, 0x6E, 0x93, 0xFA, 0x2C, 0x8F, 0x49, 0x97, 0xB9, 0x93, 0xFA, 0x2C, 0x8C, 0x5F,
        0x96, 0xF1, 0x95, 0xFB, 0x96, 0x40, 0x2C, 0x8C, 0x5F, 0x96, 0xF1, 0x94, 0xD4, 0x8D, 0x86, 0x0D, 0x0A,
    ]
    static let cp932Row: [UInt8] = [
        0x87, 0x40, 0x97, 0x5C, 0x96, 0xF1, 0x83, 0x56, 0x83, 0x58, 0x83, 0x65, 0x83, 0x80, 0x2C, 0x87, 0x8A, 0xFB,
        0xFC, 0x8B, 0xB4, 0x83, 0x56, 0x83, 0x58, 0x83, 0x65, 0x83, 0x80, 0x2C, 0x97, 0x5C, 0x96, 0xF1, 0x83, 0x56,
        0x83, 0x58, 0x83, 0x65, 0x83, 0x80, 0x2C, 0x22, 0x31, 0x2C, 0x33, 0x32, 0x30, 0x2C, 0x30, 0x30, 0x30, 0x22,
        0x2C, 0x90, 0xC5, 0x8D, 0x9E, 0x2C, 0x88, 0xEA, 0x8A, 0x87, 0x2C, 0x32, 0x30, 0x32, 0x34, 0x2F, 0x34, 0x2F,
        0x31, 0x2C, 0x32, 0x30, 0x32, 0x35, 0x2F, 0x33, 0x2F, 0x33, 0x31, 0x2C, 0x90, 0x8F, 0x88, 0xD3, 0x8C, 0x5F,
        0x96, 0xF1, 0x2C, 0x52, 0x36, 0x2D, 0x30, 0x30, 0x31, 0x0D, 0x0A,
    ]
    static let cp932File = cp932Header + cp932Row

    static let utf8Header = "件名,事業者名,分類,金額,税込,支払区分,開始日,終了日,契約方法,契約番号\n"
    static func utf8Row(_ number: Int, title: String = "予約システム保守") -> String {
        "\(title),株式会社ABCシステム,予約システム,\"1,320,000\",税込,一括,2024/4/1,2025/3/31,随意契約,R6-\(number)\n"
    }

    /// Writes `bytes` to a new temporary file.
    static func file(_ bytes: [UInt8], name: String = "contracts.csv") throws -> URL {
        let directory = fixtureRoot.appending(path: UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appending(path: name)
        try Data(bytes).write(to: url)
        return url
    }

    static func file(_ text: String, name: String = "contracts.csv") throws -> URL {
        try file(Array(text.utf8), name: name)
    }

    /// Where this test process writes its files: one directory named after the process, so that a
    /// run leaves at most one behind, and the first fixture of a run removes those of runs whose
    /// process has ended (a test process has no hook that runs when all its tests are done).
    static let fixtureRoot: URL = {
        let temporary = FileManager.default.temporaryDirectory
        let prefix = "procure-import-fixtures-"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for entry in entries where entry.hasPrefix(prefix) {
            if let pid = Int32(entry.dropFirst(prefix.count)), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(at: temporary.appending(path: entry))
            }
        }
        return temporary.appending(path: prefix + String(getpid()))
    }()
}

@Suite("reading import files")
struct ImportCSVTests {
    /// Every row of the file, read in chunks.
    static func rows(_ url: URL, encoding: TextEncoding? = nil) throws -> [(line: Int32, values: [String: String])] {
        let reader = try ImportRowReader(url: url, encoding: try encoding ?? TextEncoding.detect(fileAt: url))
        var rows: [(Int32, [String: String])] = []
        while let chunk = try reader.nextChunk() { rows += chunk.map { ($0.line, $0.values.additionalProperties) } }
        return rows
    }

    static func failure(_ url: URL, encoding: TextEncoding? = nil) -> String? {
        do {
            _ = try rows(url, encoding: encoding)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a CP932 file is detected and decoded, NEC specials and IBM extensions included")
    func cp932() throws {
        let url = try ImportFixtures.file(ImportFixtures.cp932File)
        #expect(try TextEncoding.detect(fileAt: url) == .cp932)
        let rows = try Self.rows(url)
        #expect(rows.count == 1)
        #expect(rows.first?.values["title"] == "①予約システム")
        #expect(rows.first?.values["vendorName"] == "㈱髙橋システム")
        #expect(rows.first?.values["amount"] == "1,320,000")
        #expect(rows.first?.values["externalReference"] == "R6-001")
    }

    @Test("a CP932 character split between two read blocks is decoded whole")
    func cp932AcrossBlocks() throws {
        // The second row's ① (87 40) starts at byte 65,535: its bytes fall in different 64 KiB blocks.
        let padding = 65_535 - ImportFixtures.cp932Header.count - ImportFixtures.cp932Row.count
        let bytes =
            ImportFixtures.cp932Header + [UInt8](repeating: 0x78, count: padding) + ImportFixtures.cp932Row
            + ImportFixtures.cp932Row
        let rows = try Self.rows(try ImportFixtures.file(bytes), encoding: .cp932)
        #expect(rows.map(\.values["title"]) == [String(repeating: "x", count: padding) + "①予約システム", "①予約システム"])
    }

    @Test("a UTF-8 file with a byte-order mark is read without the mark")
    func utf8WithBOM() throws {
        let url = try ImportFixtures.file(
            [0xEF, 0xBB, 0xBF] + Array((ImportFixtures.utf8Header + ImportFixtures.utf8Row(1)).utf8))
        #expect(try TextEncoding.detect(fileAt: url) == .utf8)
        let rows = try Self.rows(url)
        // With the mark left in, the first header would be "\u{FEFF}件名", an unknown column.
        #expect(rows.first?.values["title"] == "予約システム保守")
    }

    @Test("a UTF-8 file without a byte-order mark is detected as UTF-8")
    func utf8WithoutBOM() throws {
        let url = try ImportFixtures.file(ImportFixtures.utf8Header + ImportFixtures.utf8Row(1))
        #expect(try TextEncoding.detect(fileAt: url) == .utf8)
        #expect(try Self.rows(url).first?.values["vendorName"] == "株式会社ABCシステム")
    }

    @Test("a UTF-8 character split between two read blocks is decoded whole")
    func utf8AcrossBlocks() throws {
        let header = Array(ImportFixtures.utf8Header.utf8)
        let row = Array(ImportFixtures.utf8Row(2).utf8)
        // The second row's 予 (E4 BA 88) starts at byte 65,535.
        let padding = 65_535 - header.count - row.count
        let bytes = header + [UInt8](repeating: 0x78, count: padding) + row + row
        let rows = try Self.rows(try ImportFixtures.file(bytes))
        #expect(rows.last?.values["title"] == "予約システム保守")
        #expect(rows.count == 2)
    }

    @Test("bytes that are not UTF-8 in a file read as UTF-8 stop the import, naming the line")
    func invalidUTF8() throws {
        let bytes = Array((ImportFixtures.utf8Header + ImportFixtures.utf8Row(1)).utf8) + ImportFixtures.cp932Row
        let failure = Self.failure(try ImportFixtures.file(bytes), encoding: .utf8)
        #expect(
            failure?.hasPrefix("line 3 of contracts.csv is not valid UTF-8 text (byte 0x87)") == true,
            "\(failure ?? "")")
    }

    @Test("overlong forms and surrogates are not UTF-8")
    func utf8Validator() {
        for bytes: [UInt8] in [
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF],
        ] {
            var validator = UTF8Validator()
            #expect(bytes.withUnsafeBufferPointer { validator.consume($0) } != nil, "\(bytes)")
        }
        var validator = UTF8Validator()
        #expect(Array("①髙".utf8).withUnsafeBufferPointer { validator.consume($0) } == nil && validator.isComplete)
    }

    @Test("a byte that is not CP932 stops the import, naming the line")
    func invalidCP932() throws {
        // 0xFF never starts a CP932 character.
        let bytes = ImportFixtures.cp932File + ImportFixtures.cp932Row + [0x41, 0xFF, 0x2C, 0x0D, 0x0A]
        let failure = Self.failure(try ImportFixtures.file(bytes), encoding: .cp932)
        #expect(failure?.hasPrefix("line 4 of contracts.csv is not valid CP932 (Shift_JIS) text (byte 0xFF)") == true)
    }

    @Test("a CP932 file cut off in the middle of a character is an error naming the last line")
    func truncatedCP932() throws {
        let bytes = ImportFixtures.cp932File + [0x87]
        let failure = Self.failure(try ImportFixtures.file(bytes), encoding: .cp932)
        #expect(failure?.hasPrefix("line 3 of contracts.csv is not valid CP932") == true, "\(failure ?? "")")
    }

    @Test("a UTF-16 file is refused with what to do instead")
    func utf16() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("件名".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let failure = Self.failure(try ImportFixtures.file(bytes), encoding: .cp932)
        #expect(failure == "contracts.csv is UTF-16 text; save it as CSV (UTF-8 or Shift_JIS) instead")
    }

    @Test("English headers map to the same columns as Japanese ones, whatever their case and width")
    func englishHeaders() throws {
        let text =
            "Title,vendorName,category,ＡＭＯＵＮＴ,taxIncluded,billing_basis,startDate,endDate,contractMethod,externalReference\n"
            + ImportFixtures.utf8Row(1)
        let rows = try Self.rows(try ImportFixtures.file(text))
        #expect(rows.first?.values.count == 10)
        #expect(rows.first?.values["amount"] == "1,320,000")
        #expect(rows.first?.values["billingBasis"] == "一括")
    }

    @Test("an unknown header is an error listing the known columns")
    func unknownHeader() throws {
        let text = "件名,事業者名,契約金顎\nx,y,1\n"
        let failure = Self.failure(try ImportFixtures.file(text))
        #expect(
            failure?.hasPrefix(
                "unknown column '契約金顎' (the nearest column is 金額 (amount)): add --map '契約金顎=amount' to read it "
                    + "as that column, or --ignore '契約金顎' to leave it out; the columns are 件名 (title), 製品名 (product)")
                == true,
            "\(failure ?? "")")
    }

    @Test("a missing required column is an error naming it")
    func missingColumn() throws {
        let text = "件名,事業者名,分類,金額,税込,支払区分,開始日,終了日\n"
        let failure = Self.failure(try ImportFixtures.file(text))
        #expect(failure == "the file has no column for 契約方法 (contractMethod); these columns are required")
    }

    @Test("rows above the header — a caption, a unit, blank rows — are skipped; lines count from the file's first")
    func captionAboveHeader() throws {
        let caption = "令和6年度 情報システム関係契約一覧,,,,,,,,,\n総務課,,,,,,,,単位：円,\n,,,,,,,,,\n"
        let url = try ImportFixtures.file(caption + ImportFixtures.utf8Header + ImportFixtures.utf8Row(1))
        let reader = try ImportRowReader(url: url, encoding: .utf8)
        #expect(reader.headerLine == 4)
        #expect(try reader.nextChunk()?.map(\.line) == [5])
        #expect(DoneText.headerFound(line: 4).english == "header on line 4; lines 1–3 skipped")
    }

    @Test("without a row naming every required column, the row naming the most known columns is judged as the header")
    func captionWithoutHeader() throws {
        let text = "令和6年度 契約一覧\n件名,事業者名,分類,金額,税込,支払区分,開始日,終了日\n"
        let failure = Self.failure(try ImportFixtures.file(text))
        #expect(
            failure == "the file has no column for 契約方法 (contractMethod); these columns are required",
            "\(failure ?? "")")
        // No row names two known columns: the first row with text is judged.
        let caption = Self.failure(try ImportFixtures.file("令和6年度 契約一覧\n\n件名\n"))
        #expect(caption?.hasPrefix("unknown column '令和6年度 契約一覧'") == true, "\(caption ?? "")")
    }

    @Test("an amount headed in thousands of yen (金額（千円）) is read as thousands; （円） is the amount too")
    func amountHeadings() throws {
        let thousands =
            ImportFixtures.utf8Header.replacingOccurrences(of: "金額", with: "金額（千円）")
            + ImportFixtures.utf8Row(1).replacingOccurrences(of: "\"1,320,000\"", with: "\"1,320\"")
        #expect(try Self.rows(try ImportFixtures.file(thousands)).first?.values["amount"] == "1,320千円")
        let yen =
            ImportFixtures.utf8Header.replacingOccurrences(of: "金額", with: "契約金額（円）")
            + ImportFixtures.utf8Row(1)
        #expect(try Self.rows(try ImportFixtures.file(yen)).first?.values["amount"] == "1,320,000")
    }

    @Test("a term column gives the start and end dates; with date columns beside it, it is an error naming them")
    func termColumn() throws {
        let header = "件名,事業者名,分類,金額,税込,支払区分,履行期間,契約方法\n"
        let text =
            header + "保守,株式会社ABCシステム,予約システム,1320000,税込,一括,令和6年4月1日～令和7年3月31日,随意契約\n"
            + "保守,株式会社ABCシステム,予約システム,1320000,税込,一括,来年度いっぱい,随意契約\n"
        let reader = try ImportRowReader(url: try ImportFixtures.file(text), encoding: .utf8)
        let rows = try #require(try reader.nextChunk())
        #expect(rows.map(\.line) == [2])
        let values = rows.first?.values.additionalProperties
        #expect(values?["startDate"] == "2024-04-01" && values?["endDate"] == "2025-03-31")
        #expect(reader.invalidRows.map(\.line) == [3] && reader.invalidRows.first?.column == "履行期間")
        let both = "件名,事業者名,分類,金額,税込,支払区分,契約期間,開始日,終了日,契約方法\n"
        #expect(
            Self.failure(try ImportFixtures.file(both))
                == "the file has both a term column '契約期間' and date columns 開始日, 終了日; keep one or the other")
    }

    @Test("a published list's headings are read; --map names a column, --ignore leaves one out")
    func publishedHeadings() throws {
        let header =
            "契約の名称,契約の相手方の商号又は名称,分類,発注額,予定価格,税込,支払区分,開始日,終了日,契約の方法,契約締結日,担当者\n"
        let text =
            header + "保守,株式会社ABCシステム,予約システム,1320000,1500000,税込,一括,2024/4/1,2025/3/31,随意契約,2024/3/25,佐藤\n"
        let url = try ImportFixtures.file(text)
        #expect(
            Self.failure(url)?.hasPrefix(
                "unknown columns '発注額', '担当者' (the nearest column to the first is 金額 (amount))") == true)
        let reader = try ImportRowReader(
            url: url, encoding: .utf8, mappings: ["発注額": .amount], ignored: ["担当者"])
        let values = try #require(try reader.nextChunk()?.first?.values.additionalProperties)
        #expect(values["amount"] == "1320000" && values["vendorName"] == "株式会社ABCシステム" && values["title"] == "保守")
        // 契約締結日 is the signing date, beside the term's start.
        #expect(values["signedDate"] == "2024/3/25" && values["startDate"] == "2024/4/1")
        #expect(values.count == 10, "予定価格 and 担当者 are not read: \(values)")
    }

    @Test("a column without a header is ignored, and so are its cells")
    func blankHeader() throws {
        let text =
            ImportFixtures.utf8Header.replacingOccurrences(of: "\n", with: ",\n") + "a,b,c,d,e,f,g,h,i,j,ignored\n"
        #expect(try Self.rows(try ImportFixtures.file(text)).first?.values.count == 10)
    }

    @Test("a row's line is the line it starts on, after cells with line breaks")
    func lineNumbers() throws {
        let text =
            ImportFixtures.utf8Header + ImportFixtures.utf8Row(1, title: "\"二行の\r\n件名\"") + ImportFixtures.utf8Row(2)
            + ImportFixtures.utf8Row(3, title: "\"三\n行\nの件名\"") + ImportFixtures.utf8Row(4)
        let rows = try Self.rows(try ImportFixtures.file(text))
        #expect(rows.map(\.line) == [2, 4, 5, 8])
    }

    @Test("blank rows, as spreadsheets leave at the end, are skipped but keep their line")
    func blankRows() throws {
        let text = ImportFixtures.utf8Header + ",,,,,,,,,\n" + ImportFixtures.utf8Row(1) + "\n,,  ,\n"
        let rows = try Self.rows(try ImportFixtures.file(text))
        #expect(rows.map(\.line) == [3])
    }

    @Test("chunks hold at most 2,000 rows")
    func chunks() throws {
        let text = ImportFixtures.utf8Header + (1...4500).map { ImportFixtures.utf8Row($0) }.joined()
        let reader = try ImportRowReader(url: try ImportFixtures.file(text), encoding: .utf8)
        var sizes: [Int] = []
        while let chunk = try reader.nextChunk() { sizes.append(chunk.count) }
        #expect(sizes == [2000, 2000, 500])
    }

    @Test("the summary counts what the import did and lists the skipped rows under the file's headers")
    func summary() throws {
        let headers = try ImportHeaders(ImportFixtures.utf8Header.dropLast().split(separator: ",").map(String.init))
        let result = Components.Schemas.ContractImportResult(
            created: 120, updated: 3, unchanged: 877, skipped: 1, vendorsCreated: 2,
            errors: [
                .init(
                    line: 12, column: "endDate", message: "the end date 2024-03-31 is before the start date 2024-04-01")
            ])
        let text = ImportContracts.summary(of: result, file: "contracts.csv", headers: headers)
        #expect(
            text == """
                imported contracts.csv: 120 created, 3 updated, 877 unchanged, 2 vendors registered, 1 invalid row skipped
                  line 12, 終了日: the end date 2024-03-31 is before the start date 2024-04-01

                """)
    }
}
