import Foundation
import Spreadsheet
import Testing

/// `procure contracts import 契約一覧.xlsx` with the real binary and server, on workbooks written
/// by openpyxl and XlsxWriter (`scripts/make-workbook-fixtures`).
@Suite("workbook import end to end", .serialized)
struct WorkbookImportTests {
    static let workbooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/workbooks")

    /// A fixture under another name (the import names the file in its summary).
    static func workbook(_ fixture: String, as name: String) throws -> URL {
        try ImportFixtures.file(Array(try Data(contentsOf: workbooks.appending(path: fixture))), name: name)
    }

    @Test("a published list's sheet: caption skipped, merged vendor in both rows, terms and amounts read")
    func publishedList() async throws {
        try await StoryServer.run { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let file = try Self.workbook("published-list.xlsx", as: "契約一覧.xlsx")
            // The first sheet is the notes: no header there, and the error names the sheets.
            let notes = try await member.run("contracts", "import", file.path)
            #expect(notes.status != 0)
            #expect(
                notes.standardError
                    == "error: sheet 記入要領 of 契約一覧.xlsx has no header row; choose the sheet to read with --sheet "
                    + "(its sheets: 1 記入要領, 2 契約一覧)\n")
            let imported = try await member.run("contracts", "import", file.path, "--sheet", "契約一覧")
            #expect(imported.status == 0, "\(imported.standardError)")
            #expect(
                imported.standardOutput == """
                    sheet 契約一覧 (2 of 2) read
                    header on line 4; lines 1–3 skipped
                    imported 契約一覧.xlsx: 2 created, 0 updated, 0 unchanged, 1 vendor registered

                    """)
            let listed = try await member.run("contracts", "list", "--output", "json")
            let contracts = try #require(
                try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
            let byNumber = Dictionary(
                uniqueKeysWithValues: contracts.map { ($0["externalReference"] as? String ?? "", $0) })
            let first = try #require(byNumber["R6-001"])
            #expect(first["amount"] as? Int == 1_320_000)
            #expect(first["startDate"] as? String == "2024-04-01" && first["endDate"] as? String == "2025-03-31")
            let second = try #require(byNumber["R6-002"])
            // The vendor's cell is merged over both rows: one vendor, both contracts.
            #expect(
                (second["vendor"] as? [String: Any])?["id"] as? Int == (first["vendor"] as? [String: Any])?["id"]
                    as? Int)
            #expect((second["vendor"] as? [String: Any])?["name"] as? String == "株式会社ABCシステム")
            #expect(second["taxIncluded"] as? Bool == true)
            #expect(second["amount"] as? Int == 550_000)

            // By number too; a second import changes nothing.
            let again = try await member.run("contracts", "import", file.path, "--sheet", "2")
            #expect(again.standardOutput.hasSuffix("0 created, 0 updated, 2 unchanged, 0 vendors registered\n"))
        }
    }

    @Test("date cells (1900 and 1904 systems), a formula's cached value and Excel's rounding are imported")
    func datedList() async throws {
        try await StoryServer.run { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let file = try Self.workbook("dated-list.xlsx", as: "一覧.xlsx")
            let imported = try await member.run("contracts", "import", file.path)
            #expect(imported.status == 0, "\(imported.standardError)")
            #expect(
                imported.standardOutput
                    == "imported 一覧.xlsx: 2 created, 0 updated, 0 unchanged, 1 vendor registered\n")
            let listed = try await member.run("contracts", "list", "--output", "json")
            let contracts = try #require(
                try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
            let byNumber = Dictionary(
                uniqueKeysWithValues: contracts.map { ($0["externalReference"] as? String ?? "", $0) })
            let callCentre = try #require(byNumber["R6-101"])
            #expect(callCentre["title"] as? String == "コールセンター運営業務")
            #expect(callCentre["amount"] as? Int == 1_320_000)
            #expect(callCentre["endDate"] as? String == "2025-03-31")
            let booking = try #require(byNumber["1024"])
            #expect(booking["amount"] as? Int == 1_210_000)
            #expect(booking["startDate"] as? String == "2024-02-29")

            // The same list saved with the 1904 date system is the same contracts.
            let older = try Self.workbook("dated-list-1904.xlsx", as: "一覧.xlsx")
            let again = try await member.run("contracts", "import", older.path)
            #expect(
                again.standardOutput == "imported 一覧.xlsx: 0 created, 0 updated, 2 unchanged, 0 vendors registered\n",
                "\(again.standardError)")
        }
    }

    @Test(
        "files that are not workbooks, a missing sheet and options that do not apply are refused in the user's language; --template gives headings that import once filled in"
    )
    func refusals() async throws {
        try await StoryServer.run { story in
            var member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let xls = try ImportFixtures.file(
                [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504), name: "契約一覧.xls")
            let ods = try Self.workbook("not-a-workbook.zip", as: "契約一覧.ods")
            let xlsx = try Self.workbook("published-list.xlsx", as: "契約一覧.xlsx")
            let csv = try ImportFixtures.file(ImportFixtures.utf8Header + ImportFixtures.utf8Row(1), name: "契約一覧.csv")
            let cases: [([String], String, String)] = [
                (
                    [xls.path],
                    "error: 契約一覧.xls is an Excel 97-2003 workbook (.xls) or a password-protected one, which cannot be read; save it as an Excel workbook (.xlsx) without a password, or as CSV\n",
                    "エラー: 契約一覧.xls は Excel 97-2003 ブック（.xls）かパスワード付きのブックで、読めません。パスワードなしの Excel ブック（.xlsx）か CSV で保存し直してください\n"
                ),
                (
                    [ods.path],
                    "error: 契約一覧.ods is a ZIP archive but not an Excel workbook (.xlsx); save it as an Excel workbook (.xlsx) or as CSV\n",
                    "エラー: 契約一覧.ods は ZIP 形式ですが Excel ブック（.xlsx）ではありません。Excel ブック（.xlsx）か CSV で保存し直してください\n"
                ),
                (
                    [xlsx.path, "--sheet", "3"],
                    "error: 契約一覧.xlsx has no sheet 3 (its sheets: 1 記入要領, 2 契約一覧); give --sheet a sheet's name or number\n",
                    "エラー: 契約一覧.xlsx にシート「3」はありません（シート: 1 記入要領, 2 契約一覧）。--sheet にはシート名か番号を指定してください\n"
                ),
                (
                    [xlsx.path, "--encoding", "cp932"],
                    "error: 契約一覧.xlsx is an Excel workbook; --encoding applies to CSV files only\n",
                    "エラー: 契約一覧.xlsx は Excel ブックです。--encoding は CSV ファイルにだけ指定できます\n"
                ),
                (
                    [csv.path, "--sheet", "1"],
                    "error: 契約一覧.csv is a CSV file; --sheet applies to Excel workbooks (.xlsx) only\n",
                    "エラー: 契約一覧.csv は CSV ファイルです。--sheet は Excel ブック（.xlsx）にだけ指定できます\n"
                ),
            ]
            for (arguments, english, japanese) in cases {
                member.environment["PROCURE_LANG"] = "en"
                let refused = try await member.start(["contracts", "import"] + arguments).finish()
                #expect(refused.status != 0)
                #expect(refused.standardError == english)
                member.environment["PROCURE_LANG"] = "ja"
                let inJapanese = try await member.start(["contracts", "import"] + arguments).finish()
                #expect(inJapanese.standardError == japanese)
            }
            let listed = try await member.run("contracts", "list", "--output", "json")
            let contracts = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [Any]
            #expect(contracts?.isEmpty == true, "nothing was imported: \(listed.standardOutput)")

            // Row errors come from the server in the user's language too.
            member.environment["PROCURE_LANG"] = "ja"
            let noAmount = try ImportFixtures.file(
                ImportFixtures.utf8Header
                    + ImportFixtures.utf8Row(1).replacingOccurrences(of: "\"1,320,000\"", with: ""),
                name: "金額なし.csv")
            let rowError = try await member.run("contracts", "import", noAmount.path)
            let rowLine = rowError.standardError.split(separator: "\n").first ?? ""
            #expect(rowLine.hasPrefix("2 行目、金額: ") && !rowLine.contains("required"), "\(rowError.standardError)")

            // The template: the canonical headings as a CSV header row and as a workbook; filled in, it imports.
            member.environment["PROCURE_LANG"] = "en"
            let header = try await member.run("contracts", "import", "--template", "--output", "csv")
            #expect(
                header.standardOutput
                    == "契約番号,件名,製品名,事業者名,法人番号,分類,金額,税込,支払区分,契約締結日,開始日,終了日,契約方法,更新通知日,備考,出典URL\r\n")
            let filled = try ImportFixtures.file(
                header.standardOutput + "R6-1,予約システム保守,,株式会社ABCシステム,,予約システム,\"1,320,000\",税込,年額,2024/3/25,"
                    + "2024/4/1,2025/3/31,随意契約,,,\r\n", name: "様式.csv")
            let imported = try await member.run("contracts", "import", filled.path)
            #expect(
                imported.standardOutput
                    == "imported 様式.csv: 1 created, 0 updated, 0 unchanged, 1 vendor registered\n",
                "\(imported.standardError)")
            let templateBook = filled.deletingLastPathComponent().appending(path: "様式.xlsx")
            let written = try await member.run(
                "contracts", "import", "--template", "--output", "xlsx", "--out", templateBook.path)
            #expect(written.standardOutput == "wrote the import's headings to 様式.xlsx\n")
            let workbook = try Workbook(url: templateBook)
            let rows = try workbook.rows(of: workbook.sheet(nil))
            #expect(try rows.next()?.cells == header.standardOutput.dropLast().split(separator: ",").map(String.init))
            #expect(try rows.next() == nil)
            let table = try await member.run("contracts", "import", "--template")
            #expect(table.standardOutput.contains("契約締結日  signedDate"), "\(table.standardOutput)")
        }
    }

    /// docs/import.md's worked example, exactly as the page shows it.
    @Test(
        "the worked example: a published list imports with one --map, as a workbook and as the CP932 CSV saved from it")
    func workedExample() async throws {
        try await StoryServer.run { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "情報政策課")
            let workbook = try Self.workbook("worked-example.xlsx", as: "契約一覧.xlsx")
            let refused = try await member.run("contracts", "import", workbook.path)
            #expect(
                refused.standardError.hasPrefix(
                    "error: unknown column '委託内容' (the nearest column is 件名 (title)): add --map '委託内容=title' "
                        + "to read it as that column, or --ignore '委託内容' to leave it out"),
                "\(refused.standardError)")
            let imported = try await member.run("contracts", "import", workbook.path, "--map", "委託内容=件名")
            #expect(
                imported.standardOutput == """
                    header on line 4; lines 1–3 skipped
                    imported 契約一覧.xlsx: 2 created, 0 updated, 0 unchanged, 2 vendors registered

                    """, "\(imported.standardError)")
            let csv = try Self.workbook("worked-example.csv", as: "契約一覧.csv")
            let again = try await member.run("contracts", "import", csv.path, "--map", "委託内容=件名")
            #expect(
                again.standardOutput == """
                    header on line 4; lines 1–3 skipped
                    imported 契約一覧.csv: 0 created, 0 updated, 2 unchanged, 0 vendors registered

                    """, "\(again.standardError)")
            let listed = try await member.run("contracts", "list", "--municipality", "373869")
            #expect(
                listed.standardOutput == """
                    ID  MUNICIPALITY    VENDOR                CATEGORY                          TITLE                                       AMOUNT  PER       END
                    --  --------------  --------------------  --------------------------------  ----------------------------  --------------------  --------  ----------
                     1  香川県宇多津町  株式会社ABCシステム   Resident-record and core systems  住民記録システム保守          ¥1,320,000 incl. tax  annual    2025-03-31
                     2  香川県宇多津町  瀬戸内データ株式会社  Reservation systems               ワクチン接種予約システム運用    ¥550,000 excl. tax  one-time  2025-03-31

                    """)
        }
    }
}
