/// What the contract register, its cells and its imports say.
extension ContractWriteError {
    public var message: Bilingual {
        switch self {
        case .notFound(let id): Bilingual(ja: "契約 \(id) はありません", en: "there is no contract \(id)")
        case .forbidden(let detail): detail
        case .versionMismatch(let id, let expected, let current):
            Bilingual(
                ja: "契約 \(id) は版 \(current) です（\(expected) ではありません）。読んだ後にほかの人が変更しました",
                en:
                    "contract \(id) is at version \(current), not \(expected): it was changed by someone else since you read it"
            )
        case .municipalityRequired:
            Bilingual(
                ja: "管理者はどの自治体の契約かを指定してください（municipalityCode）",
                en: "an admin must say whose contract this is (municipalityCode)")
        case .unknownMunicipality(let code): LedgerText.unknownMunicipality(code)
        case .unknownCategory(let code): LedgerText.unknownCategory(code)
        case .duplicateExternalReference(let reference, let existingID):
            if let existingID {
                Bilingual(
                    ja: "契約 \(existingID) がすでに契約番号 '\(reference)' を持っています",
                    en: "contract \(existingID) already has the external reference '\(reference)'")
            } else {
                Bilingual(
                    ja: "この自治体のほかの契約がすでに契約番号 '\(reference)' を持っています",
                    en: "another contract of this municipality already has the external reference '\(reference)'")
            }
        }
    }
}

extension ContractImportFailure {
    public var message: Bilingual {
        switch self {
        case .notFound(let id):
            Bilingual(ja: "あなたの受付中の取込 \(id) はありません", en: "there is no open import \(id) of yours")
        case .notOpen(let id, let status):
            Bilingual(
                ja: "取込 \(id) はすでに\(status.word.japanese)です。新しく取込を始めてください",
                en: "import \(id) is already \(status.word.english); start a new import")
        case .expired(let id):
            Bilingual(
                ja: "取込 \(id) は1日何も受け取らなかったため期限切れです。新しく取込を始めてください",
                en: "import \(id) received nothing for a day and expired; start a new import")
        case .unknownMunicipality(let code): LedgerText.unknownMunicipality(code)
        case .unknownColumns(let names):
            LedgerText.unknownColumns(
                names.joined(separator: ", "), known: ImportColumn.allCases.map(\.rawValue).joined(separator: ", "))
        case .chunkTooLarge(let count):
            Bilingual(
                ja: "1回に送れるのは\(ContractImportRepository.maximumChunkRows)行までです（\(count)行でした）",
                en: "a chunk holds at most \(ContractImportRepository.maximumChunkRows) rows, not \(count)")
        case .invalidLine(let line):
            Bilingual(ja: "行番号は1から始まります（\(line) は使えません）", en: "line numbers start at 1, not \(line)")
        case .duplicateLines(let lines):
            if lines.isEmpty {
                Bilingual(
                    ja: "この取込はこの中の行をすでに受け取っています",
                    en: "some lines of this chunk were already received by this import")
            } else {
                LedgerText.linesAlreadyReceived(lines.map(String.init).joined(separator: ", "))
            }
        case .rejected(let count, _):
            count == 1
                ? Bilingual(
                    ja: "1行が不正なため、何も取り込んでいません。直すか、skipInvalid で不正な行を除いて取り込んでください",
                    en: "1 row is invalid, so nothing was imported; fix it or import with skipInvalid to leave it out")
                : Bilingual(
                    ja: "\(count)行が不正なため、何も取り込んでいません。直すか、skipInvalid で不正な行を除いて取り込んでください",
                    en:
                        "\(count) rows are invalid, so nothing was imported; fix them or import with skipInvalid to leave them out"
                )
        }
    }
}

extension LedgerText {
    static func unknownColumns(_ names: String, known: String) -> Bilingual {
        Bilingual(ja: "不明な列 \(names)。使える列: \(known)", en: "unknown column \(names); the columns are \(known)")
    }

    static func linesAlreadyReceived(_ lines: String) -> Bilingual {
        Bilingual(ja: "\(lines) 行目はこの取込ですでに受け取っています", en: "line \(lines) was already received by this import")
    }

    /// Why a row repeating an earlier row's contract number is invalid. The commit's SQL words it
    /// the same way (see `ContractImportCommit.swift`).
    static func repeatedReference(_ reference: String, _ line: Int) -> Bilingual {
        Bilingual(
            ja: "契約番号 \(reference) は \(line) 行目にもあります。1つのファイルに同じ契約は1回だけ書いてください",
            en: "the contract number \(reference) is also on line \(line); each contract once per file")
    }

    // MARK: A contract's fields

    static let titleRequired = Bilingual(ja: "契約には件名が必要です", en: "a contract needs a title (件名)")
    static let negativeAmount = Bilingual(ja: "円の金額は負にできません", en: "an amount in yen cannot be negative")
    static let amountTooLarge = Bilingual(
        ja: "¥1,000,000,000,000,000 を超える金額は契約金額になりません",
        en: "more than ¥1,000,000,000,000,000 is not a contract amount")

    static func endBeforeStart(_ end: BusinessDate, _ start: BusinessDate) -> Bilingual {
        Bilingual(
            ja: "終了日 \(end) が開始日 \(start) より前です", en: "the end date \(end) is before the start date \(start)")
    }

    static func noticeAfterEnd(_ notice: BusinessDate, _ end: BusinessDate) -> Bilingual {
        Bilingual(
            ja: "更新通知日 \(notice) が終了日 \(end) より後です",
            en: "the renewal notice date \(notice) is after the end date \(end)")
    }

    static let blankWhenGiven = Bilingual(ja: "書くときは空白にしないでください", en: "must not be blank when given")
    static let httpURL = Bilingual(ja: "http(s) の URL を書いてください", en: "must be an http(s) URL")
    static let httpScheme = Bilingual(
        ja: "http:// または https:// で始めてください", en: "must start with http:// or https://")
    static let emptyCell = Bilingual(ja: "必須です。セルが空です", en: "required; the cell is empty")

    // MARK: Who may write a contract

    static func foreignContract(contractID: Int64?, owner: String, verb: ContractVerb, caller: String) -> Bilingual {
        if let contractID {
            Bilingual(
                ja: "契約 \(contractID) は\(owner)の契約です。\(verb.word.japanese)できるのは\(caller)の契約だけです",
                en:
                    "contract \(contractID) belongs to \(owner); you can only \(verb.word.english) \(caller)'s contracts"
            )
        } else {
            Bilingual(
                ja: "この契約は\(owner)の契約になります。\(verb.word.japanese)できるのは\(caller)の契約だけです",
                en: "this contract would be \(owner)'s; you can only \(verb.word.english) \(caller)'s contracts")
        }
    }

    static func contractMove(contractID: Int64?, owner: String, target: String) -> Bilingual {
        if let contractID {
            Bilingual(
                ja: "契約 \(contractID) は\(owner)の契約です。ほかの自治体（\(target)）に移せるのは管理者だけです",
                en:
                    "contract \(contractID) belongs to \(owner); only an admin can move it to another municipality (\(target))"
            )
        } else {
            Bilingual(
                ja: "この契約は\(owner)の契約です。ほかの自治体（\(target)）に移せるのは管理者だけです",
                en: "a contract belongs to \(owner); only an admin can move it to another municipality (\(target))")
        }
    }
}

/// What a person does to a contract, as "you can only … contracts" says it.
enum ContractVerb: Sendable {
    case record
    case change
    case delete

    var word: Bilingual {
        switch self {
        case .record: Bilingual(ja: "登録", en: "record")
        case .change: Bilingual(ja: "変更", en: "change")
        case .delete: Bilingual(ja: "削除", en: "delete")
        }
    }
}

// MARK: Cells

extension ContractCellError {
    static func notAnAmount(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は円の金額ではありません。整数の円で書いてください（例: 1,234,000、¥1,234,000）",
                en: "'\(text)' is not an amount in yen: write whole yen, e.g. 1,234,000 or ¥1,234,000"))
    }

    static func notATerm(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は契約期間として読めません。開始日と終了日を ～ でつないでください（例: 令和6年4月1日～令和7年3月31日）",
                en: "'\(text)' is not a term: write the start and end dates joined by ～ (e.g. 令和6年4月1日～令和7年3月31日)"))
    }

    static func unitPrice(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は単価契約の単価です。procure は契約金額を記録するため、単価契約は取り込めません",
                en:
                    "'\(text)' is the unit price of a unit-price contract; procure records contract amounts, so unit-price contracts are not imported"
            ))
    }

    static func taxNoteContradicts(_ text: String, taxIncluded: Bool) -> ContractCellError {
        let column = taxIncluded ? Bilingual(ja: "税込", en: "tax included") : Bilingual(ja: "税抜", en: "tax excluded")
        return ContractCellError(
            Bilingual(
                ja: "'\(text)' の税の注記が税込税抜の列（\(column.japanese)）と食い違います",
                en: "the tax note of '\(text)' contradicts the tax column (\(column.english))"))
    }

    static func amountTooLarge(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は ¥1,000,000,000,000,000 を超えるため、契約金額になりません",
                en: "'\(text)' is more than ¥1,000,000,000,000,000, which is not a contract amount"))
    }

    static func notATaxFlag(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は税込・税抜ではありません。税込 または 税抜 と書いてください",
                en: "'\(text)' is not 税込 or 税抜: write 税込 (tax included) or 税抜 (before tax)"))
    }

    static func notABillingBasis(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は支払区分ではありません。一括、月額 または 年額 と書いてください",
                en: "'\(text)' is not a billing basis: write 一括, 月額 or 年額 (one_time, monthly, annual)"))
    }

    static func notAMethod(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は契約方法ではありません。一般競争入札、指名競争入札、随意契約 または その他 と書いてください",
                en: "'\(text)' is not a contract method: write 一般競争入札, 指名競争入札, 随意契約 or その他"))
    }

    static func notADate(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は日付ではありません。2024-04-01、2024/4/1 または 令和6年4月1日 のように書いてください",
                en: "'\(text)' is not a date: write YYYY-MM-DD (2024-04-01), 2024/4/1 or 令和6年4月1日"))
    }

    static func outsideEra(_ text: String, era: String, range: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は\(era)の日付ではありません（\(range)）",
                en: "'\(text)' is not a date of the \(era) era (\(range))"))
    }

    public static func notACategory(_ text: String) -> ContractCellError {
        ContractCellError(
            Bilingual(
                ja: "'\(text)' は分野ではありません。コード（例: reservation_system）か名前（予約システム）を書いてください。一覧は procure categories list",
                en:
                    "'\(text)' is not a category: give its code (e.g. reservation_system) or its name (予約システム); `procure categories list` shows them"
            ))
    }
}
