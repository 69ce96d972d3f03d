import Ledger
import ProcurementClient

// Conversions from the peer reports of the register to the API's schemas.

extension Components.Schemas.MunicipalitySummary {
    init(_ municipality: Contract.Municipality) {
        self.init(code: municipality.code.rawValue, prefecture: municipality.prefecture, name: municipality.name)
    }
}

extension Components.Schemas.VendorSummary {
    init(_ vendor: Contract.Vendor) {
        self.init(id: String(vendor.id), name: vendor.name, corporateNumber: vendor.corporateNumber)
    }
}

extension Components.Schemas.PeerMatch {
    init(_ match: PeerMatch) {
        switch match {
        case .product: self = .product
        case .category: self = .category
        case .vendor: self = .vendor
        }
    }
}

extension Components.Schemas.PeerContract {
    init(_ contract: PeerContract) {
        self.init(
            id: String(contract.id), categoryCode: contract.categoryCode, title: contract.title,
            product: contract.product, annualAmount: contract.annualAmount, taxIncluded: contract.taxIncluded,
            taxIncludedAnnualAmount: contract.taxIncludedAnnualAmount, startDate: contract.startDate.description,
            endDate: contract.endDate.description, renewalNoticeDate: contract.renewalNoticeDate?.description)
    }
}

extension Components.Schemas.PriceComparison {
    init(_ comparison: PeerPriceComparison) {
        self.init(
            basis: .init(comparison.basis), ownAnnualAmount: comparison.ownAnnualAmount,
            peerAnnualAmount: comparison.peerAnnualAmount, differenceYen: comparison.price.differenceYen,
            // Basis points to percent: a JSON number with at most two decimals.
            differencePercent: comparison.price.differenceBasisPoints.map { Double($0) / 100 })
    }
}

extension Components.Schemas.PeerReport {
    init(_ report: PeerReport) {
        self.init(
            municipality: .init(report.municipality), asOf: report.asOf.description,
            vendors: report.vendors.map { vendor in
                .init(
                    vendor: .init(vendor.vendor), ownContracts: vendor.ownContracts.map { .init($0) },
                    ownAnnualAmount: vendor.ownAnnualAmount, peerCount: Int32(clamping: vendor.peerCount),
                    peers: vendor.peers.map { peer in
                        .init(
                            municipality: .init(peer.municipality), match: .init(peer.match),
                            contractCount: Int32(clamping: peer.contractCount), annualAmount: peer.annualAmount,
                            earliestEndDate: peer.earliestEndDate.description, categories: peer.categories,
                            products: peer.products,
                            comparison: peer.comparison.map(Components.Schemas.PriceComparison.init))
                    })
            })
    }
}

extension Components.Schemas.FootprintContract {
    init(_ placement: VendorFootprint.Placement) {
        self.init(
            contractId: String(placement.contractID), municipality: .init(placement.municipality),
            categoryCode: placement.categoryCode, taxIncludedAnnualAmount: placement.taxIncludedAnnualAmount,
            percentile: Int32(clamping: placement.percentile))
    }
}

extension Components.Schemas.VendorFootprint {
    init(_ footprint: VendorFootprint) {
        self.init(
            vendor: .init(footprint.vendor), asOf: footprint.asOf.description,
            municipalities: Int32(clamping: footprint.municipalities), contracts: Int32(clamping: footprint.contracts),
            prefectures: footprint.prefectures.map {
                .init(
                    prefectureCode: $0.code, prefecture: $0.name, municipalities: Int32(clamping: $0.municipalities),
                    contracts: Int32(clamping: $0.contracts))
            },
            categories: footprint.categories.map { category in
                let amounts = category.amounts
                return .init(
                    categoryCode: category.code, municipalities: Int32(clamping: category.municipalities),
                    amounts: .init(
                        count: Int32(clamping: amounts.count), min: amounts.min, p25: amounts.p25,
                        median: amounts.median, p75: amounts.p75, max: amounts.max,
                        outlierThreshold: amounts.outlierThreshold),
                    outlierCount: Int32(clamping: category.outlierCount), outliers: category.outliers.map { .init($0) })
            },
            own: footprint.own.isEmpty ? nil : footprint.own.map { .init($0) })
    }
}

extension Components.Schemas.RenewalReport {
    init(_ report: RenewalReport) {
        self.init(
            municipality: .init(report.municipality), asOf: report.query.asOf.description,
            within: Int32(clamping: report.query.withinDays),
            peerWindowMonths: Int32(clamping: report.query.peerWindowMonths),
            renewals: report.renewals.map { renewal in
                .init(
                    contract: .init(renewal.contract), vendor: .init(renewal.vendor),
                    dueDate: renewal.dueDate.description, daysUntilDue: Int32(clamping: renewal.daysUntilDue),
                    combinedAnnualAmount: renewal.combinedAnnualAmount, peerCount: Int32(clamping: renewal.peerCount),
                    peers: renewal.peers.map { peer in
                        .init(
                            municipality: .init(peer.municipality), contractCount: Int32(clamping: peer.contractCount),
                            annualAmount: peer.annualAmount, endDates: peer.endDates.map(\.description))
                    })
            })
    }
}
