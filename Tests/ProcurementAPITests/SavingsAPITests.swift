import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import Testing

@Suite("savings API: entries, reversals, idempotency, who records")
struct SavingsAPITests {
    @Test("an entry of an agreed case: the database derives the savings, the effective date the fiscal year")
    func recordEntry() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let entry = try await world.recorded(
                agreed.id, world.newEntry(date: "2028-03-31", baseline: 1_100_000, negotiated: 990_000, note: "初年度"))
            #expect(entry.savings == 110_000)
            #expect(entry.fiscalYear == 2027)
            #expect(entry.municipality.name == "宇多津町")
            #expect(entry.reversesId == nil && entry.note == "初年度")
            #expect(entry.hash?.count == 64 && entry.chainPosition == 1)
        }
    }

    @Test("a fiscal year that is not the effective date's is 422; 2022-03-31 is FY2021")
    func fiscalYearBoundary() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let wrong = try await world.record(agreed.id, world.newEntry(date: "2028-03-31", fiscalYear: 2028))
            #expect(wrong.status == .unprocessableContent)
            #expect(try wrong.problem().code == "invalid_savings_entry")
            let negative = try await world.record(agreed.id, world.newEntry(baseline: -1))
            #expect(negative.status == .unprocessableContent)
            let right = try await world.recorded(agreed.id, world.newEntry(date: "2028-04-01", fiscalYear: 2028))
            #expect(right.fiscalYear == 2028)
        }
    }

    @Test("an entry must fall in the agreement's fiscal years (FY2027–FY2029 here): FY2026 and FY2030 are 422")
    func outsideAgreement() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            for date in ["2027-03-31", "2030-04-01"] {
                let outside = try await world.record(agreed.id, world.newEntry(date: date))
                #expect(outside.status == .unprocessableContent, "\(date)")
                let problem = try outside.problem()
                #expect(problem.code == "outside_agreement")
                #expect(problem.errors?.first?.pointer == "/effectiveDate")
                #expect(problem.detail?.contains("(FY2027–FY2029)") == true, "\(problem.detail ?? "")")
            }
            #expect(try await world.entries().isEmpty, "nothing recorded")
            let first = try await world.recorded(agreed.id, world.newEntry(date: "2027-04-01"))
            let last = try await world.recorded(agreed.id, world.newEntry(date: "2030-03-31"))
            #expect(first.fiscalYear == 2027 && last.fiscalYear == 2029)
        }
    }

    @Test("an entry states the agreement's figures, on either tax basis, or says why they differ; the reason is kept")
    func agreementFigures() async throws {
        try await withCaseWorld { world in
            // 宇多津町 agreed 990,000 a year (tax included) against its baseline of 1,100,000.
            let agreed = try await world.caseIn("agreed")
            for (baseline, negotiated) in [(1_100_000, 909_000), (1_200_000, 990_000)] as [(Int64, Int64)] {
                let refused = try await world.record(
                    agreed.id, world.newEntry(baseline: baseline, negotiated: negotiated))
                #expect(refused.status == .unprocessableContent, "\(baseline) → \(negotiated): \(refused.text)")
                let problem = try refused.problem()
                #expect(problem.code == "differs_from_agreement")
                #expect(problem.errors?.first?.pointer == "/negotiatedAmount")
                #expect(
                    problem.detail?.contains(
                        "the agreement of case \(agreed.id) for 宇多津町 is ¥990,000 incl. tax a year against a baseline of ¥1,100,000 incl. tax"
                    ) == true, "\(problem.detail ?? "")")
            }
            // A flag without a reason, and a reason without the flag.
            var reasonless = world.newEntry(negotiated: 909_000)
            reasonless.differsFromAgreement = true
            var unflagged = world.newEntry(negotiated: 909_000)
            unflagged.reason = "値引き"
            for body in [reasonless, unflagged] {
                let problem = try await world.record(agreed.id, body).problem()
                #expect(problem.code == "invalid_savings_entry" && problem.errors?.first?.pointer == "/reason")
            }
            #expect(try await world.entries().isEmpty, "nothing recorded")

            // The same figures before tax (1,000,000 and 900,000 at 10%) are the agreement's.
            var beforeTax = world.newEntry(date: "2028-04-01", baseline: 1_000_000, negotiated: 900_000)
            beforeTax.taxIncluded = false
            let converted = try await world.recorded(agreed.id, beforeTax)
            #expect(converted.reason == nil && converted.savings == 100_000)

            let key = UUID().uuidString
            let explained = try await world.recorded(
                agreed.id, world.newEntry(negotiated: 909_000, reason: "年度途中の値下げ"), key: key)
            #expect(explained.reason == "年度途中の値下げ" && explained.reversesId == nil)
            #expect(try await world.entries().first { $0.id == explained.id }?.reason == "年度途中の値下げ")
            // The reason is part of the request: the same key with another reason is another request.
            let other = try await world.record(
                agreed.id, world.newEntry(negotiated: 909_000, reason: "別の理由"), key: key)
            #expect(try other.problem().code == "idempotency_key_reused")
            #expect(try await world.verify().firstMismatch == nil)
        }
    }

    @Test("a retry with the same key and body returns the original entry, marked as a replay, and records nothing")
    func replay() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let key = UUID().uuidString
            let first = try await world.record(agreed.id, world.newEntry(), key: key)
            #expect(first.status == .created)
            #expect(first.headers[.idempotentReplayed] == nil)
            let again = try await world.record(agreed.id, world.newEntry(), key: key)
            #expect(again.status == .created)
            #expect(again.headers[.idempotentReplayed] == "true")
            #expect(try again.decode(CaseWorld.Entry.self) == (try first.decode(CaseWorld.Entry.self)))
            #expect(again.text == first.text)
            #expect(try await world.entries().count == 1)
        }
    }

    @Test("the same key with another body is 422 idempotency_key_reused")
    func keyReused() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let key = UUID().uuidString
            try await world.recorded(agreed.id, world.newEntry(), key: key)
            let other = try await world.record(agreed.id, world.newEntry(negotiated: 980_000), key: key)
            #expect(other.status == .unprocessableContent)
            #expect(try other.problem().code == "idempotency_key_reused")
            #expect(try await world.entries().count == 1)
        }
    }

    @Test("recording without an Idempotency-Key is refused with 400")
    func keyRequired() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let response = try await world.record(agreed.id, world.newEntry(), key: "")
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(try await world.entries().isEmpty)
        }
    }

    @Test("50 concurrent identical requests produce exactly one entry; the others are replays of it")
    func concurrentIdentical() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let key = UUID().uuidString
            let entry = world.newEntry()
            let responses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?, String).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let response = try await world.record(agreed.id, entry, key: key)
                        return (response.status, response.headers[.idempotentReplayed], response.text)
                    }
                }
                var all: [(HTTPResponse.Status, String?, String)] = []
                for try await response in group { all.append(response) }
                return all
            }
            #expect(responses.allSatisfy { $0.0 == .created }, "\(responses.map(\.2))")
            #expect(responses.filter { $0.1 == "true" }.count == 49)
            #expect(Set(responses.map(\.2)).count == 1)
            #expect(try await world.entries().count == 1)
        }
    }

    @Test("a participant records its own municipality; the lead and admins record for any active participant")
    func whoRecords() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let hashimaEntry = world.newEntry(
                CaseWorld.hashimaCode, baseline: 1_000_000, negotiated: 1_039_500)
            let own = try await world.record(agreed.id, world.newEntry(CaseWorld.utazuCode), token: world.hashima)
            #expect(own.status == .forbidden, "羽島市 records for 宇多津町: \(own.text)")
            try await world.recorded(agreed.id, hashimaEntry, token: world.hashima)
            try await world.recorded(
                agreed.id,
                world.newEntry(CaseWorld.hashimaCode, date: "2028-04-01", baseline: 1_000_000, negotiated: 1_039_500),
                token: world.utazu)
            try await world.recorded(
                agreed.id,
                world.newEntry(CaseWorld.hashimaCode, date: "2029-04-01", baseline: 1_000_000, negotiated: 1_039_500),
                token: world.admin)
            let outsider = try await world.record(
                agreed.id, world.newEntry(CaseWorld.takamatsuCode), token: world.takamatsu)
            #expect(outsider.status == .unprocessableContent)
            #expect(try outsider.problem().code == "not_a_participant")
            let byAdmin = try await world.record(agreed.id, world.newEntry(CaseWorld.tateyamaCode), token: world.admin)
            #expect(try byAdmin.problem().code == "not_a_participant")
        }
    }

    @Test("nobody records for a case that is not agreed or closed", arguments: ["open", "negotiating", "failed"])
    func notAgreed(status: String) async throws {
        try await withCaseWorld { world in
            let negotiation = try await world.caseIn(status)
            let response = try await world.record(negotiation.id, world.newEntry(), token: world.admin)
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "case_not_agreed")
        }
    }

    @Test("a closed case without an agreement (it failed) takes no savings; an unknown case is 404")
    func closedWithoutAgreement() async throws {
        try await withCaseWorld { world in
            let closed = try await world.caseIn("closed")
            let response = try await world.record(closed.id, world.newEntry(), token: world.admin)
            #expect(try response.problem().code == "case_not_agreed")
            let missing = try await world.record("999999", world.newEntry(), token: world.admin)
            #expect(missing.status == .notFound)
        }
    }

    @Test("a closed case that was agreed still takes savings")
    func closedAfterAgreement() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let closed = try await world.moved(agreed.id, to: "closed")
            #expect(closed.status == .closed)
            let entry = try await world.recorded(agreed.id, world.newEntry())
            #expect(entry.caseId == agreed.id && entry.fiscalYear == 2027 && entry.savings == 110_000)
        }
    }

    @Test("one live entry per case, municipality and fiscal year; after a reversal the corrected figure is recorded")
    func correction() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let mistaken = try await world.recorded(agreed.id, world.newEntry(negotiated: 909_000, reason: "値引き"))
            let twice = try await world.record(agreed.id, world.newEntry(negotiated: 990_000))
            #expect(twice.status == .conflict)
            #expect(try twice.problem().code == "entry_exists")
            let reversal = try await world.reverse(mistaken.id)
            #expect(reversal.status == .created, "\(reversal.text)")
            let cancelling = try reversal.decode(CaseWorld.Entry.self)
            #expect(cancelling.reversesId == mistaken.id && cancelling.reason == "金額の誤り")
            #expect(cancelling.savings == mistaken.savings && cancelling.fiscalYear == mistaken.fiscalYear)
            let corrected = try await world.recorded(agreed.id, world.newEntry(negotiated: 990_000))
            #expect(corrected.savings == 110_000)
            let report = try await world.report("groupBy=fiscalYear")
            #expect(report.total.savings == 110_000 && report.total.entries == 1)
        }
    }

    @Test("a second reversal of an entry is 409 already_reversed; a reversal cannot be reversed")
    func reversalRules() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let entry = try await world.recorded(agreed.id, world.newEntry())
            let first = try await world.reverse(entry.id)
            let reversal = try first.decode(CaseWorld.Entry.self)
            let second = try await world.reverse(entry.id)
            #expect(second.status == .conflict)
            #expect(try second.problem().code == "already_reversed")
            let ofReversal = try await world.reverse(reversal.id)
            #expect(ofReversal.status == .conflict)
            #expect(try ofReversal.problem().code == "cannot_reverse_reversal")
            let blank = try await world.reverse(entry.id, reason: " ")
            #expect(blank.status == .unprocessableContent)
            #expect(try await world.reverse("424242").status == .notFound)
        }
    }

    @Test("only those who may record for the entry's municipality reverse it")
    func whoReverses() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let entry = try await world.recorded(agreed.id, world.newEntry())
            let other = try await world.reverse(entry.id, token: world.hashima)
            #expect(other.status == .forbidden)
            let outsider = try await world.reverse(entry.id, token: world.takamatsu)
            #expect(outsider.status == .forbidden)
            #expect(try await world.reverse(entry.id, token: world.admin).status == .created)
        }
    }

    @Test("20 concurrent reversals of one entry: exactly one succeeds, the others are already_reversed")
    func concurrentReversals() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let entry = try await world.recorded(agreed.id, world.newEntry())
            let responses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let response = try await world.reverse(entry.id, reason: "取消 \(index)")
                        return (response.status, response.status == .created ? "" : try response.problem().code)
                    }
                }
                var all: [(HTTPResponse.Status, String)] = []
                for try await response in group { all.append(response) }
                return all
            }
            #expect(responses.filter { $0.0 == .created }.count == 1)
            #expect(responses.filter { $0.0 == .conflict && $0.1 == "already_reversed" }.count == 19)
            #expect(try await world.entries().filter { $0.reversesId == entry.id }.count == 1)
        }
    }
}
