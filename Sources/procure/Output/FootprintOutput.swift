import Ledger
import ProcurementClient

/// How `procure vendors footprint` prints a vendor's footprint: a summary line, the price
/// distribution by category, the outliers, the prefectures, and (for a member) where its own
/// contracts fall; CSV has one row per category; JSON is the API's document, outliers included.
struct FootprintOutput: Sendable {
    let footprint: Components.Schemas.VendorFootprint
    /// How the tables name categories (the CSV and JSON keep the codes).
    var categories = CategoryNames()

    func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: renderText()
        case .csv: try categoryListing(titles: Self.csvTitles).renderCSV()
        case .xlsx: try categoryListing(titles: ReportText.categoryTitles.map(\.local)).renderWorkbook()
        case .json: try OutputEncoding.json(footprint)
        }
    }

    func renderText() -> String {
        var lines = [
            ReportText.footprintHeading(
                ContractText.vendor(footprint.vendor), asOf: "\(footprint.asOf)",
                contracts: ReportText.currentContracts(Int(footprint.contracts)),
                municipalities: ReportText.municipalityCount(Int(footprint.municipalities))
            ).local
        ]
        guard !footprint.categories.isEmpty else {
            return PeerText.text(lines)
        }

        lines.append("")
        lines.append(ReportText.byCategory.local)
        lines.append(
            contentsOf: PeerText.indented(categoryListing(titles: ReportText.categoryTitles.map(\.local)).renderTable())
        )

        let outliers = footprint.categories.flatMap(\.outliers)
        lines.append("")
        if outliers.isEmpty {
            lines.append(ReportText.noOutliers.local)
        } else {
            lines.append(ReportText.outliers.local)
            lines.append(contentsOf: PeerText.indented(outlierListing(outliers).renderTable()))
        }

        lines.append("")
        lines.append(ReportText.byPrefecture.local)
        lines.append(contentsOf: PeerText.indented(prefectureListing.renderTable()))

        if let own = footprint.own {
            lines.append("")
            if let first = own.first {
                lines.append(ReportText.contractsOf(PeerText.municipality(first.municipality)).local)
                lines.append(contentsOf: PeerText.indented(ownListing(own).renderTable()))
            } else {
                lines.append(ReportText.noOwnContracts(footprint.vendor.name).local)
            }
        }
        lines.append("")
        lines.append(contentsOf: PeerText.amountsFootnote)
        return PeerText.text(lines)
    }

    /// The category columns as CSV heads them: stable names for scripts and spreadsheets.
    static let csvTitles = [
        "category", "contracts", "municipalities", "min", "p25", "median", "p75", "max", "outlier_threshold",
        "outliers",
    ]

    /// One row per category with the distribution of its amounts (plain yen in CSV).
    func categoryListing(titles: [String]) -> Listing {
        Listing(
            columns: titles.enumerated().map { index, title in
                Listing.Column(title, alignment: index == 0 ? .left : .right)
            },
            rows: footprint.categories.map { category in
                let amounts = category.amounts
                return [
                    categories.cell(category.categoryCode), .count(amounts.count), .count(category.municipalities),
                    .yen(amounts.min), .yen(amounts.p25), .yen(amounts.median), .yen(amounts.p75), .yen(amounts.max),
                    .yen(amounts.outlierThreshold), .count(category.outliers.count),
                ]
            },
            items: footprint.categories
        )
    }

    var prefectureListing: Listing {
        Listing(
            columns: [.left(Heading.prefecture), .right(Heading.municipalities), .right(Heading.contracts)],
            rows: footprint.prefectures.map { prefecture in
                [
                    Listing.Cell("\(prefecture.prefecture) (\(prefecture.prefectureCode))"),
                    .count(prefecture.municipalities), .count(prefecture.contracts),
                ]
            },
            items: footprint.prefectures
        )
    }

    /// The outliers, each marked `outlier`.
    func outlierListing(_ outliers: [Components.Schemas.FootprintContract]) -> Listing {
        Listing(
            columns: [
                .right(Heading.contract), .left(Heading.municipality), .left(Heading.category), .right(Heading.annual),
                .left(Heading.flag),
            ],
            rows: outliers.map { contract in
                [
                    Listing.Cell("#\(contract.contractId)"), Listing.Cell(PeerText.municipality(contract.municipality)),
                    categories.cell(contract.categoryCode), .yen(contract.taxIncludedAnnualAmount),
                    Listing.Cell(ReportText.outlier.local, plain: "outlier"),
                ]
            },
            items: outliers
        )
    }

    /// The member's own contracts with where each falls in its category; a FLAG column marks
    /// those above their category's threshold, when there are any.
    func ownListing(_ own: [Components.Schemas.FootprintContract]) -> Listing {
        let thresholds = Dictionary(
            footprint.categories.map { ($0.categoryCode, $0.amounts.outlierThreshold) }, uniquingKeysWith: { $1 })
        let isOutlier = { (contract: Components.Schemas.FootprintContract) in
            thresholds[contract.categoryCode].map { contract.taxIncludedAnnualAmount > $0 } ?? false
        }
        let flagged = own.contains(where: isOutlier)
        return Listing(
            columns: [
                .right(Heading.contract), .left(Heading.category), .right(Heading.annual), .left(Heading.whereItFalls),
            ]
                + (flagged ? [.left(Heading.flag)] : []),
            rows: own.map { contract in
                [
                    Listing.Cell("#\(contract.contractId)"), categories.cell(contract.categoryCode),
                    .yen(contract.taxIncludedAnnualAmount), Listing.Cell(PeerText.percentile(contract.percentile)),
                ]
                    + (flagged
                        ? [isOutlier(contract) ? Listing.Cell(ReportText.outlier.local, plain: "outlier") : ""] : [])
            },
            items: own
        )
    }
}

extension PeerText {
    /// `at or above 30% of the category's contracts`: the API's percentile is the share of the
    /// category's contracts whose amount is at or below this one (rounded down), which "72nd
    /// percentile" would blur.
    static func percentile(_ percent: Int32) -> String {
        ReportText.percentile(percent).local
    }
}
