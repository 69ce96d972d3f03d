import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

extension CaseWorld {
    typealias Entry = Components.Schemas.SavingsEntry

    /// A savings entry as the API takes it: 宇多津町 in FY2027 with its agreement's figures (a
    /// baseline of 1,100,000 and 990,000 agreed) unless told otherwise. Other figures than the
    /// municipality's agreement need a `reason` (sent with `differsFromAgreement`).
    func newEntry(
        _ code: String = utazuCode, date: String = "2027-04-01", baseline: Int64 = 1_100_000,
        negotiated: Int64 = 990_000, fiscalYear: Int32? = nil, note: String? = nil, reason: String? = nil
    ) -> Components.Schemas.NewSavingsEntry {
        .init(
            municipalityCode: code, fiscalYear: fiscalYear, effectiveDate: date, baselineAmount: baseline,
            negotiatedAmount: negotiated, taxIncluded: true, note: note,
            differsFromAgreement: reason == nil ? nil : true, reason: reason)
    }

    /// `POST /cases/{id}/savings` with an idempotency key (a new one unless given; `""`: none).
    func record(
        _ caseID: String, _ entry: Components.Schemas.NewSavingsEntry, key: String = UUID().uuidString,
        token: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !key.isEmpty { headers[.idempotencyKey] = key }
        return try await client.send(
            .post, "/cases/\(caseID)/savings", json: entry, token: token ?? utazu, headers: headers)
    }

    /// Records and requires a 201.
    @discardableResult
    func recorded(
        _ caseID: String, _ entry: Components.Schemas.NewSavingsEntry, key: String = UUID().uuidString,
        token: String? = nil
    ) async throws -> Entry {
        let response = try await record(caseID, entry, key: key, token: token)
        try #require(response.status == .created, "\(response.text)")
        return try response.decode(Entry.self)
    }

    func reverse(_ entryID: String, reason: String = "金額の誤り", token: String? = nil) async throws -> TestResponse {
        try await client.send(
            .post, "/savings/\(entryID)/reversal", json: Components.Schemas.SavingsReversal(reason: reason),
            token: token ?? utazu)
    }

    func entries(query: String = "") async throws -> [Entry] {
        var items: [Entry] = []
        var cursor: String?
        repeat {
            let separator = query.isEmpty ? "?" : "?\(query)&"
            let uri = "/savings\(separator)limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = try await client.get(uri, token: utazu)
            try #require(response.status == .ok, "\(response.text)")
            let page = try response.decode(Components.Schemas.SavingsEntryPage.self)
            items += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return items
    }

    func report(_ query: String) async throws -> Components.Schemas.SavingsReport {
        let response = try await client.get("/reports/savings?\(query)", token: utazu)
        try #require(response.status == .ok, "\(response.text)")
        return try response.decode(Components.Schemas.SavingsReport.self)
    }

    func verify() async throws -> Components.Schemas.SavingsVerification {
        let response = try await client.get("/savings/verify", token: utazu)
        try #require(response.status == .ok, "\(response.text)")
        return try response.decode(Components.Schemas.SavingsVerification.self)
    }
}
