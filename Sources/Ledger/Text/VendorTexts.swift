/// What the vendor register says.
extension VendorError {
    public var message: Bilingual {
        switch self {
        case .exists(let id, let name):
            Bilingual(ja: "この事業者は #\(id)（\(name)）としてすでにあります", en: "the vendor already exists as #\(id) (\(name))")
        case .notFound(let id): LedgerText.unknownVendor(id)
        case .mergeIntoItself(let id):
            Bilingual(ja: "事業者 #\(id) を自分自身に統合することはできません", en: "vendor #\(id) cannot be merged into itself")
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
        }
    }
}

extension LedgerText {
    public static func unknownVendor(_ id: Int64) -> Bilingual {
        Bilingual(ja: "事業者 #\(id) はありません", en: "there is no vendor #\(id)")
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
