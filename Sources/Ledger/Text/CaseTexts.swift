/// What joint negotiation cases say.
extension CaseError {
    public var message: Bilingual {
        switch self {
        case .notFound(let id): LedgerText.unknownCase(id)
        case .forbidden(let detail): detail
        case .versionMismatch(let id, let expected, let current):
            Bilingual(
                ja: "案件 \(id) は版 \(current) です（\(expected) ではありません）。読んだ後にほかの人が変更しました",
                en:
                    "case \(id) is at version \(current), not \(expected): it was changed by someone else since you read it"
            )
        case .invalidTransition(let from, let to, let allowed):
            allowed.isEmpty
                ? Bilingual(
                    ja: "「\(from.word.japanese)」の案件は「\(to.word.japanese)」にできません。これ以上変わりません",
                    en: "a \(from.word.english) case cannot move to \(to.word.english); it can no longer change")
                : LedgerText.transitionRefused(from: from, to: to, allowed: allowed)
        case .conflict(_, let detail): detail
        case .invalid(_, let fields):
            Bilingual.list(fields.map { .verbatim("\($0.field): ") + $0.message }, ja: "。", en: "; ")
        }
    }
}

extension LedgerText {
    public static func unknownCase(_ id: Int64) -> Bilingual {
        Bilingual(ja: "案件 \(id) はありません", en: "there is no case \(id)")
    }

    static func transitionRefused(from: CaseStatus, to: CaseStatus, allowed: [CaseStatus]) -> Bilingual {
        let moves = Bilingual.list(
            allowed.map { Bilingual(ja: "「\($0.word.japanese)」", en: "\($0.word.english)") }, ja: "、", en: ", ")
        return Bilingual(
            ja: "「\(from.word.japanese)」の案件は「\(to.word.japanese)」にできません。できるのは \(moves.japanese)",
            en: "a \(from.word.english) case cannot move to \(to.word.english); it can move to \(moves.english)")
    }

    // MARK: Who may act

    static func onlyLeadChanges(_ caseID: Int64, lead: String) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) を変更できるのは幹事の\(lead)だけです",
            en: "only the lead of case \(caseID), \(lead), may change it")
    }

    static func onlyLeadMoves(_ caseID: Int64, lead: String) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) の状況を変えられるのは幹事の\(lead)だけです",
            en: "only the lead of case \(caseID), \(lead), may move it")
    }

    static func onlyLeadRecordsOffers(_ caseID: Int64, lead: String) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) で事業者の見積を記録するのは幹事の\(lead)です",
            en: "only the lead of case \(caseID), \(lead), records the vendor's offers")
    }

    static func onlyLeadActs(_ caseID: Int64, lead: String, action: ParticipantAction) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) で自治体の\(action.verb.japanese)ことができるのは幹事の\(lead)だけです",
            en: "only the lead of case \(caseID), \(lead), may \(action.verb.english) municipalities")
    }

    static func onlyItselfActs(_ caseID: Int64, name: String, action: ParticipantAction) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) で\(name)として\(action.verb.japanese)ことができるのは\(name)だけです",
            en: "only \(name) may \(action.verb.english) for \(name) in case \(caseID)")
    }

    static func onlyParticipantsNote(_ caseID: Int64) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) にメモを書けるのは参加中の自治体だけです。先に参加を申請してください",
            en: "only the active participants of case \(caseID) may add notes; ask to join it first")
    }

    static func leadOnlyOwnCases(own: String, requested: MunicipalityCode) -> Bilingual {
        Bilingual(
            ja: "あなたは\(own)の担当です。開ける案件は\(own)が幹事のものだけです（\(requested) に開いてもらってください）",
            en: "you act for \(own): you can open a case led by \(own) only (ask \(requested) to open it)")
    }

    // MARK: Where the case stands

    static func caseNotLive(_ caseID: Int64, _ status: CaseStatus) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) は「\(status.word.japanese)」です。内容はもう変えられません",
            en: "case \(caseID) is \(status.word.english); its details can no longer change")
    }

    static func participantsFixed(_ caseID: Int64, _ status: CaseStatus) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) は「\(status.word.japanese)」です。参加自治体はもう変えられません",
            en: "case \(caseID) is \(status.word.english); its participants can no longer change")
    }

    static func caseNotOpen(_ caseID: Int64, _ status: CaseStatus) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) は「\(status.word.japanese)」です。参加の申請を受け付けるのは募集中の案件だけです",
            en: "case \(caseID) is \(status.word.english); only an open case takes requests to join")
    }

    static func noMoreOffers(_ caseID: Int64, _ status: CaseStatus) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) は「\(status.word.japanese)」です。見積はもう記録できません",
            en: "case \(caseID) is \(status.word.english); it takes no more offers")
    }

    static func leadCannotLeave(_ caseID: Int64, lead: String) -> Bilingual {
        Bilingual(
            ja: "\(lead)は案件 \(caseID) の幹事なので離脱できません。幹事は案件全体を取り下げます",
            en: "\(lead) leads case \(caseID) and cannot leave it; the lead withdraws the whole case instead")
    }

    static func leadTakesPart(_ caseID: Int64, lead: String) -> Bilingual {
        Bilingual(
            ja: "\(lead)は案件 \(caseID) の幹事で、すでに参加しています",
            en: "\(lead) leads case \(caseID); it takes part already")
    }

    static func tooFewParticipants(_ caseID: Int64, active: Int, minimum: Int) -> Bilingual {
        active == 1
            ? Bilingual(
                ja: "案件 \(caseID) の参加自治体は1団体です。共同で交渉するには\(minimum)団体以上が必要です",
                en: "case \(caseID) has 1 active participant; negotiating together needs at least \(minimum)")
            : Bilingual(
                ja: "案件 \(caseID) の参加自治体は\(active)団体です。共同で交渉するには\(minimum)団体以上が必要です",
                en: "case \(caseID) has \(active) active participants; negotiating together needs at least \(minimum)")
    }

    // MARK: Participation

    static func participantStanding(_ status: ParticipantStatus?) -> Bilingual {
        guard let status else {
            return Bilingual(ja: "招待も参加申請もされていません", en: "it has not been invited nor asked to join")
        }
        return Bilingual(ja: "現在「\(status.word.japanese)」です", en: "it is \(status.word.english)")
    }

    static func joinRefused(_ caseID: Int64, name: String) -> Bilingual {
        Bilingual(
            ja: "幹事は\(name)の案件 \(caseID) への参加申請を断りました。幹事が招待することはできます",
            en: "the lead refused \(name)'s request to join case \(caseID); it may invite it")
    }

    static func alreadyParticipant(_ caseID: Int64, name: String, standing: Bilingual) -> Bilingual {
        Bilingual(
            ja: "\(name)はすでに案件 \(caseID) にいます（\(standing.japanese)）",
            en: "\(name) is already in case \(caseID) (\(standing.english))")
    }

    static func notInvited(_ caseID: Int64, name: String, standing: Bilingual) -> Bilingual {
        Bilingual(
            ja: "\(name)への案件 \(caseID) の招待はありません（\(standing.japanese)）",
            en: "\(name) has no open invitation to case \(caseID) (\(standing.english))")
    }

    static func noRequest(_ caseID: Int64, name: String, standing: Bilingual) -> Bilingual {
        Bilingual(
            ja: "\(name)から案件 \(caseID) への、答えるべき参加申請はありません（\(standing.japanese)）",
            en: "\(name) has no request to join case \(caseID) to answer (\(standing.english))")
    }

    static func notActive(_ caseID: Int64, name: String, standing: Bilingual) -> Bilingual {
        Bilingual(
            ja: "\(name)は案件 \(caseID) にいません（\(standing.japanese)）",
            en: "\(name) is not in case \(caseID) (\(standing.english))")
    }

    static func baselineRequired(_ name: String) -> Bilingual {
        Bilingual(
            ja: "\(name)の基準額（今払っている、または見積もられた年額）を書いてください",
            en: "state \(name)'s baseline: the annual amount it pays now or was quoted")
    }

    static let annualAmount = Bilingual(ja: "0以上の円の年額を書いてください", en: "an annual amount in yen, 0 or more")

    static func noContract(_ contractID: Int64) -> Bilingual {
        Bilingual(ja: "契約 \(contractID) はありません", en: "there is no contract \(contractID)")
    }

    static func baselineOnForeignContract(_ contractID: Int64, owner: String, name: String) -> Bilingual {
        Bilingual(
            ja: "契約 \(contractID) は\(owner)の契約です。基準額は\(name)自身の契約に基づきます",
            en: "contract \(contractID) is \(owner)'s; a baseline rests on \(name)'s own contract")
    }

    static func baselineOtherVendor(_ contractID: Int64, vendor: Int64, caseVendor: Int64) -> Bilingual {
        Bilingual(
            ja: "契約 \(contractID) の事業者は \(vendor) で、案件の事業者 \(caseVendor) ではありません",
            en: "contract \(contractID) is with vendor \(vendor), not with the case's vendor \(caseVendor)")
    }

    // MARK: Opening a case

    static let adminNamesLead = Bilingual(
        ja: "管理者はどの自治体が幹事かを指定してください", en: "an admin must say which municipality leads")

    static func unknownVendorID(_ id: Int64) -> Bilingual {
        Bilingual(ja: "事業者 \(id) はありません", en: "there is no vendor \(id)")
    }

    static let caseTitleRequired = Bilingual(ja: "案件には件名が必要です", en: "a case needs a title")
    static let caseProduct = Bilingual(
        ja: "製品名は1〜300文字で書くか、書かないでください", en: "give a product of 1 to 300 characters, or none")
    static let targetPercent = Bilingual(
        ja: "削減目標は1〜100パーセントです", en: "a reduction between 1 and 100 percent")
    static let targetYen = Bilingual(ja: "削減目標は¥1以上です", en: "a reduction of at least ¥1")

    static func deadlinePassed(_ deadline: BusinessDate, today: BusinessDate) -> Bilingual {
        Bilingual(
            ja: "回答期限 \(deadline) は過ぎています（今日は \(today)）。今日以降の日付にしてください",
            en: "the deadline \(deadline) has passed (today is \(today)); give today or a later day")
    }

    // MARK: Notes and offers

    static let noteLength = Bilingual(ja: "メモは1〜20,000文字です", en: "a note of 1 to 20,000 characters")

    static func offerValidity(_ offeredOn: BusinessDate) -> Bilingual {
        Bilingual(
            ja: "見積の日付（\(offeredOn)）より前にはできません", en: "not before the offer's date (\(offeredOn))")
    }

    static func notActiveParticipant(_ name: String, _ code: String) -> Bilingual {
        Bilingual(ja: "\(name)（\(code)）は参加中の自治体ではありません", en: "\(name) (\(code)) is not an active participant")
    }

    // MARK: Agreements

    static let agreementRequired = Bilingual(
        ja: "合意するには、参加中のすべての自治体の合意年額と対象年度が必要です",
        en: "an agreed case needs the agreed annual amount of every active participant and the fiscal years")
    static let agreementOnlyWhenAgreed = Bilingual(
        ja: "合意内容は「合意」への変更と一緒にだけ送れます", en: "an agreement goes only with the move to agreed")
    static let agreementFirstYear = Bilingual(
        ja: "1989〜2200年度のいずれかです", en: "a fiscal year between 1989 and 2200")

    static func agreementLastYear(_ first: Int32) -> Bilingual {
        Bilingual(
            ja: "対象の最終年度です。最初の年度（\(first)）より前にはできません",
            en: "the last fiscal year covered, not before the first (\(first))")
    }

    static func namedTwice(_ name: String) -> Bilingual {
        Bilingual(ja: "\(name)が2回書かれています", en: "\(name) is named twice")
    }

    static func noBaseline(_ name: String, _ code: String) -> Bilingual {
        Bilingual(
            ja: "\(name)（\(code)）は基準額を示していません。合意の前に procure cases baseline で示してください",
            en: "\(name) (\(code)) stated no baseline; state it before agreeing (procure cases baseline)")
    }

    static func noAgreedAmount(_ name: String, _ code: String) -> Bilingual {
        Bilingual(ja: "\(name)（\(code)）の合意年額がありません", en: "no agreed annual amount for \(name) (\(code))")
    }
}
