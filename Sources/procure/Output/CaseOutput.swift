import Foundation
import ProcurementClient

/// How negotiation cases read on a terminal.
enum CaseText {
    /// One case as `show` and every changing command print it: its fields, a blank line, then its
    /// participants as a table. `--output csv` gives one row per participant; json, the case.
    static func render(_ negotiation: Components.Schemas.Case, _ format: OutputFormat) throws -> String {
        switch format {
        case .table: detail(negotiation).renderText() + "\n" + participants(negotiation).renderTable()
        case .csv: try participants(negotiation).renderCSV()
        case .json: try OutputEncoding.json(negotiation)
        }
    }

    static func detail(_ negotiation: Components.Schemas.Case) -> RecordDetail {
        let vendor =
            negotiation.vendor.name + " (#\(negotiation.vendor.id)"
            + (negotiation.vendor.corporateNumber.map { ", 法人番号 \($0)" } ?? "") + ")"
        let target =
            negotiation.targetReductionPercent.map { "\($0)% reduction" }
            ?? negotiation.targetReductionYen.map { "\(formatYen($0)) a year less" } ?? ""
        let active = negotiation.participants.filter { $0.status == .active }.count
        var fields: [RecordDetail.Field] = [
            .init("case", "\(negotiation.id)"),
            .init("title", "\(negotiation.title)"),
            .init("status", "\(negotiation.status.rawValue)"),
            .init("lead", "\(ContractText.municipality(negotiation.lead)) (\(negotiation.lead.code))"),
            .init("vendor", "\(vendor)"),
            .init("category", "\(negotiation.categoryCode)"),
            .init("product", "\(negotiation.product ?? "")"),
            .init("target", "\(target)"),
            .init("deadline", "\(negotiation.responseDeadline ?? "")"),
            .init("participants", "\(active) active of \(negotiation.participants.count)"),
            .init("description", "\(negotiation.description ?? "")"),
        ]
        if let agreement = negotiation.agreement {
            fields.append(.init("agreement", "\(agreementText(agreement, negotiation: negotiation))"))
        }
        fields.append(.init("version", "\(negotiation.version)"))
        return RecordDetail(fields: fields, item: negotiation)
    }

    /// The participants: the lead first, each with its status, since when, its baseline and, once
    /// agreed, its agreed amount.
    static func participants(_ negotiation: Components.Schemas.Case) -> Listing {
        Listing(
            columns: [
                .left("MUNICIPALITY"), .left("CODE"), .left("ROLE"), .left("STATUS"), .left("SINCE (JST)"),
                .right("BASELINE"), .left("CONTRACT"), .right("AGREED"),
            ],
            rows: negotiation.participants.map { participant -> [Listing.Cell] in
                let agreed = negotiation.agreement?.amounts.first {
                    $0.municipalityCode == participant.municipality.code
                }
                return [
                    Listing.Cell(ContractText.municipality(participant.municipality)),
                    Listing.Cell(participant.municipality.code),
                    Listing.Cell(participant.lead ? "lead" : "participant"),
                    Listing.Cell(participant.status.rawValue),
                    Listing.Cell(japanTime(participant.statusChangedAt), plain: isoTime(participant.statusChangedAt)),
                    participant.baseline.map {
                        Listing.Cell(
                            ContractText.amount($0.annualAmount, taxIncluded: $0.taxIncluded),
                            plain: String($0.annualAmount))
                    } ?? "",
                    Listing.Cell(
                        participant.baseline?.contractId.map { "#\($0)" } ?? "",
                        plain: participant.baseline?.contractId ?? ""),
                    agreed.map {
                        Listing.Cell(
                            ContractText.amount($0.annualAmount, taxIncluded: $0.taxIncluded),
                            plain: String($0.annualAmount))
                    } ?? "",
                ]
            },
            items: negotiation.participants
        )
    }

    /// `procure cases list`.
    static func listing(_ cases: [Components.Schemas.Case]) -> Listing {
        Listing(
            columns: [
                .right("ID"), .left("STATUS"), .left("LEAD"), .left("VENDOR"), .left("CATEGORY"), .left("TITLE"),
                .right("ACTIVE"), .left("DEADLINE"),
            ],
            rows: cases.map { negotiation -> [Listing.Cell] in
                [
                    Listing.Cell(negotiation.id),
                    Listing.Cell(negotiation.status.rawValue),
                    Listing.Cell(ContractText.municipality(negotiation.lead)),
                    Listing.Cell(negotiation.vendor.name),
                    Listing.Cell(negotiation.categoryCode),
                    Listing.Cell(negotiation.title),
                    .count(negotiation.participants.filter { $0.status == .active }.count),
                    Listing.Cell(negotiation.responseDeadline ?? ""),
                ]
            },
            items: cases
        )
    }

    /// `procure cases timeline`: one row per entry, who did what and when.
    /// `negotiation`, when given, names the municipalities of an agreement entry.
    static func timeline(
        _ entries: [Components.Schemas.CaseTimelineEntry], of negotiation: Components.Schemas.Case? = nil
    ) -> Listing {
        Listing(
            columns: [.right("ID"), .left("WHEN (JST)"), .left("WHO"), .left("WHAT"), .left("DETAIL")],
            rows: entries.map { entry -> [Listing.Cell] in
                let who =
                    entry.author.name
                    + (entry.author.municipality.map { " (\(ContractText.municipality($0)))" } ?? " (admin)")
                return [
                    Listing.Cell(entry.id),
                    Listing.Cell(japanTime(entry.createdAt), plain: isoTime(entry.createdAt)),
                    Listing.Cell(who),
                    Listing.Cell(entry.kind.rawValue),
                    Listing.Cell(detail(of: entry, negotiation: negotiation)),
                ]
            },
            items: entries
        )
    }

    /// What an entry says, in one line.
    static func detail(
        of entry: Components.Schemas.CaseTimelineEntry, negotiation: Components.Schemas.Case? = nil
    ) -> String {
        let remark = entry.text.map { ": \($0)" } ?? ""
        switch entry.kind {
        case .opened:
            return "opened\(remark)"
        case .updated:
            return entry.text ?? "details changed"
        case .statusChanged:
            return "\(entry.fromStatus ?? "") → \(entry.toStatus ?? "")\(remark)"
        case .participantChanged:
            let name = entry.municipality.map(ContractText.municipality) ?? ""
            return "\(name) \(entry.fromStatus ?? "none") → \(entry.toStatus ?? "")"
        case .note, .minutes:
            let scope = entry.participantsOnly ? "[participants only] " : ""
            return scope + (entry.hidden ? "(text visible to the case's participants only)" : entry.text ?? "")
        case .offer:
            guard let offer = entry.offer else { return remark }
            let whom = entry.municipality.map { "for \(ContractText.municipality($0))" } ?? "for the group"
            let validity = offer.validUntil.map { ", valid until \($0)" } ?? ""
            return "\(ContractText.amount(offer.amount, taxIncluded: offer.taxIncluded)) a year \(whom), "
                + "offered \(offer.offeredOn)\(validity)\(remark)"
        case .agreement:
            guard let agreement = entry.agreement else { return "agreed" }
            return agreementText(agreement, negotiation: negotiation)
        }
    }

    static func agreementText(
        _ agreement: Components.Schemas.CaseAgreement, negotiation: Components.Schemas.Case?
    ) -> String {
        let years =
            agreement.firstFiscalYear == agreement.lastFiscalYear
            ? "FY\(agreement.firstFiscalYear)" : "FY\(agreement.firstFiscalYear)–FY\(agreement.lastFiscalYear)"
        let amounts = agreement.amounts.map { amount in
            let name =
                negotiation?.participants.first { $0.municipality.code == amount.municipalityCode }?.municipality.name
                ?? amount.municipalityCode
            return "\(name) \(ContractText.amount(amount.annualAmount, taxIncluded: amount.taxIncluded))"
        }
        return "\(years): " + amounts.joined(separator: ", ")
    }

    /// `2026-11-26 21:05` in Japan time: the users' own clock.
    static func japanTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600) ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    /// RFC 3339 UTC, for CSV.
    static func isoTime(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
