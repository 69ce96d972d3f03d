import PostgresNIO

/// What the renewal radar is asked for.
public struct RenewalQuery: Sendable, Hashable {
    public var municipality: MunicipalityCode
    public var asOf: BusinessDate
    /// The window, in days from `asOf` (both ends inclusive).
    public var withinDays: Int
    /// How many months a peer's end date may be before or after the contract's.
    public var peerWindowMonths: Int
    /// At most this many peer municipalities per contract.
    public var peersPerContract: Int

    public static let defaultWithinDays = 180
    public static let withinDaysRange = 0...1096
    public static let defaultPeerWindowMonths = 6
    public static let peerWindowMonthsRange = 0...24
    public static let defaultPeersPerContract = 5
    public static let peersPerContractRange = 1...100

    public init(
        municipality: MunicipalityCode, asOf: BusinessDate, withinDays: Int = Self.defaultWithinDays,
        peerWindowMonths: Int = Self.defaultPeerWindowMonths, peersPerContract: Int = Self.defaultPeersPerContract
    ) {
        self.municipality = municipality
        self.asOf = asOf
        self.withinDays = withinDays
        self.peerWindowMonths = peerWindowMonths
        self.peersPerContract = peersPerContract
    }

    /// The last day of the window.
    public var until: BusinessDate { asOf.adding(days: withinDays) }
}

/// A contract coming up for renewal, with the peers it could be negotiated with.
public struct Renewal: Sendable, Hashable {
    /// Another municipality whose contracts with the vendor in the category end within the peer
    /// window, summarised.
    public struct Peer: Sendable, Hashable {
        public let municipality: Contract.Municipality
        public let contractCount: Int
        /// Their tax-included annual total.
        public let annualAmount: Int64
        /// Their end dates, each once, earliest first.
        public let endDates: [BusinessDate]
    }

    public let contract: PeerContract
    public let vendor: Contract.Vendor
    /// The first of the end date and the renewal notice date that falls within the window (the
    /// radar's statement works it out, as it chooses the contracts by it).
    public let dueDate: BusinessDate
    public let daysUntilDue: Int
    /// The contract's tax-included annual amount plus that of every matching peer contract.
    public let combinedAnnualAmount: Int64
    /// How many municipalities match, before the per-contract limit.
    public let peerCount: Int
    /// Nearest end date first, then by code.
    public let peers: [Peer]
}

public struct RenewalReport: Sendable, Hashable {
    public let municipality: Contract.Municipality
    public let query: RenewalQuery
    /// By the combined annual spend at stake, largest first; then by due date.
    public let renewals: [Renewal]
}

extension PeerRepository {
    /// The municipality's contracts that end or reach their renewal notice date within the window,
    /// each with the peers buying the same category from the same vendor under contracts ending
    /// within `peerWindowMonths` of it.
    ///
    /// One statement (``RenewalsStatement``), so one snapshot: the peers listed are the ones the
    /// totals count.
    /// - Throws: ``PeerReportError/municipalityNotFound(_:)``.
    public func renewals(_ query: RenewalQuery) async throws -> RenewalReport {
        let rows = try await client.rows(of: RenewalsStatement(query: query), logger: logger)
        guard let first = rows.first else { throw PeerReportError.municipalityNotFound(query.municipality) }
        var due: [RenewalsStatement.Due] = []
        var peers: [RenewalsStatement.Peer] = []
        for row in rows {
            switch row.found {
            case .due(let contract): due.append(contract)
            case .peer(let peer): peers.append(peer)
            case nil: break
            }
        }
        return try Self.renewalReport(
            query, municipality: .init(code: query.municipality, prefecture: first.prefecture, name: first.name),
            due: due, peers: peers)
    }

    /// The report from the due contracts and peers of ``RenewalsStatement`` (or of queries with the
    /// same columns): the due contracts by the combined annual spend at stake,
    /// each with its peers in the order they come.
    static func renewalReport(
        _ query: RenewalQuery, municipality: Contract.Municipality, due: [RenewalsStatement.Due],
        peers peerRows: [RenewalsStatement.Peer]
    ) throws -> RenewalReport {
        var peers: [Int64: [Renewal.Peer]] = [:]
        for row in peerRows {
            peers[row.0, default: []].append(
                Renewal.Peer(
                    municipality: .init(code: try MunicipalityCode(row.1), prefecture: row.2, name: row.3),
                    contractCount: Int(row.4), annualAmount: row.5, endDates: Set(row.6).sorted()))
        }
        let renewals = due.map { row in
            let contract = PeerContract(
                id: row.0, categoryCode: row.1, title: row.2, product: row.3, productKey: row.4, annualAmount: row.5,
                taxIncluded: row.6, taxIncludedAnnualAmount: row.7, startDate: row.8, endDate: row.9,
                renewalNoticeDate: row.10)
            let (combined, overflow) = contract.taxIncludedAnnualAmount.addingReportingOverflow(row.17)
            return Renewal(
                contract: contract, vendor: .init(id: row.11, name: row.12, corporateNumber: row.13), dueDate: row.14,
                daysUntilDue: Int(row.15), combinedAnnualAmount: overflow ? Int64.max : combined,
                peerCount: Int(row.16), peers: peers[contract.id] ?? [])
        }
        .sorted {
            ($1.combinedAnnualAmount, $0.dueDate, $0.contract.id) < (
                $0.combinedAnnualAmount, $1.dueDate, $1.contract.id
            )
        }
        return RenewalReport(municipality: municipality, query: query, renewals: renewals)
    }
}
