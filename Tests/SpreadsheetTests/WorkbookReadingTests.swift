import Foundation
import Testing

@testable import Spreadsheet

/// Workbooks written by openpyxl and XlsxWriter (`scripts/make-workbook-fixtures`) and one
/// assembled by hand, read as the import reads them.
@Suite("reading workbooks")
struct WorkbookReadingTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/workbooks")

    static func rows(_ name: String, sheet: String? = nil) throws -> [SheetRow] {
        let workbook = try Workbook(url: fixtures.appending(path: name))
        let rows = try workbook.rows(of: workbook.sheet(sheet))
        var all: [SheetRow] = []
        while let row = try rows.next() { all.append(row) }
        return all
    }

    @Test("a published list: the first sheet is the notes, --sheet picks the list by name or number")
    func sheets() throws {
        let workbook = try Workbook(url: Self.fixtures.appending(path: "published-list.xlsx"))
        #expect(workbook.sheets.map(\.name) == ["記入要領", "契約一覧"])
        #expect(try workbook.sheet(nil).name == "記入要領")
        #expect(try workbook.sheet("2").name == "契約一覧")
        #expect(try workbook.sheet("契約一覧").name == "契約一覧")
        #expect(throws: WorkbookError.noSuchSheet("3", available: ["記入要領", "契約一覧"])) {
            try workbook.sheet("3")
        }
        #expect(throws: WorkbookError.noSuchSheet("一覧", available: ["記入要領", "契約一覧"])) {
            try workbook.sheet("一覧")
        }
    }

    @Test("shared strings, numbers as shown, a boolean, and a vertically merged vendor in both its rows")
    func publishedList() throws {
        let rows = try Self.rows("published-list.xlsx", sheet: "契約一覧")
        #expect(rows.map(\.number) == [1, 2, 4, 5, 6])
        #expect(rows[0].cells.first == "令和6年度 情報システム関係契約一覧")
        // The caption's horizontal merge is not spread over the row.
        #expect(rows[0].cells.dropFirst().allSatisfy { $0.isEmpty })
        #expect(rows[2].cells.prefix(3) == ["契約番号", "契約件名", "契約の相手方の商号又は名称"])
        #expect(
            rows[3].cells == [
                "R6-001", "住民記録システム保守", "株式会社ABCシステム", "住民記録・基幹系システム", "1320000", "税込", "年額",
                "令和6年4月1日～令和7年3月31日", "随意契約", "1500000",
            ])
        #expect(rows[4].cells[2] == "株式会社ABCシステム")
        #expect(rows[4].cells[5] == "TRUE")
        // No cell past the last one with a value.
        #expect(rows[4].cells.count == 9)
    }

    @Test("date cells as ISO dates in the 1900 and 1904 date systems; a formula by its cached value")
    func dates() throws {
        for name in ["dated-list.xlsx", "dated-list-1904.xlsx"] {
            let rows = try Self.rows(name)
            #expect(rows.count == 3, "\(name)")
            #expect(
                rows[1].cells == [
                    "コールセンター運営業務", "株式会社ABCシステム", "コールセンター", "1320000", "税込", "一括", "2024-04-01",
                    "2025-03-31", "随意契約", "R6-101",
                ], "\(name)")
            // 1,100,000 × 1.1 is stored as 1210000.0000000002; Excel shows 1,210,000.
            #expect(rows[2].cells[3] == "1210000", "\(name)")
            #expect(rows[2].cells[6] == "2024-02-29", "\(name)")
            #expect(rows[2].cells[9] == "1024", "\(name)")
        }
    }

    @Test("a prefixed namespace, inline strings without their furigana, cells without references")
    func handmade() throws {
        let rows = try Self.rows("handmade.xlsx")
        #expect(rows.map(\.number) == [2, 3, 5])
        #expect(rows[0].cells == ["件名", "事業者名", "開始日", "金額", "備考"])
        #expect(rows[1].cells == ["高橋 商事", "高橋 商事(株)", "2024-04-01", "#N/A", "一行目\r\n二行目 & <三>"])
        #expect(rows[2].cells == ["", "TRUE", "", "1500"])
    }

    @Test("files that are not workbooks are told apart by their bytes")
    func notWorkbooks() throws {
        #expect(throws: WorkbookError.notAWorkbook) {
            try Workbook(url: Self.fixtures.appending(path: "not-a-workbook.zip"))
        }
        let directory = FileManager.default.temporaryDirectory.appending(path: "procure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let xls = directory.appending(path: "契約一覧.xls")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: xls)
        #expect(Workbook.kind(ofFileAt: xls) == .compoundFile)
        #expect(throws: WorkbookError.compoundFile) { try Workbook(url: xls) }
        let csv = directory.appending(path: "契約一覧.xlsx")
        try Data("件名,金額\n".utf8).write(to: csv)
        #expect(Workbook.kind(ofFileAt: csv) == .other)
        // A ZIP archive cut short.
        let cut = directory.appending(path: "cut.xlsx")
        let whole = try Data(contentsOf: Self.fixtures.appending(path: "dated-list.xlsx"))
        try whole.prefix(whole.count / 2).write(to: cut)
        #expect(throws: WorkbookError.incomplete) { try Workbook(url: cut) }
    }

    @Test("damaged workbooks are refused as damaged: a sheet cut short, bytes that are not text")
    func damaged() throws {
        func failure(_ name: String) -> WorkbookError? {
            do {
                let workbook = try Workbook(url: Self.fixtures.appending(path: name))
                let rows = try workbook.rows(of: workbook.sheet(nil))
                while try rows.next() != nil {}
                return nil
            } catch {
                return error
            }
        }
        // Its first rows parse; they must not pass for the whole sheet.
        #expect(
            failure("cut-sheet.xlsx")
                == .damaged(part: "xl/worksheets/sheet1.xml", reason: "the sheet ends before its last row"))
        #expect(failure("garbled.xlsx") == .damaged(part: "xl/worksheets/sheet1.xml", reason: "not UTF-8 text"))
    }

    @Test("UTF-8 is checked across chunks: a character split between two is whole, a stray byte is not")
    func utf8AcrossChunks() {
        let text = Array("契約一覧".utf8)
        var check = UTF8Check()
        let first = check.consume(Data(text[..<4]))
        #expect(first && !check.isComplete)
        let second = check.consume(Data(text[4...]))
        #expect(second && check.isComplete)
        var stray = UTF8Check()
        let strayValid = stray.consume(Data([0x61, 0xEF, 0x00, 0x62]))
        #expect(!strayValid)
        var cut = UTF8Check()
        let cutValid = cut.consume(Data(text.dropLast()))
        #expect(cutValid)
        #expect(!cut.isComplete)
    }

    @Test("a part that unpacks past the limit is refused, not written out (a ZIP bomb)")
    func partLimit() throws {
        let url = Self.fixtures.appending(path: "dated-list.xlsx")
        let error = #expect(throws: WorkbookError.self) {
            let workbook = try Workbook(url: url, maximumPartBytes: 600)
            _ = try workbook.rows(of: workbook.sheet(nil))
        }
        guard case .damaged(_, let reason) = error else {
            Issue.record("not refused as too large: \(String(describing: error))")
            return
        }
        #expect(reason == "larger than 0 MB unpacked")
        let roomy = try Workbook(url: url, maximumPartBytes: 100_000)
        #expect(try roomy.rows(of: roomy.sheet(nil)).next()?.number == 1)
    }

    @Test("a reader that stops early gets no more rows, and no unpacked part is left behind")
    func stoppingEarly() throws {
        let workbook = try Workbook(url: Self.fixtures.appending(path: "published-list.xlsx"))
        let rows = try workbook.rows(of: workbook.sheet("契約一覧"))
        #expect(try rows.next()?.number == 1)
        rows.close()
        #expect(try rows.next() == nil)
        let left = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
        #expect(!left.contains { $0.hasPrefix("procure-workbook-") })
    }
}

@Suite("cell values")
struct CellValueTests {
    @Test("date serials in both date systems, including Excel's 29 February 1900")
    func serials() {
        #expect(CellValues.date(serial: "45383", dateSystem1904: false) == "2024-04-01")
        #expect(CellValues.date(serial: "45383.75", dateSystem1904: false) == "2024-04-01")
        #expect(CellValues.date(serial: "43921", dateSystem1904: true) == "2024-04-01")
        #expect(CellValues.date(serial: "1", dateSystem1904: false) == "1900-01-01")
        #expect(CellValues.date(serial: "59", dateSystem1904: false) == "1900-02-28")
        #expect(CellValues.date(serial: "60", dateSystem1904: false) == "1900-02-29")
        #expect(CellValues.date(serial: "61", dateSystem1904: false) == "1900-03-01")
        #expect(CellValues.date(serial: "-1", dateSystem1904: false) == nil)
    }

    @Test("number formats that show dates, and those that do not")
    func dateFormats() {
        for code in ["yyyy/m/d", "[$-411]ggge\"年\"m\"月\"d\"日\"", "ge.m.d", "d-mmm-yy", "yyyy\"年\"m\"月\""] {
            #expect(CellValues.isDateFormat(id: 176, code: code), "\(code)")
        }
        for code in ["#,##0", "\"¥\"#,##0", "0.00E+00", "General", "h:mm", "#,##0\"円\"", "[Red]#,##0;\"d\"0"] {
            #expect(!CellValues.isDateFormat(id: 176, code: code), "\(code)")
        }
        #expect(CellValues.isDateFormat(id: 14, code: nil))
        #expect(CellValues.isDateFormat(id: 57, code: nil))
        #expect(!CellValues.isDateFormat(id: 32, code: nil))
        #expect(!CellValues.isDateFormat(id: 3, code: nil))
    }

    @Test("numbers as Excel shows them, column letters both ways, _xHHHH_ escapes; garbage is no reference or date")
    func numbersAndReferences() {
        #expect(CellValues.column(ofReference: "AAAAAAAAAAAAAAAAAAAAAAAA1"[...].utf8) == nil)
        #expect(CellValues.date(serial: "1e300", dateSystem1904: false) == nil)
        #expect(CellValues.number("1100000") == "1100000")
        #expect(CellValues.number("1210000.0000000002") == "1210000")
        #expect(CellValues.number("0.1") == "0.1")
        #expect(CellValues.number("1E+3") == "1000")
        #expect(CellValues.column(ofReference: "A1"[...].utf8) == 0)
        #expect(CellValues.column(ofReference: "AB12"[...].utf8) == 27)
        #expect(CellValues.column(ofReference: "XFD1"[...].utf8) == 16_383)
        #expect(CellValues.letters(ofColumn: 27) == "AB")
        #expect(CellValues.unescaped("a_x000D_b_x005F_x000D_") == "a\rb_x000D_")
        #expect(MergedRange(reference: "C5:C6") == MergedRange(reference: "C6:C5"))
    }
}
