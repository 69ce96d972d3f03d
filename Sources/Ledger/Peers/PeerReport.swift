/// How a peer municipality matches the caller on a vendor, best first: it buys the same product,
/// something in the same category, or only something else from the same vendor.
public enum PeerMatch: Int, Sendable, Hashable, Comparable, CaseIterable {
    case product = 1
    case category = 2
    case vendor = 3

    public var name: String {
        switch self {
        case .product: "product"
        case .category: "category"
        case .vendor: "vendor"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A contract as the peer reports show it: what is bought, what it costs a year on its own tax
/// basis and tax-aligned, and when it runs.
public struct PeerContract: Sendable, Hashable {
    public let id: Int64
    public let categoryCode: String
    public let title: String
    public let product: String?
    /// The product's matching key (NFKC, lower case, no spaces; the database's `product_key`).
    public let productKey: String?
    /// The annualised amount on the contract's own tax basis.
    public let annualAmount: Int64
    public let taxIncluded: Bool
    /// The annualised amount with consumption tax at the rate in force on the start date.
    public let taxIncludedAnnualAmount: Int64
    public let startDate: BusinessDate
    public let endDate: BusinessDate
    public let renewalNoticeDate: BusinessDate?

    public init(
        id: Int64, categoryCode: String, title: String, product: String?, productKey: String?, annualAmount: Int64,
        taxIncluded: Bool, taxIncludedAnnualAmount: Int64, startDate: BusinessDate, endDate: BusinessDate,
        renewalNoticeDate: BusinessDate?
    ) {
        self.id = id
        self.categoryCode = categoryCode
        self.title = title
        self.product = product
        self.productKey = productKey
        self.annualAmount = annualAmount
        self.taxIncluded = taxIncluded
        self.taxIncludedAnnualAmount = taxIncludedAnnualAmount
        self.startDate = startDate
        self.endDate = endDate
        self.renewalNoticeDate = renewalNoticeDate
    }
}

/// A peer's price against the caller's on what they both buy: the sums of their tax-included
/// annual amounts on the matched product keys (or categories).
public struct PeerPriceComparison: Sendable, Hashable {
    public let basis: PeerMatch
    public let ownAnnualAmount: Int64
    public let peerAnnualAmount: Int64
    public let price: PriceComparison
}

/// Another municipality that buys from the same vendor, with its contracts with that vendor.
public struct Peer: Sendable, Hashable {
    /// One of the peer's contracts and how it matches the caller's.
    public struct Holding: Sendable, Hashable {
        public let contract: PeerContract
        public let match: PeerMatch
    }

    public let municipality: Contract.Municipality
    public let match: PeerMatch
    /// Best match first, then by end date.
    public let holdings: [Holding]
    /// Absent for a vendor-only peer: it buys something else, and prices of different things do
    /// not compare.
    public let comparison: PeerPriceComparison?

    /// Matches `peerContracts` (one peer's contracts with a vendor) against `own` (the caller's
    /// contracts with the same vendor).
    ///
    /// A peer contract matches on the product when its product key is one of the caller's, else on
    /// the category when its category is one of the caller's, else on the vendor only; the peer
    /// matches as well as its best contract. The comparison sums, on both sides, the tax-included
    /// annual amounts of the contracts with the product keys both have (for a product match) or in
    /// the categories both have (for a category match): what each pays a year for the same thing.
    public init(municipality: Contract.Municipality, contracts peerContracts: [PeerContract], own: [PeerContract]) {
        let ownProducts = Set(own.compactMap(\.productKey))
        let ownCategories = Set(own.map(\.categoryCode))
        let holdings = peerContracts.map { contract in
            let match: PeerMatch =
                if let key = contract.productKey, ownProducts.contains(key) {
                    .product
                } else if ownCategories.contains(contract.categoryCode) {
                    .category
                } else {
                    .vendor
                }
            return Holding(contract: contract, match: match)
        }
        .sorted { ($0.match, $0.contract.endDate, $0.contract.id) < ($1.match, $1.contract.endDate, $1.contract.id) }
        self.municipality = municipality
        self.holdings = holdings
        self.match = holdings.first?.match ?? .vendor

        let inScope: (PeerContract) -> Bool
        switch match {
        case .product:
            let keys = ownProducts.intersection(peerContracts.compactMap(\.productKey))
            inScope = { $0.productKey.map(keys.contains) ?? false }
        case .category:
            let categories = ownCategories.intersection(peerContracts.map(\.categoryCode))
            inScope = { categories.contains($0.categoryCode) }
        case .vendor:
            self.comparison = nil
            return
        }
        let ownAmount = Self.sum(own.filter(inScope))
        let peerAmount = Self.sum(peerContracts.filter(inScope))
        self.comparison = PeerPriceComparison(
            basis: match, ownAnnualAmount: ownAmount, peerAnnualAmount: peerAmount,
            price: PriceComparison(peer: peerAmount, own: ownAmount))
    }

    /// The sum of tax-included annual amounts, saturating rather than overflowing.
    static func sum(_ contracts: [PeerContract]) -> Int64 {
        contracts.reduce(0) { total, contract in
            let (sum, overflow) = total.addingReportingOverflow(contract.taxIncludedAnnualAmount)
            return overflow ? Int64.max : sum
        }
    }
}

/// One vendor the municipality buys from, its contracts with it, and the peers that buy from it.
public struct PeerVendor: Sendable, Hashable {
    public let vendor: Contract.Vendor
    public let ownContracts: [PeerContract]
    /// The municipality's tax-included annual spend with the vendor.
    public let ownAnnualAmount: Int64
    /// How many municipalities match, before the per-vendor limit.
    public let peerCount: Int
    /// Ranked: best match first, then the peer whose contract with the vendor ends soonest, then by
    /// code.
    public let peers: [Peer]
}

/// The peers of a municipality across all the vendors it buys from.
public struct PeerReport: Sendable, Hashable {
    public let municipality: Contract.Municipality
    public let asOf: BusinessDate
    /// By the municipality's annual spend with the vendor, largest first.
    public let vendors: [PeerVendor]
}

/// What a peer report is asked for.
public struct PeerQuery: Sendable, Hashable {
    public var municipality: MunicipalityCode
    public var asOf: BusinessDate
    /// Only this category, on both sides.
    public var categoryCode: String?
    /// Only peers in this prefecture (two-digit code).
    public var prefectureCode: String?
    public var vendorID: Int64?
    /// At most this many peers per vendor.
    public var peersPerVendor: Int

    public static let defaultPeersPerVendor = 10
    public static let peersPerVendorRange = 1...100

    public init(
        municipality: MunicipalityCode, asOf: BusinessDate, categoryCode: String? = nil, prefectureCode: String? = nil,
        vendorID: Int64? = nil, peersPerVendor: Int = Self.defaultPeersPerVendor
    ) {
        self.municipality = municipality
        self.asOf = asOf
        self.categoryCode = categoryCode
        self.prefectureCode = prefectureCode
        self.vendorID = vendorID
        self.peersPerVendor = peersPerVendor
    }
}

/// Why a report cannot be made as asked.
public enum PeerReportError: Error, Sendable, Hashable {
    case municipalityNotFound(MunicipalityCode)
    case vendorNotFound(Int64)
    case unknownCategory(String)
}
