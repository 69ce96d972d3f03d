import PostgresNIO

/// Where a vendor sells and at what prices: its current contracts by prefecture and by category,
/// the distribution of each category's amounts, the outliers, and where a member's own contracts
/// fall.
public struct VendorFootprint: Sendable, Hashable {
    public struct Prefecture: Sendable, Hashable {
        public let code: String
        public let name: String
        public let municipalities: Int
        public let contracts: Int
    }

    /// The distribution of a category's annualised, tax-aligned amounts; the same arithmetic as
    /// ``AmountDistribution`` (a test holds the two together).
    public struct Amounts: Sendable, Hashable {
        public let count: Int
        public let min: Int64
        public let p25: Int64
        public let median: Int64
        public let p75: Int64
        public let max: Int64
        public let outlierThreshold: Int64
    }

    /// One contract placed in its category's distribution.
    public struct Placement: Sendable, Hashable {
        public let contractID: Int64
        public let municipality: Contract.Municipality
        public let categoryCode: String
        public let taxIncludedAnnualAmount: Int64
        /// The percentage (0–100, rounded down) of the category's contracts at or below this amount.
        public let percentile: Int
    }

    public struct Category: Sendable, Hashable {
        public let code: String
        public let municipalities: Int
        public let amounts: Amounts
        /// How many contracts are above the outlier threshold.
        public let outlierCount: Int
        /// The most expensive of them, at most ``VendorFootprint/outliersListed``, most expensive
        /// first.
        public let outliers: [Placement]
    }

    /// How many outliers a category lists at most: a vendor with thousands of contracts has
    /// hundreds above the threshold, and the most expensive are the ones worth a look.
    public static let outliersListed = 20

    public let vendor: Contract.Vendor
    public let asOf: BusinessDate
    public let municipalities: Int
    public let contracts: Int
    /// In prefecture-code order.
    public let prefectures: [Prefecture]
    /// Most contracts first, then by code.
    public let categories: [Category]
    /// The given municipality's contracts with the vendor (empty when none was given).
    public let own: [Placement]
}

extension PeerRepository {
    /// The footprint of vendor `vendorID` on `asOf`, placing the contracts of `municipality` (a
    /// member's own) in their categories.
    /// - Throws: ``PeerReportError/vendorNotFound(_:)``.
    public func footprint(
        of vendorID: Int64, asOf: BusinessDate, placing municipality: MunicipalityCode?
    ) async throws -> VendorFootprint {
        let rows = try await client.rows(
            of: FootprintStatement(vendorID: vendorID, asOf: asOf, placing: municipality), logger: logger)
        guard let row = rows.first else { throw PeerReportError.vendorNotFound(vendorID) }
        let prefectures = try Self.lined(up: row.4, row.5, row.6, row.7).map { index in
            VendorFootprint.Prefecture(
                code: row.4[index], name: row.5[index], municipalities: Int(row.6[index]), contracts: Int(row.7[index]))
        }
        var outliers: [String: [VendorFootprint.Placement]] = [:]
        var own: [VendorFootprint.Placement] = []
        for index in try Self.lined(up: row.18, row.19, row.20, row.21, row.22, row.23, row.24, row.25) {
            let placement = VendorFootprint.Placement(
                contractID: row.20[index],
                municipality: .init(
                    code: try MunicipalityCode(row.21[index]), prefecture: row.22[index], name: row.23[index]),
                categoryCode: row.19[index], taxIncludedAnnualAmount: row.24[index], percentile: Int(row.25[index]))
            if row.18[index] {
                own.append(placement)
            } else {
                outliers[placement.categoryCode, default: []].append(placement)
            }
        }
        let categories = try Self.lined(
            up: row.8, row.9, row.10, row.11, row.12, row.13, row.14, row.15, row.16, row.17
        ).map { index in
            VendorFootprint.Category(
                code: row.8[index], municipalities: Int(row.9[index]),
                amounts: .init(
                    count: Int(row.10[index]), min: row.11[index], p25: row.12[index], median: row.13[index],
                    p75: row.14[index], max: row.15[index], outlierThreshold: row.16[index]),
                outlierCount: Int(row.17[index]), outliers: outliers[row.8[index]] ?? [])
        }
        return VendorFootprint(
            vendor: Contract.Vendor(id: vendorID, name: row.0, corporateNumber: row.1), asOf: asOf,
            municipalities: Int(row.2), contracts: Int(row.3), prefectures: prefectures, categories: categories,
            own: own)
    }

    /// The indices of arrays the footprint's statement aggregates side by side, checked to be of
    /// one length.
    private static func lined<each Element>(up arrays: repeat [each Element]) throws -> Range<Int> {
        var counts: [Int] = []
        for array in repeat each arrays { counts.append(array.count) }
        guard let count = counts.first, counts.allSatisfy({ $0 == count }) else {
            throw StorageError.unexpectedValue("footprint lists of lengths \(counts)")
        }
        return 0..<count
    }
}
