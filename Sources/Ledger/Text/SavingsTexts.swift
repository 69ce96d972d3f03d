/// What the savings ledger says.
extension SavingsError {
    public var message: Bilingual {
        switch self {
        case .caseNotFound(let id): LedgerText.unknownCase(id)
        case .entryNotFound(let id): Bilingual(ja: "削減記録 \(id) はありません", en: "there is no savings entry \(id)")
        case .forbidden(let detail): detail
        case .conflict(_, let detail): detail
        case .invalid(_, let fields):
            Bilingual.list(fields.map { .verbatim("\($0.field): ") + $0.message }, ja: "。", en: "; ")
        case .idempotencyKeyReused(let key):
            Bilingual(
                ja: "冪等キー '\(key)' はほかの依頼に使われました。新しい記録には新しいキーを使ってください",
                en: "the idempotency key '\(key)' was used for another request; use a new key for a new entry")
        }
    }
}

extension LedgerText {
    static let effectiveDateYears = Bilingual(
        ja: "1989〜2200年度の日付を書いてください", en: "a date in fiscal years 1989 to 2200")

    static func notItsFiscalYear(_ date: BusinessDate, fiscalYear: Int32) -> Bilingual {
        Bilingual(
            ja: "\(date) は \(date.fiscalYear)年度（4月〜3月）です。\(fiscalYear)年度ではありません",
            en: "\(date) is in fiscal year \(date.fiscalYear) (April to March), not \(fiscalYear)")
    }

    static func caseNotAgreed(_ caseID: Int64, status: CaseStatus?) -> Bilingual {
        if let status {
            Bilingual(
                ja: "案件 \(caseID) は「\(status.word.japanese)」です。削減額を記録できるのは合意した（または終了した）案件だけです",
                en: "case \(caseID) is \(status.word.english): savings are recorded for an agreed (or closed) case only"
            )
        } else {
            Bilingual(
                ja: "案件 \(caseID) は合意していません。削減額を記録できるのは合意した（または終了した）案件だけです",
                en: "case \(caseID) is not agreed: savings are recorded for an agreed (or closed) case only")
        }
    }

    static func wasNotParticipant(_ name: String, _ code: String, caseID: Int64) -> Bilingual {
        Bilingual(
            ja: "\(name)（\(code)）は案件 \(caseID) の参加自治体ではありませんでした",
            en: "\(name) (\(code)) was not an active participant of case \(caseID)")
    }

    static func noAgreementFor(_ name: String, caseID: Int64) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) には\(name)の合意がありません。合意なしで終了しました",
            en: "case \(caseID) has no agreement for \(name): it closed without one")
    }

    static func entryExists(_ name: String, existing: Int64, caseID: Int64, fiscalYear: Int32) -> Bilingual {
        Bilingual(
            ja: "\(name)には案件 \(caseID) の\(fiscalYear)年度の記録 \(existing) がすでにあります。直すには取り消してから正しい額を記録してください",
            en:
                "\(name) already has entry \(existing) for case \(caseID) in fiscal year \(fiscalYear); to correct it, reverse it and record the right figure"
        )
    }

    static func outsideAgreement(_ year: Int32, first: Int32, last: Int32, caseID: Int64) -> Bilingual {
        Bilingual(
            ja: "\(year)年度は案件 \(caseID) の合意の対象（\(first)〜\(last)年度）に入っていません",
            en: "fiscal year \(year) is outside the agreement of case \(caseID) (FY\(first)–FY\(last))")
    }

    static let reversalReason = Bilingual(
        ja: "取り消す理由を1〜2,000文字で書いてください", en: "why the entry is reversed (1 to 2,000 characters)")

    static func reversalOfReversal(_ entryID: Int64, original: Int64) -> Bilingual {
        Bilingual(
            ja: "記録 \(entryID) は取消（記録 \(original) の）です。取消は取り消せません。正しい額を新しい記録として記録してください",
            en:
                "entry \(entryID) is a reversal (of entry \(original)); a reversal cannot be reversed: record the right figure as a new entry"
        )
    }

    static func alreadyReversed(_ entryID: Int64, by reversal: Int64) -> Bilingual {
        Bilingual(
            ja: "記録 \(entryID) は記録 \(reversal) ですでに取り消されています",
            en: "entry \(entryID) was already reversed by entry \(reversal)")
    }

    static let entryAlreadyReversed = Bilingual(
        ja: "この記録はすでに取り消されています", en: "the entry was already reversed")

    static func savingsNotTheirs(own: MunicipalityCode, lead: String, caseID: Int64) -> Bilingual {
        Bilingual(
            ja: "あなたは \(own) の担当です。記録できるのは \(own) の削減額だけです（案件 \(caseID) の幹事なら別です。幹事は \(lead)）",
            en:
                "you act for \(own): you record savings of \(own) only, unless you lead case \(caseID) (its lead is \(lead))"
        )
    }
}

extension LedgerText {
    static let differenceNeedsReason = Bilingual(
        ja: "合意と異なる額を記録するときは、異なる理由を1〜2,000文字で書いてください",
        en: "say why the figures differ from the agreement (1 to 2,000 characters)")

    static let reasonOnlyForDifference = Bilingual(
        ja: "理由は合意と異なる額を記録するとき（differsFromAgreement）だけ書きます",
        en: "a reason is stated only for figures that differ from the agreement (differsFromAgreement)")

    /// The agreement an entry's figures do not match: its annual amount, and the baseline the
    /// participant stated, if it stated one.
    static func differsFromAgreement(
        _ name: String, caseID: Int64, annual: Int64, taxIncluded: Bool, baseline: Int64?, baselineTaxIncluded: Bool?
    ) -> Bilingual {
        let agreed = Bilingual.verbatim(formatYen(annual) + " ") + taxIncluded.taxWord
        guard let baseline else {
            return Bilingual(
                ja: "案件 \(caseID) の\(name)の合意は年額 \(agreed.japanese) です。この額で記録するか、異なる理由を添えてください",
                en:
                    "the agreement of case \(caseID) for \(name) is \(agreed.english) a year: record that figure, or state why the entry differs"
            )
        }
        let stated = Bilingual.verbatim(formatYen(baseline) + " ") + (baselineTaxIncluded ?? taxIncluded).taxWord
        return Bilingual(
            ja: "案件 \(caseID) の\(name)の合意は年額 \(agreed.japanese)、基準額 \(stated.japanese) です。この額で記録するか、異なる理由を添えてください",
            en:
                "the agreement of case \(caseID) for \(name) is \(agreed.english) a year against a baseline of \(stated.english): record those figures, or state why the entry differs"
        )
    }
}
