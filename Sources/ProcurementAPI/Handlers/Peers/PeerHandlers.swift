import Ledger
import ProcurementClient

extension APIHandler {
    var peerReports: PeerRepository { PeerRepository(client: database, logger: requestLogger) }

    func listPeers(_ input: Operations.ListPeers.Input) async throws -> Operations.ListPeers.Output {
        let principal = try principal()
        let query = input.query
        let request = PeerQuery(
            municipality: try PeerParameters.municipality(query.municipality, for: principal),
            asOf: try PeerParameters.asOf(query.asOf),
            categoryCode: RequestValue.nonEmpty(query.category),
            prefectureCode: try await prefectureCode(query.prefecture),
            vendorID: try RequestValue.id(filter: query.vendor, of: .vendor, at: "?vendor"),
            peersPerVendor: try PeerParameters.count(
                query.peersPerVendor, name: "peersPerVendor", default: PeerQuery.defaultPeersPerVendor,
                range: PeerQuery.peersPerVendorRange))
        return .ok(.init(body: .json(.init(try await peerReports.peers(request)))))
    }

    func getVendorFootprint(
        _ input: Operations.GetVendorFootprint.Input
    ) async throws -> Operations.GetVendorFootprint.Output {
        let principal = try principal()
        let vendorID = try RequestValue.id(input.path.id, of: .vendor, at: "/id")
        let asOf = try PeerParameters.asOf(input.query.asOf)
        let footprint = try await peerReports.footprint(of: vendorID, asOf: asOf, placing: principal.municipality)
        return .ok(.init(body: .json(.init(footprint))))
    }

    func listRenewals(_ input: Operations.ListRenewals.Input) async throws -> Operations.ListRenewals.Output {
        let principal = try principal()
        let query = input.query
        let request = RenewalQuery(
            municipality: try PeerParameters.municipality(query.municipality, for: principal),
            asOf: try PeerParameters.asOf(query.asOf),
            withinDays: try PeerParameters.count(
                query.within, name: "within", default: RenewalQuery.defaultWithinDays,
                range: RenewalQuery.withinDaysRange),
            peerWindowMonths: try PeerParameters.count(
                query.peerWindowMonths, name: "peerWindowMonths", default: RenewalQuery.defaultPeerWindowMonths,
                range: RenewalQuery.peerWindowMonthsRange),
            peersPerContract: try PeerParameters.count(
                query.peersPerContract, name: "peersPerContract", default: RenewalQuery.defaultPeersPerContract,
                range: RenewalQuery.peersPerContractRange))
        return .ok(.init(body: .json(.init(try await peerReports.renewals(request)))))
    }
}

/// The query parameters the peer reports share.
enum PeerParameters {
    /// The municipality a report is for: the one named, else the member's own.
    static func municipality(_ text: String?, for principal: Principal) throws(RequestError) -> MunicipalityCode {
        if let code = try RequestValue.municipalityCode(filter: text, at: "?municipality") { return code }
        guard let own = principal.municipality else { throw .municipalityRequired(.report) }
        return own
    }

    /// The report's day: the one given, else today in Japan. `asOf=` with no value is not a date.
    static func asOf(_ text: String?) throws(RequestError) -> BusinessDate {
        try RequestValue.date(text, at: "?asOf") ?? BusinessDate.todayInJapan()
    }

    static func count(
        _ value: Int32?, name: String, default defaultValue: Int, range: ClosedRange<Int>
    ) throws(RequestError) -> Int {
        guard let value else { return defaultValue }
        guard range.contains(Int(value)) else { throw .outOfRange(name: name, value: value, range: range) }
        return Int(value)
    }
}
