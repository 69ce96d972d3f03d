import ProcurementClient

/// How `procure vendors footprint` prints a vendor's footprint: a summary line, the price
/// distribution by category, the outliers, the prefectures, and (for a member) where its own
/// contracts fall; CSV has one row per category; JSON is the API's document, outliers included.
struct FootprintOutput: Sendable {
    let footprint: Components.Schemas.VendorFootprint

    func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: renderText()
        case .csv: try categoryListing(titles: Self.csvTitles).renderCSV()
        case .json: try OutputEncoding.json(footprint)
        }
    }

    func renderText() -> String {
        var lines = [
            "\(PeerText.vendor(footprint.vendor)) as of \(footprint.asOf): "
                + "\(PeerText.count(Int(footprint.contracts), "current contract")) with "
                + "\(PeerText.count(Int(footprint.municipalities), "municipality", plural: "municipalities"))"
        ]
        guard !footprint.categories.isEmpty else {
            return PeerText.text(lines)
        }

        lines.append("")
        lines.append("By category (annual amounts with tax; outliers are above p75 + 1.5 × (p75 − p25)):")
        lines.append(contentsOf: PeerText.indented(categoryListing(titles: Self.tableTitles).renderTable()))

        let outliers = footprint.categories.flatMap(\.outliers)
        lines.append("")
        if outliers.isEmpty {
            lines.append("No outliers.")
        } else {
            lines.append("Outliers:")
            lines.append(contentsOf: PeerText.indented(outlierListing(outliers).renderTable()))
        }

        lines.append("")
        lines.append("By prefecture:")
        lines.append(contentsOf: PeerText.indented(prefectureListing.renderTable()))

        if let own = footprint.own {
            lines.append("")
            if let first = own.first {
                lines.append("Contracts of \(PeerText.municipality(first.municipality)):")
                lines.append(contentsOf: PeerText.indented(ownListing(own).renderTable()))
            } else {
                lines.append("Your municipality has no current contracts with \(footprint.vendor.name).")
            }
        }
        lines.append("")
        lines.append(contentsOf: PeerText.amountsFootnote)
        return PeerText.text(lines)
    }

    /// The category columns as a table heads them.
    static let tableTitles = [
        "CATEGORY", "CONTRACTS", "MUNICIPALITIES", "MIN", "P25", "MEDIAN", "P75", "MAX", "OUTLIER ABOVE", "OUTLIERS",
    ]

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
                    Listing.Cell(category.categoryCode), .count(amounts.count), .count(category.municipalities),
                    .yen(amounts.min), .yen(amounts.p25), .yen(amounts.median), .yen(amounts.p75), .yen(amounts.max),
                    .yen(amounts.outlierThreshold), .count(category.outliers.count),
                ]
            },
            items: footprint.categories
        )
    }

    var prefectureListing: Listing {
        Listing(
            columns: [.left("PREFECTURE"), .right("MUNICIPALITIES"), .right("CONTRACTS")],
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
            columns: [.right("CONTRACT"), .left("MUNICIPALITY"), .left("CATEGORY"), .right("ANNUAL"), .left("FLAG")],
            rows: outliers.map { contract in
                [
                    Listing.Cell("#\(contract.contractId)"), Listing.Cell(PeerText.municipality(contract.municipality)),
                    Listing.Cell(contract.categoryCode), .yen(contract.taxIncludedAnnualAmount), "outlier",
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
            columns: [.right("CONTRACT"), .left("CATEGORY"), .right("ANNUAL"), .left("WHERE IT FALLS")]
                + (flagged ? [.left("FLAG")] : []),
            rows: own.map { contract in
                [
                    Listing.Cell("#\(contract.contractId)"), Listing.Cell(contract.categoryCode),
                    .yen(contract.taxIncludedAnnualAmount), Listing.Cell(PeerText.percentile(contract.percentile)),
                ] + (flagged ? [Listing.Cell(isOutlier(contract) ? "outlier" : "")] : [])
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
        "at or above \(percent)% of the category's contracts"
    }

    /// `1 municipality`, `3 municipalities`.
    static func count(_ count: Int, _ noun: String, plural: String) -> String {
        "\(formatCount(count)) \(count == 1 ? noun : plural)"
    }
}
