/// What the register says about identifiers and pages a person typed: local-government codes,
/// corporate numbers, vendor names, category codes, tokens and page requests.
extension InvalidMunicipalityCode {
    public var message: Bilingual {
        switch reason {
        case .format:
            Bilingual(
                ja: "'\(input)' は団体コードではありません。団体コードは6桁の数字です（例: 373869）",
                en: "'\(input)' is not a local-government code: a code has six digits, e.g. 373869")
        case .fiveDigits(let suggestion):
            Bilingual(
                ja: "'\(input)' は5桁です。団体コードは6桁で、最後の1桁は検査数字です（\(suggestion) ではありませんか）",
                en:
                    "'\(input)' has five digits: local-government codes have six, the last a check digit (did you mean \(suggestion)?)"
            )
        case .checkDigit(let expected):
            Bilingual(
                ja: "'\(input)' は団体コードではありません。検査数字は \(expected) のはずです",
                en: "'\(input)' is not a local-government code: its check digit should be \(expected)")
        case .prefecture:
            Bilingual(
                ja: "'\(input)' は団体コードではありません。先頭2桁は都道府県の番号（01〜47）です",
                en: "'\(input)' is not a local-government code: its first two digits must be a prefecture, 01 to 47")
        }
    }
}

extension InvalidCorporateNumber {
    public var message: Bilingual {
        switch reason {
        case .format:
            Bilingual(
                ja: "'\(input)' は法人番号ではありません。法人番号は13桁の数字です（例: 8000020130001）",
                en: "'\(input)' is not a corporate number: a corporate number has 13 digits, e.g. 8000020130001")
        case .checkDigit(let expected):
            Bilingual(
                ja: "'\(input)' は法人番号ではありません。検査数字（先頭の1桁）は \(expected) のはずです",
                en: "'\(input)' is not a corporate number: its check digit (the first digit) should be \(expected)")
        }
    }
}

extension InvalidVendorName {
    public var message: Bilingual {
        switch reason {
        case .blank:
            Bilingual(ja: "'\(input)' は事業者名ではありません。空欄です", en: "'\(input)' is not a vendor name: it is blank")
        case .nothingLeft:
            Bilingual(
                ja: "'\(input)' は事業者名ではありません。法人の種類（株式会社、(株)、Inc. など）、空白と記号を除くと何も残りません",
                en:
                    "'\(input)' is not a vendor name: nothing is left once the legal form (株式会社, (株), Inc. …), spaces and punctuation are removed"
            )
        }
    }
}

extension InvalidCategoryCode {
    public var message: Bilingual {
        Bilingual(
            ja: "'\(input)' は分野コードではありません。英小文字で始まる2〜40文字の英小文字・数字・_ で書いてください（例: reservation_system）",
            en:
                "'\(input)' is not a category code: use 2 to 40 lower-case letters, digits and _, starting with a letter (e.g. reservation_system)"
        )
    }
}

extension CategoryError {
    public var message: Bilingual {
        switch self {
        case .exists(let code): Bilingual(ja: "分野 \(code) はすでにあります", en: "category \(code) already exists")
        }
    }
}

extension InvalidPageRequest {
    public var message: Bilingual {
        switch self {
        case .limit(let limit):
            Bilingual(
                ja: "limit は1〜\(PageRequest.maximumLimit)です（\(limit) は使えません）",
                en: "limit must be between 1 and \(PageRequest.maximumLimit), not \(limit)")
        case .cursor:
            Bilingual(
                ja: "このサーバーが出したカーソルではありません。カーソルなしでやり直してください",
                en: "the cursor is not one this server gave out; start again without it")
        }
    }
}

extension TokenError {
    public var message: Bilingual {
        switch self {
        case .unknownMunicipality(let code): LedgerText.unknownMunicipality(code)
        case .invalidName:
            Bilingual(
                ja: "トークンには1〜200文字の名前が必要です（例: 使う部署の名前）",
                en: "a token needs a name of 1 to 200 characters, e.g. the department that uses it")
        case .notFound(let id): Bilingual(ja: "トークン \(id) はありません", en: "there is no token \(id)")
        case .alreadyRevoked(let id):
            Bilingual(ja: "トークン \(id) はすでに失効しています", en: "token \(id) is already revoked")
        }
    }
}

/// The Ledger's catalogue of texts used in more than one place, and of texts made where a refusal
/// is decided (with the names and numbers it mentions).
public enum LedgerText {
    public static func unknownMunicipality(_ code: MunicipalityCode) -> Bilingual {
        Bilingual(ja: "団体コード \(code) の自治体はありません", en: "there is no local government with code \(code)")
    }

    public static func unknownCategory(_ code: String) -> Bilingual {
        Bilingual(
            ja: "分野 '\(code)' はありません（一覧は procure categories list、GET /categories）",
            en: "there is no category '\(code)' (procure categories list and GET /categories list them)")
    }

    public static func atMostCharacters(_ count: Int) -> Bilingual {
        Bilingual(ja: "\(count)文字以内で書いてください", en: "at most \(count) characters")
    }

    static func categoryNameRequired(japanese: Bool) -> Bilingual {
        japanese
            ? Bilingual(ja: "分野には日本語の名前が必要です", en: "a category needs a name in Japanese")
            : Bilingual(ja: "分野には英語の名前が必要です", en: "a category needs a name in English")
    }

    public static let yenAmount = Bilingual(ja: "0以上の円の金額を書いてください", en: "an amount in yen, 0 or more")
}
