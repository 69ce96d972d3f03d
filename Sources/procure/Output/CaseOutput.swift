import Foundation
import Ledger
import ProcurementClient

/// How negotiation cases read on a terminal.
enum CaseText {
    /// One case as `show` and every changing command print it: its fields, a blank line, then its
    /// participants as a table. `--output csv` gives one row per participant; json, the case.
    static func render(
        _ negotiation: Components.Schemas.Case, _ format: OutputFormat, api: APIClient
    ) async throws -> String {
        switch format {
        case .table:
            detail(negotiation, categories: try await CategoryNames.shown(in: format, api: api)).renderText() + "\n"
                + participants(negotiation).renderTable()
        case .csv: try participants(negotiation).renderCSV()
        case .xlsx: try participants(negotiation).renderWorkbook()
        case .json: try OutputEncoding.json(negotiation)
        }
    }

    static func detail(_ negotiation: Components.Schemas.Case, categories: CategoryNames) -> RecordDetail {
        let vendor = ContractText.vendor(negotiation.vendor)
        let target =
            negotiation.targetReductionPercent.map { CLIWords.targetPercent($0).local }
            ?? negotiation.targetReductionYen.map { CLIWords.targetYen(formatYen($0)).local } ?? ""
        let active = negotiation.participants.filter { $0.status == .active }.count
        var fields: [RecordDetail.Field] = [
            .init(Label.caseLabel, "\(negotiation.id)"),
            .init(Label.title, "\(negotiation.title)"),
            .init(Label.status, Listing.Cell(negotiation.status.word.local, plain: negotiation.status.rawValue)),
            .init(Label.lead, "\(ContractText.municipality(negotiation.lead)) (\(negotiation.lead.code))"),
            .init(Label.vendor, "\(vendor)"),
            .init(Label.category, categories.cell(negotiation.categoryCode)),
            .init(Label.product, "\(negotiation.product ?? "")"),
            .init(Label.target, "\(target)"),
            .init(Label.deadline, "\(negotiation.responseDeadline ?? "")"),
            .init(
                Label.participants, "\(CLIWords.participantsActive(active, of: negotiation.participants.count).local)"),
            .init(Label.description, "\(negotiation.description ?? "")"),
        ]
        if let agreement = negotiation.agreement {
            fields.append(.init(Label.agreement, "\(agreementText(agreement, negotiation: negotiation))"))
        }
        fields.append(.init(Label.version, "\(negotiation.version)"))
        return RecordDetail(fields: fields, item: negotiation)
    }

    /// The participants: the lead first, each with its status, since when, its baseline and, once
    /// agreed, its agreed amount.
    static func participants(_ negotiation: Components.Schemas.Case) -> Listing {
        Listing(
            columns: [
                .left(Heading.municipality), .left(Heading.code), .left(Heading.role), .left(Heading.status),
                .left(Heading.sinceJST),
                .right(Heading.baseline), .left(Heading.contract), .right(Heading.agreed),
            ],
            rows: negotiation.participants.map { participant -> [Listing.Cell] in
                let agreed = negotiation.agreement?.amounts.first {
                    $0.municipalityCode == participant.municipality.code
                }
                return [
                    Listing.Cell(ContractText.municipality(participant.municipality)),
                    Listing.Cell(participant.municipality.code),
                    Listing.Cell(
                        LedgerText.casePart(lead: participant.lead).local,
                        plain: participant.lead ? "lead" : "participant"),
                    Listing.Cell(participant.status.word.local, plain: participant.status.rawValue),
                    Listing.Cell(japanTime(participant.statusChangedAt), plain: isoTime(participant.statusChangedAt)),
                    participant.baseline.map {
                        Listing.Cell.yen(
                            $0.annualAmount, text: ContractText.amount($0.annualAmount, taxIncluded: $0.taxIncluded))
                    } ?? "",
                    Listing.Cell(
                        participant.baseline?.contractId.map { "#\($0)" } ?? "",
                        plain: participant.baseline?.contractId ?? ""),
                    agreed.map {
                        Listing.Cell.yen(
                            $0.annualAmount, text: ContractText.amount($0.annualAmount, taxIncluded: $0.taxIncluded))
                    } ?? "",
                ]
            },
            items: negotiation.participants
        )
    }

    /// `procure cases list`; with `standingOf`, a column with that municipality's own status in
    /// each case (an invitation it must answer shows as invited).
    static func listing(
        _ cases: [Components.Schemas.Case], categories: CategoryNames, standingOf own: String? = nil
    ) -> Listing {
        Listing(
            columns: [
                .right(Heading.id), .left(Heading.status), .left(Heading.lead), .left(Heading.vendor),
                .left(Heading.category), .left(Heading.title),
                .right(Heading.active), .left(Heading.deadline),
            ] + (own == nil ? [] : [.left(Heading.yourStatus)]),
            rows: cases.map { negotiation -> [Listing.Cell] in
                var row = [
                    Listing.Cell(negotiation.id),
                    Listing.Cell(negotiation.status.word.local, plain: negotiation.status.rawValue),
                    Listing.Cell(ContractText.municipality(negotiation.lead)),
                    Listing.Cell(negotiation.vendor.name),
                    categories.cell(negotiation.categoryCode),
                    Listing.Cell(negotiation.title),
                    .count(negotiation.participants.filter { $0.status == .active }.count),
                    Listing.Cell(negotiation.responseDeadline ?? ""),
                ]
                if let own {
                    let standing = negotiation.participants.first { $0.municipality.code == own }
                    row.append(
                        standing.map { Listing.Cell($0.status.word.local, plain: $0.status.rawValue) } ?? "")
                }
                return row
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
            columns: [
                .right(Heading.id), .left(Heading.whenJST), .left(Heading.who), .left(Heading.what),
                .left(Heading.detail),
            ],
            rows: entries.map { entry -> [Listing.Cell] in
                let who =
                    entry.author.name
                    + (entry.author.municipality.map { " (\(ContractText.municipality($0)))" } ?? CLIWords.admin.local)
                return [
                    Listing.Cell(entry.id),
                    Listing.Cell(japanTime(entry.createdAt), plain: isoTime(entry.createdAt)),
                    Listing.Cell(who),
                    Listing.Cell(
                        (CaseTimelineEntry.Kind(rawValue: entry.kind.rawValue)?.word ?? .verbatim(entry.kind.rawValue))
                            .local,
                        plain: entry.kind.rawValue),
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
            return CLIWords.opened.local + remark
        case .updated:
            guard let changes = entry.changes, !changes.isEmpty else {
                return entry.text ?? CLIWords.detailsChanged.local
            }
            return changes.map(changeText).joined(separator: "; ")
        case .statusChanged:
            return "\(caseStatus(entry.fromStatus)) → \(caseStatus(entry.toStatus))\(remark)"
        case .participantChanged:
            let name = entry.municipality.map(ContractText.municipality) ?? ""
            let from = entry.fromStatus.map(participantStatus) ?? CLIWords.nothing.local
            if entry.fromStatus == entry.toStatus, let text = entry.text {
                // An active participant restated its baseline (`¥1100000` on the timeline).
                let amount = text.hasPrefix("¥") ? Int64(text.dropFirst()).map(formatYen) ?? text : text
                return CLIWords.baselineRestated(name, amount).local
            }
            return "\(name) \(from) → \(participantStatus(entry.toStatus))"
        case .note, .minutes:
            let scope = entry.participantsOnly ? CLIWords.participantsOnly.local : ""
            return scope + (entry.hidden ? CLIWords.hiddenText.local : entry.text ?? "")
        case .offer:
            guard let offer = entry.offer else { return remark }
            let whom =
                entry.municipality.map { CLIWords.offerFor(ContractText.municipality($0)) } ?? CLIWords.offerForGroup
            let validity = offer.validUntil.map { CLIWords.validUntil("\($0)") } ?? .verbatim("")
            let amount = ContractText.amount(offer.amount, taxIncluded: offer.taxIncluded)
            return CLIWords.offer(amount: amount, whom: whom, offeredOn: "\(offer.offeredOn)", validity: validity).local
                + remark
        case .agreement:
            guard let agreement = entry.agreement else { return CLIWords.agreedWord.local }
            return agreementText(agreement, negotiation: negotiation)
        }
    }

    /// One changed field of a case's details in the run's language: `件名: A → B`,
    /// `削減目標: 10% → 年 ¥500,000`, `説明を変更`.
    static func changeText(_ change: Components.Schemas.CaseDetailChange) -> String {
        let label: Bilingual
        switch change.field {
        case .title: label = Label.title
        case .product: label = Label.product
        case .target: label = Label.target
        case .deadline: label = Label.deadline
        case .description: return CLIWords.descriptionChanged.local
        }
        func value(_ text: String?) -> String {
            guard let text else { return CLIWords.nothing.local }
            if change.field == .target, text.hasPrefix("¥"), let yen = Int64(text.dropFirst()) {
                return CLIWords.yenAYear(formatYen(yen)).local
            }
            return text
        }
        return "\(label.local): \(value(change.before)) → \(value(change.after))"
    }

    static func agreementText(
        _ agreement: Components.Schemas.CaseAgreement, negotiation: Components.Schemas.Case?
    ) -> String {
        let years = CLIWords.fiscalYears(agreement.firstFiscalYear, agreement.lastFiscalYear).local
        let amounts = agreement.amounts.map { amount in
            let name =
                negotiation?.participants.first { $0.municipality.code == amount.municipalityCode }?.municipality.name
                ?? amount.municipalityCode
            return "\(name) \(ContractText.amount(amount.annualAmount, taxIncluded: amount.taxIncluded))"
        }
        return "\(years): " + amounts.joined(separator: ", ")
    }

    /// A case status as sent in a timeline entry, in words.
    static func caseStatus(_ code: String?) -> String {
        guard let code else { return "" }
        return (CaseStatus(rawValue: code)?.word ?? .verbatim(code)).local
    }

    /// A participant status as sent in a timeline entry, in words.
    static func participantStatus(_ code: String?) -> String {
        guard let code else { return "" }
        return (ParticipantStatus(rawValue: code)?.word ?? .verbatim(code)).local
    }

    /// RFC 3339 UTC, for CSV.
    static func isoTime(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
