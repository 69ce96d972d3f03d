import Foundation
import ProcureTestSupport
import Testing

/// The whole story through the real binary on a fresh embedded database: 宇多津町 and 羽島市 record
/// contracts with the same reservation-system vendor (spelled differently); 宇多津町 finds 羽島市
/// with `procure peers`, opens a case and invites it; 羽島市 accepts; an offer, negotiating,
/// agreed; both record their savings; a mistaken entry is reversed and re-recorded; a retry with
/// the same idempotency key counts once; the fiscal-year report shows the hand-computed totals;
/// the ledger verifies.
@Suite("the cost-reduction ledger end to end", .serialized)
struct SavingsStoryTests {
    @Test("two towns find each other, negotiate together, and the ledger reports what they saved")
    func story() async throws {
        try await StoryServer.run { served in try await Self.story(served) }
    }

    static func story(_ served: StoryServer) async throws {
        let utazu = try await served.client("admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
        let hashima = try await served.client(
            "admin", "token", "create", "--municipality", "212091", "--name", "健幸づくり課")

        // 1. Each town records its contract; the vendor is spelled two ways, and is one vendor.
        var vendors: Set<String> = []
        for (town, vendor, amount) in [
            (utazu, "株式会社サンプル予約システムズ", "1100000"), (hashima, "(株)サンプル予約システムズ", "1155000"),
        ] {
            let added = try await town.run(
                "contracts", "add", "--vendor", vendor, "--category", "reservation_system", "--title",
                "ワクチン接種予約システム運用業務", "--amount", amount, "--tax-included", "--billing", "annual", "--start",
                "2022-04-01", "--end", "2025-03-31", "--method", "negotiated", "--output", "json")
            #expect(added.status == 0, "\(added.standardError)")
            if let id = (object(added.standardOutput)?["vendor"] as? [String: Any])?["id"] as? String {
                vendors.insert(id)
            }
        }
        #expect(vendors.count == 1, "one vendor, two spellings: \(vendors)")
        let vendorID = try #require(vendors.first)

        // 2. 宇多津町 finds 羽島市 among its peers.
        let peers = try await utazu.run("peers", "--as-of", "2024-12-01")
        #expect(peers.status == 0, "\(peers.standardError)")
        #expect(peers.standardOutput.contains("羽島市"), "\(peers.standardOutput)")

        // 3. It opens a case and invites 羽島市, which accepts; an offer; negotiating; agreed.
        let opened = try await utazu.run(
            "cases", "open", "--vendor", vendorID, "--category", "reservation_system", "--title", "予約システム改修費の共同交渉",
            "--target-percent", "10", "--baseline", "1100000", "--invite", "212091", "--output", "json")
        #expect(opened.status == 0, "\(opened.standardError)")
        let caseID = try #require(object(opened.standardOutput)?["id"] as? String)
        for (town, arguments) in [
            (hashima, ["cases", "accept", caseID, "--baseline", "1155000"]),
            (utazu, ["cases", "offer", caseID, "--amount", "2029500", "--date", "2024-12-10"]),
            (utazu, ["cases", "advance", caseID, "negotiating"]),
            (
                utazu,
                [
                    "cases", "agree", caseID, "--amount", "373869=990000", "--amount", "212091=1039500",
                    "--first-fiscal-year", "2025", "--last-fiscal-year", "2027",
                ]
            ),
        ] {
            let step = try await town.start(arguments).finish()
            #expect(step.status == 0, "\(arguments): \(step.standardError)")
        }

        // 4. Both record FY2025; 宇多津町 retries its request with the same key: counted once.
        // A key is printed only when a retry could use it: not after an answer, but when no answer
        // came (here, the server's port is closed).
        let key = "5b1f8a5e-2f1d-4a7e-9a51-1c0f0e7d3b21"
        var unreachable = utazu
        unreachable.environment["PROCURE_URL"] = "http://127.0.0.1:9"
        let lost = try await unreachable.run(
            "savings", "record", caseID, "--municipality", "373869", "--baseline", "1100000", "--negotiated", "990000",
            "--effective-date", "2025-04-01", "--idempotency-key", key)
        #expect(lost.status != 0)
        #expect(lost.standardError.contains("idempotency key: \(key) (to retry safely: --idempotency-key \(key))"))
        let recorded = try await utazu.run(
            "savings", "record", caseID, "--baseline", "1100000", "--negotiated", "990000", "--effective-date",
            "2025-04-01", "--idempotency-key", key, "--output", "json")
        #expect(recorded.status == 0, "\(recorded.standardError)")
        #expect(!recorded.standardError.contains("idempotency key"), "\(recorded.standardError)")
        let retried = try await utazu.run(
            "savings", "record", caseID, "--baseline", "1100000", "--negotiated", "990000", "--effective-date",
            "2025-04-01", "--idempotency-key", key, "--output", "json")
        #expect(retried.status == 0, "\(retried.standardError)")
        #expect(retried.standardError.contains("already recorded with this key"))
        #expect(object(retried.standardOutput)?["id"] as? String == object(recorded.standardOutput)?["id"] as? String)
        let hashimaEntry = try await hashima.run(
            "savings", "record", caseID, "--baseline", "1155000", "--negotiated", "1039500", "--effective-date",
            "2025-04-01")
        #expect(hashimaEntry.status == 0, "\(hashimaEntry.standardError)")
        #expect(hashimaEntry.standardOutput.contains("savings:      ¥115,500"), "\(hashimaEntry.standardOutput)")

        // 5. Figures other than the agreement's are refused unless the entry says why; such a
        // FY2026 entry, a mistake after all, is reversed and recorded again.
        let unexplained = try await utazu.run(
            "savings", "record", caseID, "--baseline", "1100000", "--negotiated", "909000", "--effective-date",
            "2026-04-01")
        #expect(unexplained.status == 1)
        #expect(
            unexplained.standardError.contains(
                "the agreement of case \(caseID) for 宇多津町 is ¥990,000 incl. tax a year against a baseline of ¥1,100,000 incl. tax"
            ), "\(unexplained.standardError)")
        #expect(
            unexplained.standardError.contains("--differs-from-agreement --reason"), "\(unexplained.standardError)")
        let reasonless = try await utazu.run(
            "savings", "record", caseID, "--baseline", "1100000", "--negotiated", "909000", "--effective-date",
            "2026-04-01", "--differs-from-agreement")
        #expect(reasonless.status == 1 && reasonless.standardError.contains("reason: say why the figures differ"))
        let mistaken = try await utazu.run(
            "savings", "record", caseID, "--baseline", "1100000", "--negotiated", "909000", "--effective-date",
            "2026-04-01", "--differs-from-agreement", "--reason", "年度途中の値下げ")
        #expect(mistaken.standardOutput.contains("differs from agreement: 年度途中の値下げ"), "\(mistaken.standardOutput)")
        let mistakenJSON = try await utazu.run("savings", "list", "--case", caseID, "--output", "json")
        let listed = try #require(
            (try? JSONSerialization.jsonObject(with: Data(mistakenJSON.standardOutput.utf8))) as? [[String: Any]])
        let mistakenID = try #require(
            listed.first { $0["reason"] as? String == "年度途中の値下げ" }?["id"] as? String, "\(mistakenJSON.standardOutput)")
        let twice = try await utazu.run(
            "savings", "record", caseID, "--baseline", "1100000", "--negotiated", "990000", "--effective-date",
            "2026-04-01")
        #expect(twice.status != 0 && twice.standardError.contains("reverse it and record the right figure"))
        #expect(!twice.standardError.contains("idempotency key"), "a refusal is not retried: \(twice.standardError)")
        let reversed = try await utazu.run("savings", "reverse", mistakenID, "--reason", "協定額の入力誤り")
        #expect(reversed.status == 0, "\(reversed.standardError)")
        // The reversal prints its figures as the ledger counts them, as the list does: negative.
        #expect(reversed.standardOutput.contains("savings:      -¥191,000"), "\(reversed.standardOutput)")
        #expect(reversed.standardOutput.contains("baseline:     -¥1,100,000"), "\(reversed.standardOutput)")
        let again = try await utazu.run("savings", "reverse", mistakenID, "--reason", "もう一度")
        #expect(again.status != 0 && again.standardError.contains("already reversed"))
        let corrected = try await utazu.run(
            "savings", "record", caseID, "--baseline", "1100000", "--negotiated", "990000", "--effective-date",
            "2026-04-01")
        #expect(corrected.status == 0, "\(corrected.standardError)")

        // 6. The report by fiscal year: FY2025 110,000 + 115,500; FY2026 110,000 (the mistake netted out).
        let report = try await utazu.run("report", "savings", "--by", "fiscal-year")
        #expect(report.status == 0, "\(report.standardError)")
        let lines = report.standardOutput.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("2025 FY2025 ¥2,255,000 ¥2,029,500 ¥225,500 10.00% 2"), "\(report.standardOutput)")
        #expect(lines.contains("2026 FY2026 ¥1,100,000 ¥990,000 ¥110,000 10.00% 1"), "\(report.standardOutput)")
        #expect(lines.contains("total ¥3,355,000 ¥3,019,500 ¥335,500 10.00% 3"), "\(report.standardOutput)")
        // In Japanese (the locale's language, as a town hall's desktop has it): headings, 年度 in
        // the Japanese era, and the total.
        var japanese = utazu
        japanese.environment["PROCURE_LANG"] = nil
        japanese.environment["LC_ALL"] = nil
        japanese.environment["LANG"] = "ja_JP.UTF-8"
        let reportJa = try await japanese.run("report", "savings", "--by", "fiscal-year")
        #expect(reportJa.status == 0, "\(reportJa.standardError)")
        let linesJa = reportJa.standardOutput.split(separator: "\n").map {
            $0.split(separator: " ").joined(separator: " ")
        }
        #expect(linesJa.first == "年度 名称 基準額 交渉後 削減額 削減率 件数", "\(reportJa.standardOutput)")
        #expect(
            linesJa.contains("2025 2025年度（令和7年度） ¥2,255,000 ¥2,029,500 ¥225,500 10.00% 2"), "\(reportJa.standardOutput)"
        )
        #expect(linesJa.contains("合計 ¥3,355,000 ¥3,019,500 ¥335,500 10.00% 3"), "\(reportJa.standardOutput)")
        let csv = try await utazu.run(
            "report", "savings", "--by", "municipality", "--fiscal-year", "2025", "--output", "csv")
        #expect(csv.standardOutput.contains("373869,宇多津町,1100000,990000,110000,0.1,1\r\n"), "\(csv.standardOutput)")

        // 7. The statement of 宇多津町 and the chain.
        let statement = try await utazu.run("savings", "list", "--municipality", "373869", "--output", "csv")
        let running = statement.standardOutput.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            .compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) }
        #expect(running == ["110000", "301000", "110000", "220000"], "\(statement.standardOutput)")
        let verified = try await utazu.run("savings", "verify")
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput == "OK: 5 entries, hash chain intact\n")
    }

    static func object(_ json: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    }
}
