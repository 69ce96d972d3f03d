import Logging
import PostgresNIO

/// The reports that put a municipality's contracts next to the rest of the network's: peers,
/// vendor footprints and the renewal radar. Each report's statements are written out in the
/// files beside this one (``PeersStatement``, ``FootprintStatement``, …), served by the indexes of
/// `sql/0005_peers.sql` and the peer links of `sql/0007_peer_links.sql`; what the statements rank
/// and compute is taken as it comes, and the summaries and price comparisons they leave are made
/// here.
public struct PeerRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    // MARK: Peers

    /// The municipalities that buy from the same vendors as `query.municipality`, ranked per vendor.
    ///
    /// Three statements, queued together on one connection: the municipality, its own contracts,
    /// and the ranked peers' links. They read one snapshot (a read-only transaction), so the peers
    /// are ranked for exactly the contracts the report shows.
    /// - Throws: ``PeerReportError`` for an unknown municipality or category.
    public func peers(_ query: PeerQuery) async throws -> PeerReport {
        let logger = logger
        let (header, ownRows, linkRows) = try await client.withLiveSnapshot(logger: logger) { connection in
            async let header = connection.rows(
                of: ReportMunicipalityStatement(municipality: query.municipality, categoryCode: query.categoryCode),
                logger: logger)
            async let own = connection.rows(of: PeerOwnContractsStatement(query: query), logger: logger)
            async let links = connection.rows(of: PeersStatement(query: query), logger: logger)
            return try await (header, own, links)
        }
        guard let (prefecture, name, categoryKnown) = header.first else {
            throw PeerReportError.municipalityNotFound(query.municipality)
        }
        if let category = query.categoryCode, !categoryKnown { throw PeerReportError.unknownCategory(category) }
        var vendors: [Int64: VendorEntry] = [:]
        for row in ownRows {
            let contract = PeerContract(
                id: row.3, categoryCode: row.4, title: row.5, product: row.6, productKey: row.7, annualAmount: row.8,
                taxIncluded: row.9, taxIncludedAnnualAmount: row.10, startDate: row.11, endDate: row.12,
                renewalNoticeDate: row.13)
            vendors[row.0, default: VendorEntry(vendor: .init(id: row.0, name: row.1, corporateNumber: row.2))]
                .own.append(contract)
        }
        // Every link's vendor is one of the own contracts' (the same snapshot).
        for row in linkRows { try vendors[row.0]?.take(row) }
        let report = vendors.values.map { entry in
            PeerVendor(
                vendor: entry.vendor, ownContracts: entry.own, ownAnnualAmount: Peer.sum(entry.own),
                peerCount: entry.peerCount,
                peers: entry.peers.map {
                    Peer(
                        municipality: $0.municipality,
                        holdings: Peer.Holdings(match: $0.match, earliestEndDate: $0.earliestEndDate, links: $0.links),
                        own: entry.own)
                })
        }
        .sorted { ($1.ownAnnualAmount, $0.vendor.id) < ($0.ownAnnualAmount, $1.vendor.id) }
        return PeerReport(
            municipality: .init(code: query.municipality, prefecture: prefecture, name: name), asOf: query.asOf,
            vendors: report)
    }

    /// One vendor of the report as its rows arrive.
    private struct VendorEntry {
        let vendor: Contract.Vendor
        var peerCount = 0
        var own: [PeerContract] = []
        var peers: [RankedPeer] = []

        /// Adds a row of ``PeersStatement``: a link of the last peer, or of the next one.
        mutating func take(_ row: PeersStatement.Row) throws {
            peerCount = Int(row.1)
            let link = PeerLink(
                categoryCode: row.8, productKey: row.9, contractCount: Int(row.10), annualAmount: row.11,
                earliestEndDate: row.12, products: row.13, productMatched: row.14, categoryMatched: row.15)
            if let last = peers.indices.last, peers[last].rank == row.2 {
                peers[last].links.append(link)
                return
            }
            guard let match = PeerMatch(rawValue: Int(row.3)) else {
                throw StorageError.unexpectedValue("peer match \(row.3)")
            }
            peers.append(
                RankedPeer(
                    rank: row.2, match: match, earliestEndDate: row.4,
                    municipality: .init(code: try MunicipalityCode(row.5), prefecture: row.6, name: row.7),
                    links: [link]))
        }
    }

    /// A peer as the ranking placed it, and its links.
    private struct RankedPeer {
        let rank: Int64
        let match: PeerMatch
        let earliestEndDate: BusinessDate
        let municipality: Contract.Municipality
        var links: [PeerLink]
    }
}
