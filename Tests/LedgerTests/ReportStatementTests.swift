import Foundation
import Testing

@testable import Ledger

@Suite("report statements")
struct ReportStatementTests {
    /// The reports run prepared only while their SQL text depends on no value; a text built from
    /// a value (a filter spliced in, say) would make every such request fall back to a plain query.
    @Test("every report's SQL text is its prepared statement's, whatever the values and filters")
    func textsDependOnNoValue() throws {
        let day = try #require(BusinessDate("2026-11-26"))
        let code = try MunicipalityCode("373869")
        let peers = [
            PeerQuery(municipality: code, asOf: day),
            PeerQuery(
                municipality: code, asOf: day, categoryCode: "call_centre", prefectureCode: "37", vendorID: 42,
                peersPerVendor: 3),
        ]
        #expect(!PeersStatement.sql.isEmpty)
        for query in peers { #expect(PeerRepository.peersQuery(query).sql == PeersStatement.sql) }
        let renewals = [
            RenewalQuery(municipality: code, asOf: day),
            RenewalQuery(municipality: code, asOf: day, withinDays: 30, peerWindowMonths: 0, peersPerContract: 1),
        ]
        #expect(!RenewalsStatement.sql.isEmpty)
        for query in renewals { #expect(PeerRepository.renewalsQuery(query).sql == RenewalsStatement.sql) }
        for own in [nil, "373869"] {
            #expect(PeerRepository.footprintQuery(vendorID: 917, asOf: day, own: own).sql == FootprintStatement.sql)
        }
    }

    @Test("the ledger's and the token check's statements are the queries they run, whatever the values")
    func ledgerTextsDependOnNoValue() throws {
        let day = try #require(BusinessDate("2026-11-26"))
        let member = Principal(tokenID: 7, name: "宇多津町", role: .member(try MunicipalityCode("373869")))
        #expect(
            SavingsRepository.recordQuery(
                caseID: 3, code: "373869", fiscalYear: 2026, date: day, baseline: 1, negotiated: 2, taxIncluded: true,
                note: "メモ", principal: member, key: "k", requestHash: "h"
            ).sql == RecordSavingsStatement.sql)
        #expect(SavingsRepository.findQuery(42).sql == FindSavingsEntryStatement.sql)
        #expect(SavingsChainSealer.sealQuery(5_000).sql == SealStatement.sql)
        #expect(!AuthenticateStatement.sql.isEmpty)
        #expect(try TokenRepository.authenticateQuery(Data([1, 2, 3])).sql == AuthenticateStatement.sql)
    }
}
