import Foundation
import ProcureTestSupport
import Testing

/// `procure contracts import` as a municipality's member runs it: the real server on its own
/// embedded PostgreSQL, and the CLI reading a CP932 file saved by Excel.
@Suite("contract import end to end", .serialized)
struct ImportEndToEndTests {
    @Test("a member imports a CP932 file; importing it again changes nothing; invalid rows are listed")
    func importCP932File() async throws {
        try await withTemporaryDataDirectory { directory in
            let procure = try ProcureBinary(environment: [
                "PROCURE_DATA_DIR": directory.dataDirectory.path,
                "XDG_CONFIG_HOME": directory.root.appending(path: "config").path,
            ])
            let server = try procure.start(["serve", "--port", "0"])
            defer { server.killIfRunning() }
            let log = try await server.waitForStandardError(containing: "listening on")
            let port = try #require(
                log.split(separator: "\n").first { $0.contains("listening on") }?.split(separator: ":").last
                    .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            let token = try await procure.run(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター"
            ).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            var member = procure
            member.environment["PROCURE_URL"] = "http://127.0.0.1:\(port)"
            member.environment["PROCURE_TOKEN"] = token

            let file = try ImportFixtures.file(ImportFixtures.cp932File, name: "契約一覧.csv")
            let first = try await member.run("contracts", "import", file.path)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(
                first.standardOutput == "imported 契約一覧.csv: 1 created, 0 updated, 0 unchanged, 1 vendor registered\n")
            // Piped, not a terminal: no progress bar.
            #expect(first.standardError.isEmpty, "\(first.standardError)")

            let again = try await member.run("contracts", "import", file.path, "--output", "json")
            #expect(again.status == 0, "\(again.standardError)")
            let result = try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: Any]
            #expect(result?["unchanged"] as? Int == 1)
            #expect(result?["created"] as? Int == 0 && result?["updated"] as? Int == 0)

            // A second row whose end is before its start: nothing is imported unless skipped.
            let invalidRow = Array("②保守,㈱髙橋システム,予約システム,1000,税込,一括,2024/4/1,2024/3/31,随意契約,R6-002\r\n".utf8)
            let withInvalid = try ImportFixtures.file(ImportFixtures.cp932File + (try Self.cp932(invalidRow)))
            let refused = try await member.run("contracts", "import", withInvalid.path)
            #expect(refused.status != 0)
            #expect(
                refused.standardError == """
                    line 3, 終了日: the end date 2024-03-31 is before the start date 2024-04-01
                    error: contracts.csv: 1 row is invalid, so nothing was imported; fix it or import with \
                    --skip-invalid to leave it out

                    """)
            let skipped = try await member.run("contracts", "import", withInvalid.path, "--skip-invalid")
            #expect(skipped.status == 0, "\(skipped.standardError)")
            #expect(
                skipped.standardOutput == """
                    imported contracts.csv: 0 created, 0 updated, 1 unchanged, 0 vendors registered, 1 invalid row skipped
                      line 3, 終了日: the end date 2024-03-31 is before the start date 2024-04-01

                    """)

            // 羽島市's member cannot import into 宇多津町's register.
            let other = try await procure.run(
                "admin", "token", "create", "--municipality", "212091", "--name", "情報政策課"
            ).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            var otherMember = member
            otherMember.environment["PROCURE_TOKEN"] = other
            let denied = try await otherMember.run("contracts", "import", file.path, "--municipality", "373869")
            #expect(denied.status != 0)
            #expect(denied.standardError == "error: you can only import 羽島市's contracts, not 宇多津町's\n")

            server.signal(SIGTERM)
            #expect(await server.finish().status == 0)
        }
    }

    /// CP932 bytes of ASCII and the characters of the invalid row, from the fixture's known codes.
    @Test("a list with a caption above its header imports, and the summary says which lines were skipped")
    func captionedList() async throws {
        try await StoryServer.run { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let text = "令和6年度 情報システム関係契約一覧\n\n" + ImportFixtures.utf8Header + ImportFixtures.utf8Row(1)
            let imported = try await member.run(
                "contracts", "import", try ImportFixtures.file(text, name: "契約一覧.csv").path)
            #expect(imported.status == 0, "\(imported.standardError)")
            #expect(
                imported.standardOutput
                    == "header on line 3; lines 1–2 skipped\n"
                    + "imported 契約一覧.csv: 1 created, 0 updated, 0 unchanged, 1 vendor registered\n")
            // A published list: its headings, a term cell, an amount in thousands with a tax note,
            // one heading mapped and one left out.
            let published =
                "令和6年度 随意契約の公表\n"
                + "契約の名称,契約の相手方の商号又は名称（及び住所）,分類,発注額（千円）,支払区分,履行期間,契約の方法,契約番号,契約締結日\n"
                + "保守,株式会社ABCシステム 香川県丸亀市大手町2-3-1,予約システム,\"1,320（税込）\",一括,R6.4.1～R7.3.31,随意契約,R6-9,R6.3.25\n"
            let file = try ImportFixtures.file(published, name: "公表.csv")
            let refused = try await member.run("contracts", "import", file.path)
            #expect(refused.standardError.contains("--map '発注額（千円）=amount'"), "\(refused.standardError)")
            let mapped = try await member.run("contracts", "import", file.path, "--map", "発注額（千円）=金額")
            #expect(mapped.status == 0, "\(mapped.standardError)")
            #expect(mapped.standardOutput.contains("1 created"), "\(mapped.standardOutput)")
            let listed = try await member.run("contracts", "list", "--output", "csv")
            let row = listed.standardOutput.split(separator: "\r\n").first { $0.contains("R6-9") }
            // 契約締結日 is recorded as the signing date, not as the start of the term; the address
            // after the vendor's name is set aside.
            #expect(
                row?.contains(",株式会社ABCシステム,") == true && row?.contains(",1320000,true,one_time,") == true
                    && row?.contains(",2024-04-01,2025-03-31,2024,negotiated,,2024-03-25,R6-9,") == true,
                "\(listed.standardOutput)")
            // Left out on request, the signing date is not recorded (and the row's other cells are unchanged).
            let ignored = try await member.run(
                "contracts", "import", file.path, "--map", "発注額（千円）=金額", "--ignore", "契約締結日")
            #expect(ignored.standardOutput.contains("0 created, 1 updated"), "\(ignored.standardOutput)")
        }
    }

    @Test("a ragged row (an unquoted comma) is an invalid row: it stops the import, or is skipped and listed")
    func raggedRow() async throws {
        try await StoryServer.run { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            // Line 3's title has an unquoted comma: eleven cells under ten headings. Line 4 has a
            // blank eleventh cell, which is ignored.
            let text =
                ImportFixtures.utf8Header + ImportFixtures.utf8Row(1) + ImportFixtures.utf8Row(2, title: "予約,システム")
                + ImportFixtures.utf8Row(3).replacingOccurrences(of: "\n", with: ", \n")
            let file = try ImportFixtures.file(text, name: "契約一覧.csv")
            let stopped = try await member.run("contracts", "import", file.path)
            #expect(stopped.status != 0)
            #expect(
                stopped.standardError.contains("line 3: the row has 11 cells but the header has 10"),
                "\(stopped.standardError)")
            let none = try await member.run("contracts", "list", "--output", "json")
            #expect(none.status == 0 && !none.standardOutput.contains("R6-1"), "nothing was imported: \(none)")
            let skipped = try await member.run("contracts", "import", file.path, "--skip-invalid")
            #expect(skipped.status == 0, "\(skipped.standardError)")
            #expect(
                skipped.standardOutput.hasPrefix("imported 契約一覧.csv: 2 created, 0 updated, 0 unchanged"),
                "\(skipped.standardOutput)")
            #expect(skipped.standardOutput.contains("1 invalid row skipped"), "\(skipped.standardOutput)")
            #expect(
                skipped.standardOutput.contains("  line 3: the row has 11 cells but the header has 10"),
                "\(skipped.standardOutput)")
        }
    }

    @Test("a listing's CSV imports again: edited rows update their contract, a row of another municipality stops it")
    func listingRoundTrip() async throws {
        try await StoryServer.run { story in
            let utazu = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let hashima = try await story.client(
                "admin", "token", "create", "--municipality", "212091", "--name", "情報政策課")
            let admin = try await story.client("admin", "token", "create", "--admin", "--name", "調整担当")
            for (member, reference) in [(utazu, "R8-001"), (hashima, "H8-001")] {
                let added = try await member.run(
                    "contracts", "add", "--vendor", "株式会社ABCシステム", "--category", "予約システム", "--title", "予約システム保守",
                    "--amount", "1,100,000円", "--tax-included", "--billing", "年額", "--start", "2026-04-01", "--end",
                    "2027-03-31", "--method", "随意契約", "--external-reference", reference)
                #expect(added.status == 0, "\(added.standardError)")
            }
            let listed = try await utazu.run("contracts", "list", "--municipality", "373869", "--output", "csv")
            let header = listed.standardOutput.components(separatedBy: "\r\n")[0]
            #expect(
                header
                    == "id,municipality_code,municipality,vendor_id,vendor_name,vendor_corporate_number,category_code,"
                    + "title,product,amount,tax_included,billing_basis,annual_amount,start_date,end_date,fiscal_year,"
                    + "contract_method,renewal_notice_date,signed_date,external_reference,notes,source_url,version")
            // Imported as listed: nothing changes. With one amount edited: that contract alone.
            let file = try ImportFixtures.file(Array(listed.standardOutput.utf8), name: "契約一覧.csv")
            let same = try await utazu.run("contracts", "import", file.path)
            #expect(same.standardOutput.hasPrefix("imported 契約一覧.csv: 0 created, 0 updated, 1 unchanged"), "\(same)")
            // For Excel: the same listing with the byte-order mark, which imports the same way.
            let excel = try await utazu.run(
                "contracts", "list", "--municipality", "373869", "--output", "csv", "--excel")
            #expect(
                Array(excel.standardOutput.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(excel.standardOutput.prefix(20))")
            #expect(excel.standardOutput.dropFirst() == listed.standardOutput[...])
            let fromExcel = try await utazu.run(
                "contracts", "import", try ImportFixtures.file(Array(excel.standardOutput.utf8), name: "Excel.csv").path
            )
            #expect(
                fromExcel.standardOutput.hasPrefix("imported Excel.csv: 0 created, 0 updated, 1 unchanged"),
                "\(fromExcel)")
            let tableExcel = try await utazu.run("contracts", "list", "--excel")
            #expect(
                tableExcel.status != 0 && tableExcel.standardError.contains("--excel goes with --output csv"),
                "\(tableExcel)")
            let edited = listed.standardOutput.replacingOccurrences(of: ",1100000,true,", with: ",1210000,true,")
            #expect(edited != listed.standardOutput)
            let changed = try await utazu.run(
                "contracts", "import", try ImportFixtures.file(Array(edited.utf8), name: "契約一覧.csv").path)
            #expect(changed.standardOutput.hasPrefix("imported 契約一覧.csv: 0 created, 1 updated, 0 unchanged"))
            // The history says so, fields by their labels and values as words (CSV: the API's).
            let history = try await utazu.run("contracts", "history", "1")
            let amountRow = history.standardOutput.split(separator: "\n").first { $0.contains("¥1,210,000") }
            #expect(amountRow?.contains("amount") == true && amountRow?.contains("¥1,100,000") == true, "\(history)")
            var japanese = utazu
            japanese.environment["PROCURE_LANG"] = "ja"
            let historyJa = try await japanese.run("contracts", "history", "1").standardOutput
            for word in ["分野", "予約システム", "随意契約", "年額", "税込", "金額"] {
                #expect(historyJa.contains(word), "\(word) in \(historyJa)")
            }
            #expect(!historyJa.contains("categoryCode") && !historyJa.contains("negotiated"), "\(historyJa)")
            let historyCSV = try await utazu.run("contracts", "history", "1", "--output", "csv").standardOutput
            #expect(historyCSV.contains(",amount,1100000,1210000\r\n"), "\(historyCSV)")

            // An admin's listing of both municipalities, imported for one: refused, nothing written.
            let everyone = try await admin.run("contracts", "list", "--output", "csv")
            let mixed = try ImportFixtures.file(Array(everyone.standardOutput.utf8), name: "全団体.csv")
            let refused = try await admin.run("contracts", "import", mixed.path, "--municipality", "373869")
            #expect(refused.status != 0)
            #expect(
                refused.standardError.hasPrefix(
                    "error: line 3 is a contract of municipality 212091, but this import is for 373869"),
                "\(refused.standardError)")
            let after = try await admin.run("contracts", "list", "--output", "csv")
            #expect(after.standardOutput == everyone.standardOutput)
        }
    }

    static func cp932(_ utf8: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: utf8, as: UTF8.self)
        var bytes: [UInt8] = []
        for character in text {
            if let ascii = character.asciiValue {
                bytes.append(ascii)
                continue
            }
            guard let code = Self.codes[character] else { throw ProcessFailure("no CP932 code for \(character)") }
            bytes += code
        }
        return bytes
    }

    /// CP932 codes (from Python's `encode('cp932')`; 髙 as its IBM code FB FC).
    static let codes: [Character: [UInt8]] = [
        "②": [0x87, 0x41], "保": [0x95, 0xDB], "守": [0x8E, 0xE7], "㈱": [0x87, 0x8A], "髙": [0xFB, 0xFC],
        "橋": [0x8B, 0xB4], "シ": [0x83, 0x56], "ス": [0x83, 0x58], "テ": [0x83, 0x65], "ム": [0x83, 0x80],
        "予": [0x97, 0x5C], "約": [0x96, 0xF1], "税": [0x90, 0xC5], "込": [0x8D, 0x9E], "一": [0x88, 0xEA],
        "括": [0x8A, 0x87], "随": [0x90, 0x8F], "意": [0x88, 0xD3], "契": [0x8C, 0x5F],
    ]
}
