import Ledger
import ProcurementClient

/// How `procure peers` prints a peer report: per vendor, a heading with what the municipality
/// pays it, its own contracts, and an aligned table of the peers with the price comparison; CSV
/// has one row per peer; JSON is the API's document.
struct PeerReportOutput: Sendable {
    let report: Components.Schemas.PeerReport
    /// The filters the report was asked with (`category reservation_system`), named when nothing
    /// matched so an empty answer is not mistaken for an empty register.
    var filters: [Bilingual] = []
    /// How the table names categories (the CSV and JSON keep the codes).
    var categories = CategoryNames()

    func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: renderText()
        case .csv: try csvListing.renderCSV()
        case .xlsx: try csvListing.renderWorkbook()
        case .json: try OutputEncoding.json(report)
        }
    }

    /// The blocks of every vendor, then the footer that says what the amounts are.
    func renderText() -> String {
        var lines = [
            ReportText.peersHeading(PeerText.municipality(report.municipality), asOf: "\(report.asOf)").local, "",
        ]
        if report.vendors.isEmpty {
            lines.append(
                ReportText.noCurrentContracts(report.municipality.name, filters: PeerText.filterNote(filters)).local)
        } else {
            for vendor in report.vendors {
                lines.append(contentsOf: block(vendor))
                lines.append("")
            }
            lines.append(contentsOf: PeerText.amountsFootnote)
            lines.append(ReportText.differenceNote(report.municipality.name).local)
        }
        return PeerText.text(lines)
    }

    /// One vendor: heading, own contracts, peers.
    func block(_ entry: Components.Schemas.PeerVendor) -> [String] {
        var peers = ReportText.peers(Int(entry.peerCount))
        if entry.peers.count < Int(entry.peerCount) {
            peers = peers + ReportText.showing(entry.peers.count)
        }
        let heading = ReportText.vendorHeading(
            ContractText.vendor(entry.vendor), name: report.municipality.name, pays: formatYen(entry.ownAnnualAmount),
            peers: peers)
        var lines = [heading.local]
        for contract in entry.ownContracts {
            lines.append("  " + PeerText.contractLine(contract, categories: categories))
        }
        if entry.peers.isEmpty {
            lines.append(
                "  " + ReportText.noOtherMunicipality(entry.vendor.name, filters: PeerText.filterNote(filters)).local)
        } else {
            lines.append("")
            lines.append(contentsOf: PeerText.indented(peerListing(entry).renderTable()))
        }
        return lines
    }

    /// The peers of one vendor as a table.
    func peerListing(_ entry: Components.Schemas.PeerVendor) -> Listing {
        Listing(
            columns: [
                .left(Heading.match), .left(Heading.municipality), .left(Heading.category), .left(Heading.product),
                .right(Heading.peerAnnual),
                .right(Heading.ownAnnual), .right(Heading.difference), .left(Heading.ends),
            ],
            rows: entry.peers.map { peer in
                [
                    Listing.Cell(peer.match.word.local, plain: peer.match.rawValue),
                    Listing.Cell(PeerText.municipality(peer.municipality)),
                    Listing.Cell(peer.categories.map(categories.name).joined(separator: ", ")),
                    Listing.Cell(peer.products.joined(separator: ", ")),
                    .yen(peer.comparison?.peerAnnualAmount ?? peer.annualAmount),
                    peer.comparison.map { .yen($0.ownAnnualAmount) } ?? Listing.Cell(PeerText.none),
                    Listing.Cell(peer.comparison.map(PeerText.difference) ?? PeerText.none),
                    Listing.Cell(peer.earliestEndDate),
                ]
            },
            items: entry.peers
        )
    }

    /// One row per peer, every vendor's peers in turn.
    var csvListing: Listing {
        Listing(
            columns: [
                "vendor_id", "vendor", "peer_code", "prefecture", "peer", "match", "peer_annual_tax_included",
                "own_annual_tax_included", "difference_yen", "difference_percent", "earliest_end_date",
                "contract_count",
            ].map { Listing.Column($0) },
            rows: report.vendors.flatMap { entry in
                entry.peers.map { peer -> [Listing.Cell] in
                    let comparison = peer.comparison
                    return [
                        Listing.Cell(entry.vendor.id),
                        Listing.Cell(entry.vendor.name),
                        Listing.Cell(peer.municipality.code),
                        Listing.Cell(peer.municipality.prefecture),
                        Listing.Cell(peer.municipality.name),
                        Listing.Cell(peer.match.rawValue),
                        .yen(comparison?.peerAnnualAmount ?? peer.annualAmount),
                        Listing.Cell(comparison.map { String($0.ownAnnualAmount) } ?? ""),
                        Listing.Cell(comparison.map { String($0.differenceYen) } ?? ""),
                        Listing.Cell(comparison?.differencePercent.map(PeerText.plainPercent) ?? ""),
                        Listing.Cell(peer.earliestEndDate),
                        .count(peer.contractCount),
                    ]
                }
            },
            items: report
        )
    }
}

/// The wording the peer, footprint and renewal reports share.
enum PeerText {
    /// Under every report with amounts: what the amounts are, so nobody compares a tax-excluded
    /// price with a tax-included one.
    static var amountsFootnote: [String] { ReportText.amountsFootnote.map(\.local) }

    /// What a table shows where there is nothing to compare.
    static let none = "—"

    /// `岐阜県羽島市 (212091)`.
    static func municipality(_ municipality: Components.Schemas.MunicipalitySummary) -> String {
        "\(municipality.prefecture)\(municipality.name) (\(municipality.code))"
    }

    /// `+¥55,000 (+5.00%)`: peer − own, signed; the percentage is left out when the own amount is
    /// ¥0 and the API gives none.
    static func difference(_ comparison: Components.Schemas.PriceComparison) -> String {
        let yen = signedYen(comparison.differenceYen)
        guard let percent = comparison.differencePercent else { return yen }
        return "\(yen) (\(signedPercent(percent, sign: comparison.differenceYen)))"
    }

    /// `+¥55,000`, `-¥55,000`, `¥0`.
    static func signedYen(_ amount: Int64) -> String {
        amount > 0 ? "+" + formatYen(amount) : formatYen(amount)
    }

    /// `+5.00%`, `-12.34%`, `0.00%`; the sign follows the yen difference, so a difference too
    /// small to show in hundredths of a percent still says which way it goes.
    static func signedPercent(_ percent: Double, sign: Int64) -> String {
        let hundredths = Self.hundredths(percent).magnitude
        let prefix = sign > 0 ? "+" : sign < 0 ? "-" : ""
        return prefix + decimal(hundredths) + "%"
    }

    /// `5.00`, `-12.34`: the percentage for a spreadsheet.
    static func plainPercent(_ percent: Double) -> String {
        let hundredths = Self.hundredths(percent)
        return (hundredths < 0 ? "-" : "") + decimal(hundredths.magnitude)
    }

    /// The API rounds percentages to 0.01; as whole hundredths they print without a
    /// locale-dependent number formatter and without binary-fraction noise.
    private static func hundredths(_ percent: Double) -> Int64 {
        let scaled = (percent * 100).rounded()
        guard scaled.isFinite, scaled.magnitude < 9e18 else { return percent < 0 ? Int64.min + 1 : Int64.max }
        return Int64(scaled)
    }

    private static func decimal(_ hundredths: UInt64) -> String {
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// `予約システム運用 (#12)`.
    static func contractReference(_ contract: Components.Schemas.PeerContract) -> String {
        "\(contract.title) (#\(contract.id))"
    }

    /// `予約システム運用 (#12) [予約システム, サンプル予約]: ¥1,100,000 a year (¥1,000,000 税抜),
    /// 2020-04-01 – 2025-03-31`: a tax-excluded contract shows its own amount beside the converted one.
    static func contractLine(_ contract: Components.Schemas.PeerContract, categories: CategoryNames) -> String {
        let what = [categories.name(contract.categoryCode)] + (contract.product.map { [$0] } ?? [])
        return ReportText.contractLine(
            reference: contractReference(contract), what: what.joined(separator: ", "),
            amount: formatYen(contract.taxIncludedAnnualAmount),
            excluded: contract.taxIncluded ? nil : formatYen(contract.annualAmount),
            term: "\(contract.startDate) – \(contract.endDate)"
        ).local
    }

    /// ` (category reservation_system, vendor #3)` or nothing.
    static func filterNote(_ filters: [Bilingual]) -> String {
        filters.isEmpty ? "" : " (\(Bilingual.list(filters, ja: "、", en: ", ").local))"
    }

    /// `lines` as printed text: each on one line (a name with a line break or an escape sequence
    /// cannot break the layout), each ending with a line break.
    static func text(_ lines: [String]) -> String {
        lines.map { OutputEncoding.singleLine($0) + "\n" }.joined()
    }

    /// The lines of a rendered table, each indented by two spaces.
    static func indented(_ table: String) -> [String] {
        table.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "  " + $0 }
    }
}
