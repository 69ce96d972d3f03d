/// What the vendor register says.
extension VendorError {
    public var message: Bilingual {
        switch self {
        case .exists(let id, let name):
            Bilingual(ja: "この事業者は #\(id)（\(name)）としてすでにあります", en: "the vendor already exists as #\(id) (\(name))")
        case .notFound(let id): LedgerText.unknownVendor(id)
        case .mergeIntoItself(let id):
            Bilingual(ja: "事業者 #\(id) を自分自身に統合することはできません", en: "vendor #\(id) cannot be merged into itself")
        case .similarExists(let name, let similar): LedgerText.similarVendors(name, similar)
        case .differentCorporateNumbers(let winner, let loser):
            Bilingual(
                ja: "法人番号が異なる（\(winner) と \(loser)）ので、別の法人です",
                en:
                    "the vendors have different corporate numbers (\(winner) and \(loser)), so they are different corporations"
            )
        }
    }
}

extension VendorResolutionError {
    public var message: Bilingual {
        switch self {
        case .unknownVendorID(let id): LedgerText.unknownVendor(id)
        case .invalidName(let message): message
        case .unknownCorporateNumber(let number):
            Bilingual(
                ja: "法人番号 \(number) の事業者はありません。登録するには事業者名も書いてください",
                en: "no vendor has corporate number \(number); give the vendor's name as well to register it")
        case .conflict(let message): message
        case .empty: LedgerText.vendorRequired
        case .similarExists(let name, let similar):
            LedgerText.similarVendors(name, similar)
        }
    }
}

extension LedgerText {
    public static func unknownVendor(_ id: Int64) -> Bilingual {
        Bilingual(ja: "事業者 #\(id) はありません", en: "there is no vendor #\(id)")
    }

    static func similarVendors(_ name: String, _ similar: [SimilarVendor]) -> Bilingual {
        let candidates = Bilingual.list(similar.map { .verbatim("#\($0.id) \($0.name)") }, ja: "、", en: ", ")
        return Bilingual(
            ja:
                "'\(name)' は登録されていない事業者名ですが、\(candidates.japanese) に似ています。同じ事業者ならその ID で指定し、新しい事業者なら新規登録であることを確かめてください",
            en:
                "'\(name)' is not a registered vendor name, but it is close to \(candidates.english): name that vendor by its id if it is the same, or confirm that this is a new vendor"
        )
    }

    static let vendorRequired = Bilingual(
        ja: "事業者を ID、法人番号または名前で指定してください", en: "name the vendor by id, corporate number or name")

    static func readingTooLong(_ maximum: Int) -> Bilingual {
        Bilingual(ja: "読み仮名は\(maximum)文字以内です", en: "a reading has at most \(maximum) characters")
    }

    static func vendorNameTooLong(_ maximum: Int) -> Bilingual {
        Bilingual(ja: "事業者名は\(maximum)文字以内です", en: "a vendor name has at most \(maximum) characters")
    }

    static func vendorNumberConflict(
        name: String, id: Int64, registeredName: String, registered: String, given: CorporateNumber
    ) -> Bilingual {
        Bilingual(
            ja:
                "'\(name)' は事業者 #\(id)（\(registeredName)）として法人番号 \(registered) で登録されています（\(given) ではありません）。名前のキーが同じ2つの法人は登録できません",
            en:
                "'\(name)' is registered as vendor #\(id) (\(registeredName)) with corporate number \(registered), not \(given); two corporations whose names share a key cannot both be registered"
        )
    }
}

extension VendorMergeProposalError {
    public var message: Bilingual {
        switch self {
        case .notFound(let id): Bilingual(ja: "統合の申し出 \(id) はありません", en: "there is no merge proposal \(id)")
        case .alreadyProposed(let existing):
            Bilingual(
                ja: "この2つの事業者の統合はすでに申し出 \(existing) で申し出られ、管理者の判断を待っています",
                en: "merging these two vendors was proposed already (proposal \(existing)) and waits for an admin")
        case .decided(let id, let status):
            Bilingual(
                ja: "統合の申し出 \(id) は「\(status.word.japanese)」です。判断できるのは受付中の申し出だけです",
                en: "merge proposal \(id) is \(status.word.english): only open proposals are decided")
        case .tooLong(let field):
            Bilingual(ja: "\(field) は2,000文字以内です", en: "\(field) has at most 2,000 characters")
        }
    }
}

extension VendorMergeProposal.Status {
    /// The status as people say it.
    public var word: Bilingual {
        switch self {
        case .open: Bilingual(ja: "受付中", en: "open")
        case .accepted: Bilingual(ja: "統合済み", en: "accepted")
        case .rejected: Bilingual(ja: "却下", en: "rejected")
        case .superseded: Bilingual(ja: "ほかの統合で解消", en: "superseded")
        }
    }
}
