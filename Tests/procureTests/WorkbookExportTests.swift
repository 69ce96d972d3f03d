import Foundation
import Spreadsheet
import Testing

/// `procure contracts export` and `--output xlsx` with the real binary and server: the workbook
/// an export writes is what the import reads, so export → edit → import changes only the edited.
@Suite("workbook export end to end", .serialized)
struct WorkbookExportTests {
    static func rows(_ url: URL) throws -> [[String]] {
        let workbook = try Workbook(url: url)
        let rows = try workbook.rows(of: workbook.sheet(nil))
        var all: [[String]] = []
        while let row = try rows.next() { all.append(row.cells) }
        return all
    }

    /// Runs a Python script with openpyxl: the interpreter `scripts/test` installs into
    /// `.venv-test` (and names in `PROCURE_TEST_PYTHON`).
    static func openpyxl(_ script: String, arguments: [String]) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let python =
            ProcessInfo.processInfo.environment["PROCURE_TEST_PYTHON"]
            ?? root.appending(path: ".venv-test/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("no Python with openpyxl at \(python): run the tests with scripts/test, which installs it")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
    }

    @Test(
        "export, then import unchanged, then an amount and a date edited with openpyxl: only those contracts are updated, with history"
    )
    func exportEditImport() async throws {
        try await StoryServer.run { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let file = try ImportFixtures.file(
                Array(try Data(contentsOf: WorkbookImportTests.workbooks.appending(path: "dated-list.xlsx"))),
                name: "一覧.xlsx")
            #expect(try await member.run("contracts", "import", file.path).status == 0)
            // A contract without a contract number, with a renewal notice date and notes.
            let added = try await member.run(
                "contracts", "add", "--vendor", "株式会社ABCシステム", "--category", "call_centre", "--title",
                "窓口案内 <試行>", "--amount", "300000", "--tax-excluded", "--billing", "monthly", "--start",
                "2024-04-01", "--end", "2026-03-31", "--method", "other", "--renewal-notice", "2025-12-01", "--signed",
                "令和6年3月15日", "--notes",
                "二行の\n備考")
            #expect(added.status == 0, "\(added.standardError)")

            let directory = file.deletingLastPathComponent()
            let exported = directory.appending(path: "契約一覧.xlsx")
            let export = try await member.run("contracts", "export", "--out", exported.path)
            #expect(export.status == 0, "\(export.standardError)")
            #expect(export.standardOutput == "wrote 3 contracts to 契約一覧.xlsx\n")
            let rows = try Self.rows(exported)
            #expect(
                rows[0] == [
                    "団体コード", "契約番号", "件名", "製品名", "事業者名", "法人番号", "分類", "金額", "税込", "支払区分", "契約締結日", "開始日",
                    "終了日", "契約方法", "更新通知日", "備考", "出典URL",
                ])
            let trial = try #require(rows.first { $0.count > 2 && $0[2] == "窓口案内 <試行>" })
            #expect(
                trial == [
                    "373869", "", "窓口案内 <試行>", "", "株式会社ABCシステム", "", "コールセンター", "300000", "税抜", "月額",
                    "2024-03-15", "2024-04-01", "2026-03-31", "その他", "2025-12-01", "二行の\n備考",
                ])

            let again = try await member.run("contracts", "import", exported.path)
            #expect(
                again.standardOutput
                    == "imported 契約一覧.xlsx: 0 created, 0 updated, 3 unchanged, 0 vendors registered\n",
                "\(again.standardError)")

            // One amount and one signing date edited, as a person would in Excel: by openpyxl, which
            // writes workbooks as Excel does (shared strings, the cells' styles kept).
            let edited = directory.appending(path: "編集後.xlsx")
            try Self.openpyxl(
                """
                import datetime, sys, openpyxl
                book = openpyxl.load_workbook(sys.argv[1])
                sheet = book.active
                headings = [cell.value for cell in sheet[1]]
                number, title, amount, signed = (headings.index(h) for h in ("契約番号", "件名", "金額", "契約締結日"))
                for row in sheet.iter_rows(min_row=2):
                    if row[number].value == "R6-101":
                        row[amount].value = 1100000
                    if row[title].value == "窓口案内 <試行>":
                        row[signed].value = datetime.datetime(2024, 3, 18)
                book.save(sys.argv[2])
                """, arguments: [exported.path, edited.path])
            let update = try await member.run("contracts", "import", edited.path)
            #expect(
                update.standardOutput
                    == "imported 編集後.xlsx: 0 created, 2 updated, 1 unchanged, 0 vendors registered\n",
                "\(update.standardError)")
            let listed = try await member.run("contracts", "list", "--output", "json")
            let contracts = try #require(
                try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
            let changed = try #require(contracts.first { $0["externalReference"] as? String == "R6-101" })
            #expect(changed["amount"] as? Int == 1_100_000)
            let history = try await member.run("contracts", "history", try #require(changed["id"] as? String))
            #expect(history.standardOutput.contains("¥1,100,000"), "\(history.standardOutput)")
            let trialContract = try #require(contracts.first { $0["title"] as? String == "窓口案内 <試行>" })
            #expect(trialContract["signedDate"] as? String == "2024-03-18")
            #expect(trialContract["startDate"] as? String == "2024-04-01")
            let trialHistory = try await member.run(
                "contracts", "history", try #require(trialContract["id"] as? String))
            let signedChange = trialHistory.standardOutput.split(separator: "\n").first {
                $0.contains("updated") && $0.contains("signed")
            }
            #expect(
                signedChange?.contains("2024-03-15  2024-03-18") == true, "\(trialHistory.standardOutput)")

            // The listing as a workbook is the same workbook.
            let listedWorkbook = directory.appending(path: "list.xlsx")
            let list = try await member.run(
                "contracts", "list", "--municipality", "373869", "--output", "xlsx", "--out", listedWorkbook.path)
            #expect(list.standardOutput == "wrote 3 contracts to list.xlsx\n", "\(list.standardError)")
            #expect(try Self.rows(listedWorkbook)[0] == rows[0])
        }
    }

    @Test(
        "every listing takes --output xlsx --out, headed in the language of the run; --output xlsx and --out go together"
    )
    func listingsAsWorkbooks() async throws {
        try await StoryServer.run { story in
            var member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let directory = try ImportFixtures.file("", name: "placeholder").deletingLastPathComponent()
            let categories = directory.appending(path: "分類.xlsx")
            member.environment["PROCURE_LANG"] = "ja"
            let written = try await member.run("categories", "list", "--output", "xlsx", "--out", categories.path)
            #expect(written.status == 0, "\(written.standardError)")
            #expect(written.standardOutput == "分類.xlsx に 15 行を書き出しました\n")
            let rows = try Self.rows(categories)
            #expect(rows.count == 16)
            #expect(rows.contains { $0.contains("予約システム") })

            member.environment["PROCURE_LANG"] = "en"
            let noFile = try await member.run("categories", "list", "--output", "xlsx")
            #expect(noFile.status != 0)
            #expect(noFile.standardError.contains("--output xlsx needs the file to write: --out FILE.xlsx"))
            let noFormat = try await member.run("categories", "list", "--out", categories.path)
            #expect(noFormat.status != 0)
            #expect(noFormat.standardError.contains("--out goes with --output xlsx"))
            let csvName = try await member.run("categories", "list", "--output", "xlsx", "--out", "分類.csv")
            #expect(csvName.standardError.contains("--out names the workbook to write: a file name ending in .xlsx"))
            let missing = directory.appending(path: "無い/分類.xlsx")
            let noFolder = try await member.run("contracts", "export", "--out", missing.path)
            #expect(noFolder.standardError == "error: there is no folder \(missing.deletingLastPathComponent().path)\n")
            let admin = try await story.client("admin", "token", "create", "--admin", "--name", "調整担当")
            let whose = try await admin.run("contracts", "export", "--out", directory.appending(path: "x.xlsx").path)
            #expect(whose.status != 0)
            #expect(whose.standardError == "error: admins give the municipality to export: --municipality CODE\n")
        }
    }
}
