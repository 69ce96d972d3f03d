import Ledger
import ProcurementClient

/// How `procure renewals` prints the renewal radar: one block per contract coming up for renewal,
/// in the API's order (combined annual spend at stake, largest first), each with the peers to
/// negotiate with; CSV has one row per (renewal, peer); JSON is the API's document.
struct RenewalReportOutput: Sendable {
    let report: Components.Schemas.RenewalReport
    /// How the text names categories (the CSV and JSON keep the codes).
    var categories = CategoryNames()

    func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: renderText()
        case .csv: try csvListing.renderCSV()
        case .xlsx: try csvListing.renderWorkbook()
        case .json: try OutputEncoding.json(report)
        }
    }

    func renderText() -> String {
        let municipality = PeerText.municipality(report.municipality)
        let within = ReportText.days(Int(report.within))
        var lines = [
            ReportText.renewalsHeading(municipality, asOf: "\(report.asOf)").local,
            ReportText.renewalsScope(within: within, months: ReportText.months(Int(report.peerWindowMonths))).local,
        ]
        guard !report.renewals.isEmpty else {
            lines.append("")
            lines.append(
                ReportText.noRenewals(report.municipality.name, within: within, asOf: "\(report.asOf)").local)
            return PeerText.text(lines)
        }
        for renewal in report.renewals {
            lines.append("")
            lines.append(contentsOf: block(renewal))
        }
        lines.append("")
        lines.append(contentsOf: PeerText.amountsFootnote)
        return PeerText.text(lines)
    }

    /// One contract due: what, with whom, when, how much is at stake, and the peers.
    func block(_ renewal: Components.Schemas.Renewal) -> [String] {
        let contract = renewal.contract
        var peers = ReportText.peers(Int(renewal.peerCount))
        if renewal.peers.count < Int(renewal.peerCount) {
            peers = peers + ReportText.showing(renewal.peers.count)
        }
        var lines = [
            PeerText.contractReference(contract),
            ReportText.vendorLine(ContractText.vendor(renewal.vendor)).local,
            ReportText.categoryLine(categories.name(contract.categoryCode), product: contract.product).local,
            ReportText.dueLine(
                "\(renewal.dueDate)", kind: Self.dueKind(renewal), left: Self.daysLeft(renewal.daysUntilDue)
            ).local,
            ReportText.ownLine(
                formatYen(contract.taxIncludedAnnualAmount),
                excluded: contract.taxIncluded ? nil : formatYen(contract.annualAmount)
            ).local,
            ReportText.atStakeLine(formatYen(renewal.combinedAnnualAmount), peers: peers).local,
        ]
        if renewal.peers.isEmpty {
            lines.append(
                ReportText.noRenewalPeers(
                    category: categories.name(contract.categoryCode), vendor: renewal.vendor.name,
                    months: ReportText.months(Int(report.peerWindowMonths)), end: "\(contract.endDate)"
                ).local)
        } else {
            lines.append("")
            lines.append(contentsOf: PeerText.indented(peerListing(renewal).renderTable()))
        }
        return lines
    }

    /// One row per peer: its contracts in the window, when they end and what they cost a year.
    func peerListing(_ renewal: Components.Schemas.Renewal) -> Listing {
        Listing(
            columns: [
                .left(Heading.municipality), .left(Heading.ends), .right(Heading.contracts), .right(Heading.annual),
            ],
            rows: renewal.peers.map { peer -> [Listing.Cell] in
                [
                    Listing.Cell(PeerText.municipality(peer.municipality)),
                    Listing.Cell(peer.endDates.joined(separator: ", ")),
                    .count(peer.contractCount),
                    .yen(peer.annualAmount),
                ]
            },
            items: renewal.peers
        )
    }

    /// One row per (renewal, peer); a renewal without peers still has its row, with the peer
    /// columns empty, so the spreadsheet lists every contract due.
    var csvListing: Listing {
        Listing(
            columns: [
                "contract_id", "title", "vendor_id", "vendor", "category", "end_date", "due_date", "days_until_due",
                "own_annual_tax_included", "combined_annual_tax_included", "peer_code", "prefecture", "peer",
                "peer_end_dates", "peer_annual_tax_included", "peer_contracts",
            ].map { Listing.Column($0) },
            rows: report.renewals.flatMap { renewal -> [[Listing.Cell]] in
                let contract = renewal.contract
                let own: [Listing.Cell] = [
                    Listing.Cell(contract.id), Listing.Cell(contract.title), Listing.Cell(renewal.vendor.id),
                    Listing.Cell(renewal.vendor.name), Listing.Cell(contract.categoryCode),
                    Listing.Cell(contract.endDate), Listing.Cell(renewal.dueDate), .count(renewal.daysUntilDue),
                    .yen(contract.taxIncludedAnnualAmount), .yen(renewal.combinedAnnualAmount),
                ]
                guard !renewal.peers.isEmpty else { return [own] }
                return renewal.peers.map { peer in
                    own + [
                        Listing.Cell(peer.municipality.code), Listing.Cell(peer.municipality.prefecture),
                        Listing.Cell(peer.municipality.name),
                        Listing.Cell(peer.endDates.joined(separator: "; ")),
                        .yen(peer.annualAmount),
                        .count(peer.contractCount),
                    ]
                }
            },
            items: report
        )
    }

    /// Which date falls due: the renewal notice date (by which the renewal must be decided) or
    /// the end of the contract.
    static func dueKind(_ renewal: Components.Schemas.Renewal) -> Bilingual {
        renewal.dueDate == renewal.contract.renewalNoticeDate && renewal.dueDate != renewal.contract.endDate
            ? ReportText.renewalNotice : ReportText.contractEnds
    }

    /// `today`, `in 1 day`, `in 120 days`.
    static func daysLeft(_ days: Int32) -> Bilingual {
        days == 0 ? ReportText.today : ReportText.inDays(ReportText.days(Int(days)))
    }
}
