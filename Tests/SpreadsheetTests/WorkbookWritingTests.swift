import Foundation
import Testing

@testable import Spreadsheet

@Suite("writing workbooks")
struct WorkbookWritingTests {
    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "procure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("a written workbook reads back: headings, text that needs escaping, yen, counts and dates")
    func roundTrip() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "契約一覧.xlsx")
        let writer = try WorkbookWriter(sheetName: "契約一覧", headings: ["件名", "金額", "開始日", "件数", "備考"])
        try writer.append([.text("<script>&\"保守\""), .yen(1_320_000), .date("2024-04-01"), .number(3), .empty])
        try writer.append([.text("二行\n目_x000D_\u{1}"), .yen(0), .date("1900-01-01"), .number(-1), .text("")])
        try writer.finish(to: url)

        let workbook = try Workbook(url: url)
        #expect(workbook.sheets.map(\.name) == ["契約一覧"])
        let rows = try workbook.rows(of: workbook.sheet(nil))
        var read: [SheetRow] = []
        while let row = try rows.next() { read.append(row) }
        #expect(read.map(\.number) == [1, 2, 3])
        #expect(read[0].cells == ["件名", "金額", "開始日", "件数", "備考"])
        #expect(read[1].cells == ["<script>&\"保守\"", "1320000", "2024-04-01", "3"])
        #expect(read[2].cells == ["二行\n目_x000D_\u{1}", "0", "1900-01-01", "-1", ""])
        // Nothing but the workbook is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["契約一覧.xlsx"])
    }

    @Test("a workbook of many rows is packed from the temporary file whole")
    func manyRows() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "many.xlsx")
        let writer = try WorkbookWriter(sheetName: "一覧", headings: ["番号", "件名"])
        for number in 1...20_000 { try writer.append([.number(Int64(number)), .text("業務委託 \(number)")]) }
        try writer.finish(to: url)
        let workbook = try Workbook(url: url)
        let rows = try workbook.rows(of: workbook.sheet(nil))
        var count = 0
        var last: SheetRow?
        while let row = try rows.next() {
            count += 1
            last = row
        }
        #expect(count == 20_001)
        #expect(last?.cells == ["20000", "業務委託 20000"])
    }

    @Test("dates as Excel's serials, including before its 29 February 1900; sheet names Excel accepts")
    func serialsAndNames() {
        #expect(WorkbookWriter.serial(ofISODate: "2024-04-01") == 45383)
        #expect(WorkbookWriter.serial(ofISODate: "1900-01-01") == 1)
        #expect(WorkbookWriter.serial(ofISODate: "1900-02-28") == 59)
        #expect(WorkbookWriter.serial(ofISODate: "1900-03-01") == 61)
        #expect(WorkbookWriter.serial(ofISODate: "2023-02-29") == nil)
        #expect(WorkbookWriter.sheetTitle("令和6年度/契約[一覧]") == "令和6年度_契約_一覧_")
        #expect(WorkbookWriter.sheetTitle(String(repeating: "あ", count: 40)).count == 31)
        #expect(WorkbookWriter.sheetTitle("'q'") == "q")
        #expect(WorkbookWriter.sheetTitle("History") == "History_")
        #expect(WorkbookWriter.sheetTitle("''") == "Sheet1")
    }

    @Test("a workbook replaces the file at its destination only when it is whole")
    func replacing() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "一覧.xlsx")
        try Data("old".utf8).write(to: url)
        let writer = try WorkbookWriter(sheetName: "一覧", headings: ["件名"])
        try writer.append([.text("新")])
        try writer.finish(to: url)
        #expect(Workbook.kind(ofFileAt: url) == .zipArchive)
        // A destination in a folder that does not exist: an error, and nothing written anywhere.
        let failing = try WorkbookWriter(sheetName: "一覧", headings: ["件名"])
        #expect(throws: WorkbookError.self) { try failing.finish(to: directory.appending(path: "none/一覧.xlsx")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["一覧.xlsx"])
    }
}
