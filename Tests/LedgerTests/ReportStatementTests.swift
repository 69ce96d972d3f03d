import Foundation
import PostgresNIO
import Testing

@testable import Ledger

@Suite("report statements")
struct ReportStatementTests {
    /// The report statements are literals, so their text depends on no value by construction;
    /// what could still go wrong is a bind without its parameter, or the other way round, for some
    /// combination of values and filters (PostgreSQL refuses such a statement on every request).
    @Test("every report statement binds one value per parameter of its SQL, whatever the values and filters")
    func bindsMatchParameters() throws {
        let day = try #require(BusinessDate("2026-11-26"))
        let code = try MunicipalityCode("373869")
        let peers = [
            PeerQuery(municipality: code, asOf: day),
            PeerQuery(
                municipality: code, asOf: day, categoryCode: "call_centre", prefectureCode: "37", vendorID: 42,
                peersPerVendor: 3),
        ]
        for query in peers {
            try expectBindsMatch(PeersStatement(query: query))
            try expectBindsMatch(PeerOwnContractsStatement(query: query))
            try expectBindsMatch(ReportMunicipalityStatement(municipality: code, categoryCode: query.categoryCode))
        }
        let renewals = [
            RenewalQuery(municipality: code, asOf: day),
            RenewalQuery(municipality: code, asOf: day, withinDays: 30, peerWindowMonths: 0, peersPerContract: 1),
        ]
        for query in renewals {
            try expectBindsMatch(RenewalsStatement(query: query))
        }
        for placing in [nil, code] {
            try expectBindsMatch(FootprintStatement(vendorID: 917, asOf: day, placing: placing))
        }
        try expectBindsMatch(SavingsLinesStatement(municipality: code))
    }

    private func expectBindsMatch<Statement: PostgresPreparedStatement>(
        _ statement: Statement, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let parameters = Set(Statement.sql.matches(of: #/\$([0-9]+)/#).compactMap { Int($0.output.1) })
        #expect(!parameters.isEmpty, "\(Statement.self)", sourceLocation: sourceLocation)
        #expect(
            parameters == Set(1...max(1, parameters.count)), "\(Statement.self): parameters \(parameters.sorted())",
            sourceLocation: sourceLocation)
        #expect(
            Statement.bindingDataTypes.count == parameters.count, "\(Statement.self)", sourceLocation: sourceLocation)
        #expect(
            try statement.makeBindings().count == parameters.count, "\(Statement.self)", sourceLocation: sourceLocation)
    }

    /// A report's statements run apart (see ``PeerRepository/peers(_:)``), so what one of them
    /// chooses the other chooses again: written once in each, and held the same here.
    @Test("the peer report's statements choose the municipality's contracts by the same SQL")
    func statementsChooseAlike() throws {
        let own = ["WHERE c.municipality_code = $1 AND c.start_date", "c.category_code = $4)"]
        let ownContracts = try #require(Self.span(of: PeerOwnContractsStatement.sql, from: own[0], through: own[1]))
        #expect(Self.span(of: PeersStatement.sql, from: own[0], through: own[1]) == ownContracts)
    }

    /// The text of `sql` from the first `start` through the next `end`, its white space collapsed.
    private static func span(of sql: String, from start: String, through end: String) -> String? {
        let text = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard let from = text.range(of: start), let to = text[from.lowerBound...].range(of: end) else { return nil }
        return String(text[from.lowerBound..<to.upperBound])
    }

    @Test("the ledger's and the token check's statements are the queries they run, whatever the values")
    func ledgerTextsDependOnNoValue() throws {
        let day = try #require(BusinessDate("2026-11-26"))
        let member = Principal(tokenID: 7, name: "宇多津町", role: .member(try MunicipalityCode("373869")))
        #expect(
            SavingsRepository.recordQuery(
                caseID: 3, code: "373869", fiscalYear: 2026, date: day, baseline: 1, negotiated: 2, taxIncluded: true,
                note: "メモ", reason: "値引き", principal: member, key: "k", requestHash: "h"
            ).sql == RecordSavingsStatement.sql)
        #expect(SavingsRepository.findQuery(42).sql == FindSavingsEntryStatement.sql)
        #expect(SavingsChainSealer.sealQuery(5_000).sql == SealStatement.sql)
        #expect(!AuthenticateStatement.sql.isEmpty)
        #expect(try TokenRepository.authenticateQuery(Data([1, 2, 3])).sql == AuthenticateStatement.sql)
    }
}
