import Foundation
import ProcureTestSupport
import Testing

/// A joint negotiation through the real binary, as new users would run it: 宇多津町 opens a case
/// against its reservation-system vendor from its renewal radar; 羽島市 and 立山町 (the peers the
/// radar proposes) are invited; 羽島市 accepts with its baseline, 立山町 declines; 千葉市 asks to
/// join and is approved; the lead records the vendor's offer, moves the case to negotiating and
/// then agreed with each participant's amount; an outsider (高松市) sees the case and its public
/// notes but not the private minutes; every step is on the timeline with who did it. The radar is
/// read for 2024-12-01, so nothing depends on today's date.
@Suite("joint negotiation cases end to end", .serialized)
struct CaseStoryTests {
    static let asOf = "2024-12-01"

    /// `(code, name)` of every municipality in the story, checked against the registry first.
    static let municipalities = [
        ("373869", "宇多津町"), ("212091", "羽島市"), ("163236", "立山町"), ("121002", "千葉市"), ("372013", "高松市"),
    ]

    /// Contracts with the vendor: 羽島市 and 立山町 end within six months of 宇多津町's (the radar's
    /// peers), 千葉市 and 高松市 a year later.
    static let purchases: [(code: String, amount: String, end: String)] = [
        ("373869", "1100000", "2025-03-31"), ("212091", "1155000", "2025-04-30"), ("163236", "1200000", "2025-06-30"),
        ("121002", "3300000", "2026-03-31"), ("372013", "1500000", "2026-03-31"),
    ]

    @Test("宇多津町 opens a case from its renewal radar; 羽島市 accepts, 立山町 declines, 千葉市 joins; they agree")
    func story() async throws {
        try await StoryServer.run { served in try await Self.story(served) }
    }

    static func story(_ served: StoryServer) async throws {
        let admin = try await served.client("admin", "token", "create", "--admin", "--name", "事務局")
        let utazu = try await served.client("admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
        let hashima = try await served.client(
            "admin", "token", "create", "--municipality", "212091", "--name", "健幸づくり課")
        let tateyama = try await served.client(
            "admin", "token", "create", "--municipality", "163236", "--name", "健康福祉課")
        let chiba = try await served.client("admin", "token", "create", "--municipality", "121002", "--name", "健康支援課")
        let takamatsu = try await served.client("admin", "token", "create", "--municipality", "372013", "--name", "保健所")

        for (code, name) in municipalities {
            let shown = try await admin.run("municipalities", "show", code, "--output", "json")
            #expect(object(shown.standardOutput)?["name"] as? String == name, "\(code): \(shown.standardError)")
        }
        var contracts: [String: String] = [:]
        for purchase in purchases {
            let added = try await admin.run(
                "contracts", "add", "--municipality", purchase.code, "--vendor", "株式会社サンプル予約システムズ",
                "--category", "reservation_system", "--title", "ワクチン接種予約システム運用業務", "--product",
                "サンプル予約", "--amount", purchase.amount, "--tax-included", "--billing", "annual", "--start",
                "2022-04-01", "--end", purchase.end, "--method", "negotiated", "--output", "json")
            #expect(added.status == 0, "\(purchase.code): \(added.standardError)")
            contracts[purchase.code] = object(added.standardOutput)?["id"] as? String
        }
        let utazuContract = try #require(contracts["373869"])

        // Not on the radar: 千葉市's contract is not 宇多津町's.
        let notOnRadar = try await utazu.run(
            "cases", "open", "--from-renewal", try #require(contracts["121002"]), "--as-of", asOf)
        #expect(notOnRadar.status != 0)
        #expect(
            notOnRadar.standardError.hasPrefix(
                "error: contract \(contracts["121002"] ?? "") is not on 宇多津町's renewal radar"))

        // 1. 宇多津町 opens the case from its renewal radar; the radar's peers are invited.
        let opened = try await utazu.run(
            "cases", "open", "--from-renewal", utazuContract, "--as-of", asOf, "--target-percent", "10",
            "--deadline", TestDates.deadline, "--output", "json")
        #expect(opened.status == 0, "\(opened.standardError)")
        let negotiation = try #require(object(opened.standardOutput))
        let caseID = try #require(negotiation["id"] as? String)
        #expect(negotiation["status"] as? String == "open")
        #expect(negotiation["categoryCode"] as? String == "reservation_system")
        #expect(negotiation["product"] as? String == "サンプル予約")
        #expect(negotiation["title"] as? String == "ワクチン接種予約システム運用業務 共同交渉")
        #expect(statuses(negotiation) == ["373869": "active", "212091": "invited", "163236": "invited"])
        let leadBaseline = (participants(negotiation).first?["baseline"] as? [String: Any])
        #expect(
            leadBaseline?["annualAmount"] as? Int == 1_100_000
                && leadBaseline?["contractId"] as? String == utazuContract)

        // The lead gives the invitees more time, but cannot set a deadline that has passed.
        let passed = try await utazu.run("cases", "update", caseID, "--deadline", TestDates.fromToday(-1))
        #expect(passed.status != 0)
        #expect(passed.standardError.contains("has passed"), "\(passed.standardError)")
        let extended = try await utazu.run("cases", "update", caseID, "--deadline", TestDates.laterDeadline)
        #expect(extended.status == 0, "\(extended.standardError)")
        #expect(
            extended.standardOutput.contains("deadline:     \(TestDates.laterDeadline)\n"), "\(extended.standardOutput)"
        )

        // 羽島市's inbox shows the invitation waiting for its answer, in English and in Japanese.
        let inbox = try await hashima.run("inbox")
        #expect(inbox.status == 0, "\(inbox.standardError)")
        #expect(inbox.standardOutput.contains("Invitations to answer (1)"), "\(inbox.standardOutput)")
        #expect(
            inbox.standardOutput.contains("case \(caseID) ワクチン接種予約システム運用業務 共同交渉 (lead 香川県宇多津町"),
            "\(inbox.standardOutput)")
        var hashimaJa = hashima
        hashimaJa.environment["PROCURE_LANG"] = "ja"
        let inboxJa = try await hashimaJa.run("inbox")
        #expect(inboxJa.standardOutput.contains("返事を待っている招待 (1)"), "\(inboxJa.standardOutput)")

        // 2. 羽島市 accepts with its baseline; 立山町 declines.
        let accepted = try await hashima.run(
            "cases", "accept", caseID, "--baseline", "1155000", "--contract", try #require(contracts["212091"]))
        #expect(accepted.status == 0, "\(accepted.standardError)")
        let hashimaRow = try #require(accepted.standardOutput.split(separator: "\n").first { $0.contains("岐阜県羽島市") })
        for cell in ["212091", "participant", "active", "¥1,155,000 incl. tax", "#\(contracts["212091"] ?? "")"] {
            #expect(hashimaRow.contains(cell), "\(cell) in \(hashimaRow)")
        }
        let declined = try await tateyama.run("cases", "decline", caseID)
        #expect(declined.status == 0, "\(declined.standardError)")
        #expect(
            declined.standardOutput.split(separator: "\n").contains { $0.contains("富山県立山町") && $0.contains("declined") }
        )

        // 3. 千葉市 finds the open case and asks to join; the lead approves.
        let open = try await chiba.run("cases", "list", "--status", "open")
        #expect(open.standardOutput.split(separator: "\n").contains { $0.contains(caseID) && $0.contains("香川県宇多津町") })
        let joined = try await chiba.run(
            "cases", "join", caseID, "--baseline", "3300000", "--contract", try #require(contracts["121002"]))
        #expect(joined.status == 0, "\(joined.standardError)")
        let notLead = try await hashima.run("cases", "approve", caseID, "121002")
        #expect(notLead.status != 0)
        #expect(notLead.standardError == "error: only the lead of case \(caseID), 宇多津町, may approve municipalities\n")
        let approved = try await utazu.run("cases", "approve", caseID, "121002", "--output", "json")
        #expect(statuses(try #require(object(approved.standardOutput)))["121002"] == "active")

        // 4. The vendor's offer, minutes kept to the participants, a public note.
        let offer = try await utazu.run(
            "cases", "offer", caseID, "--amount", "4800000", "--date", "2024-12-10", "--valid-until", "2025-01-31",
            "--note", "3団体合計の年額")
        #expect(offer.status == 0, "\(offer.standardError)")
        #expect(
            offer.standardOutput.contains(
                "¥4,800,000 incl. tax a year for the group, offered 2024-12-10, valid until 2025-01-31"))
        let minutes = try await hashima.run(
            "cases", "note", caseID, "--minutes", "--participants-only", "第1回打合せ: 各団体の上限は現行の9割")
        #expect(minutes.status == 0, "\(minutes.standardError)")
        let note = try await utazu.run("cases", "note", caseID, "ベンダーに見積根拠の提示を依頼しました")
        #expect(note.status == 0, "\(note.standardError)")
        let outsiderNote = try await takamatsu.run("cases", "note", caseID, "参加を検討中")
        #expect(outsiderNote.status != 0)
        #expect(outsiderNote.standardError.contains("only the active participants of case \(caseID) may add notes"))

        // The lead restates its baseline (as a spreadsheet writes it), as any active participant may.
        let restated = try await utazu.run(
            "cases", "baseline", caseID, "--baseline", "1,100,000円", "--contract", utazuContract)
        #expect(restated.status == 0, "\(restated.standardError)")

        // 5. Negotiating, then agreed with each participant's amount.
        let negotiating = try await utazu.run("cases", "advance", caseID, "negotiating")
        #expect(negotiating.status == 0, "\(negotiating.standardError)")
        #expect(negotiating.standardOutput.contains("status:       negotiating\n"), "\(negotiating.standardOutput)")
        let incomplete = try await utazu.run(
            "cases", "agree", caseID, "--amount", "373869=990000", "--first-fiscal-year", "2025")
        #expect(incomplete.status != 0)
        #expect(incomplete.standardError.contains("no agreed annual amount for 羽島市 (212091)"))
        let agreed = try await utazu.run(
            "cases", "agree", caseID, "--amount", "373869=990000", "--amount", "212091=1039500", "--amount",
            "121002=2970000", "--first-fiscal-year", "2025", "--last-fiscal-year", "2027")
        #expect(agreed.status == 0, "\(agreed.standardError)")
        let agreedText = agreed.standardOutput
        #expect(agreedText.contains("status:       agreed\n"))
        #expect(
            agreedText.contains(
                "agreement:    FY2025–FY2027: 千葉市 ¥2,970,000 incl. tax, 羽島市 ¥1,039,500 incl. tax, 宇多津町 ¥990,000 incl. tax\n"
            ),
            "\(agreedText)")
        let chibaRow = try #require(agreedText.split(separator: "\n").first { $0.contains("千葉県千葉市") })
        #expect(chibaRow.contains("¥3,300,000 incl. tax") && chibaRow.hasSuffix("¥2,970,000 incl. tax"), "\(chibaRow)")
        let late = try await hashima.run("cases", "withdraw", caseID)
        #expect(late.status != 0 && late.standardError.contains("can no longer change"))

        // 6. The outsider sees the case and its public notes, not the private minutes.
        let shown = try await takamatsu.run("cases", "show", caseID)
        #expect(shown.status == 0 && shown.standardOutput.contains("status:       agreed"))
        let outside = try await takamatsu.run("cases", "timeline", caseID)
        #expect(outside.status == 0, "\(outside.standardError)")
        #expect(outside.standardOutput.contains("ベンダーに見積根拠の提示を依頼しました"))
        #expect(!outside.standardOutput.contains("各団体の上限"))
        #expect(outside.standardOutput.contains("[participants only] (text visible to the case's participants only)"))
        let outsideJSON = try await takamatsu.run("cases", "timeline", caseID, "--output", "json")
        #expect(!outsideJSON.standardOutput.contains("各団体の上限"))

        // 7. Every step on the timeline, with who did it.
        let inside = try await hashima.run("cases", "timeline", caseID, "--output", "csv")
        #expect(inside.status == 0, "\(inside.standardError)")
        let rows = inside.standardOutput.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        // WHO, WHAT and DETAIL of each row (a DETAIL with commas stays quoted, as CSV writes it).
        let steps = rows.map { row -> String in
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return cells.count >= 5 ? "\(cells[2]) | \(cells[3]) | \(cells[4...].joined(separator: ","))" : row
        }
        #expect(
            steps == [
                "保健センター (香川県宇多津町) | opened | opened: ワクチン接種予約システム運用業務 共同交渉",
                "保健センター (香川県宇多津町) | participant_changed | 岐阜県羽島市 none → invited",
                "保健センター (香川県宇多津町) | participant_changed | 富山県立山町 none → invited",
                "保健センター (香川県宇多津町) | updated | deadline: \(TestDates.deadline) → \(TestDates.laterDeadline)",
                "健幸づくり課 (岐阜県羽島市) | participant_changed | 岐阜県羽島市 invited → active",
                "健康福祉課 (富山県立山町) | participant_changed | 富山県立山町 invited → declined",
                "健康支援課 (千葉県千葉市) | participant_changed | 千葉県千葉市 none → requested",
                "保健センター (香川県宇多津町) | participant_changed | 千葉県千葉市 requested → active",
                "保健センター (香川県宇多津町) | offer | \"¥4,800,000 incl. tax a year for the group, offered 2024-12-10, "
                    + "valid until 2025-01-31: 3団体合計の年額\"",
                "健幸づくり課 (岐阜県羽島市) | minutes | [participants only] 第1回打合せ: 各団体の上限は現行の9割",
                "保健センター (香川県宇多津町) | note | ベンダーに見積根拠の提示を依頼しました",
                "保健センター (香川県宇多津町) | participant_changed | \"香川県宇多津町 baseline ¥1,100,000\"",
                "保健センター (香川県宇多津町) | status_changed | open → negotiating",
                "保健センター (香川県宇多津町) | status_changed | negotiating → agreed",
                "保健センター (香川県宇多津町) | agreement | \"FY2025–FY2027: 千葉市 ¥2,970,000 incl. tax, 羽島市 ¥1,039,500 incl. tax, "
                    + "宇多津町 ¥990,000 incl. tax\"",
            ], "\(steps.joined(separator: "\n"))")
        // In Japanese, the change of the details reads in Japanese too.
        let insideJa = try await hashimaJa.run("cases", "timeline", caseID)
        #expect(
            insideJa.standardOutput.contains("回答期限: \(TestDates.deadline) → \(TestDates.laterDeadline)"),
            "\(insideJa.standardOutput)")

        let mine = try await chiba.run("cases", "list", "--mine", "--output", "csv")
        #expect(
            mine.standardOutput.components(separatedBy: "\r\n").dropFirst().first?.hasPrefix("\(caseID),agreed,")
                == true, "\(mine.standardOutput)\(mine.standardError)")
        // Its own standing, last: 千葉市 is active. CSV headings are one style in every language.
        #expect(mine.standardOutput.components(separatedBy: "\r\n").first?.hasSuffix(",your_status") == true)
        #expect(
            mine.standardOutput.components(separatedBy: "\r\n").dropFirst().first?.hasSuffix(",active") == true,
            "\(mine.standardOutput)")

        // A failed invitation after opening says the case is open, and how to invite the rest.
        let vendorID = try #require((negotiation["vendor"] as? [String: Any])?["id"] as? String)
        let selfInvite = try await utazu.run(
            "cases", "open", "--vendor", vendorID, "--category", "reservation_system", "--title", "保守費の共同交渉",
            "--invite", "373869")
        #expect(selfInvite.status != 0)
        let nextID = (Int(caseID) ?? 0) + 1
        #expect(
            selfInvite.standardError
                == "error: case \(nextID) is open, but inviting 373869 failed: 宇多津町 leads case \(nextID); it takes part "
                + "already (invite with `procure cases invite \(nextID) CODE…`)\n")
    }

    static func object(_ json: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    }

    static func participants(_ negotiation: [String: Any]) -> [[String: Any]] {
        negotiation["participants"] as? [[String: Any]] ?? []
    }

    /// Each participant's status by municipality code.
    static func statuses(_ negotiation: [String: Any]) -> [String: String] {
        var result: [String: String] = [:]
        for participant in participants(negotiation) {
            if let code = (participant["municipality"] as? [String: Any])?["code"] as? String {
                result[code] = participant["status"] as? String
            }
        }
        return result
    }
}
