import Ledger

/// `procure`'s catalogue of messages: its own errors and notices, in both languages.
enum CLIText {
    static let errorPrefix = Bilingual(ja: "エラー: ", en: "error: ")

    static func unexpectedStatus(_ status: Int) -> Bilingual {
        Bilingual(
            ja: "サーバーが想定外の状態 \(status) で答えました", en: "the server answered with an unexpected status \(status)")
    }

    static func cannotReachDatabase(_ reason: String) -> Bilingual {
        Bilingual(ja: "データベースに接続できません: \(reason)", en: "cannot reach the database: \(reason)")
    }

    static func databaseRefused(_ message: String) -> Bilingual {
        Bilingual(ja: "データベースが依頼を断りました: \(message)", en: "the database refused the request: \(message)")
    }

    // MARK: The server

    static func cannotReachServer(_ url: String, _ reason: Bilingual) -> Bilingual {
        Bilingual(
            ja: "procure サーバー \(url) に接続できません: \(reason.japanese)",
            en: "cannot reach the procure server at \(url): \(reason.english)")
    }

    static let connectionRefused = Bilingual(
        ja: "接続を拒否されました（procure serve は動いていますか）", en: "connection refused (is `procure serve` running?)")
    static let timedOut = Bilingual(ja: "時間切れになりました", en: "the request timed out")
    static let unknownHost = Bilingual(ja: "ホストが見つかりません", en: "unknown host")

    static func contractChanged(_ id: String) -> Bilingual {
        Bilingual(
            ja: "契約 \(id) は読んだ後にほかの人が変更しました。もう一度実行してください",
            en: "contract \(id) was changed by someone else since you read it; run the command again")
    }

    static func caseChanged(_ id: String) -> Bilingual {
        Bilingual(
            ja: "案件 \(id) は読んだ後にほかの人が変更しました。もう一度実行してください",
            en: "case \(id) was changed by someone else since you read it; run the command again")
    }

    static let adminNamesMunicipality = Bilingual(
        ja: "管理者のトークンには自分の自治体がありません。--municipality コード を指定してください",
        en: "an admin token has no municipality of its own: give --municipality CODE")

    /// A new vendor name close to registered vendors': the closest (and the others), and how to
    /// name it instead (for a contract, by --vendor-id) or to confirm a new vendor.
    static func didYouMeanVendor(id: String, name: String, others: [String], forContract: Bool) -> Bilingual {
        let more = Bilingual.list(others.map(Bilingual.verbatim), ja: "、", en: ", ")
        let question =
            others.isEmpty
            ? Bilingual(ja: "もしかして #\(id) \(name) ですか？", en: "did you mean #\(id) \(name)?")
            : Bilingual(
                ja: "もしかして #\(id) \(name) ですか？（ほかに \(more.japanese)）",
                en: "did you mean #\(id) \(name)? (or \(more.english))")
        let answer =
            forContract
            ? Bilingual(
                ja: " その事業者なら --vendor-id \(id)、新しい事業者なら --new-vendor を付けてください",
                en: " use --vendor-id \(id), or --new-vendor if it is a new vendor")
            : Bilingual(
                ja: " その事業者はもう登録されています。新しい事業者なら --new-vendor を付けてください",
                en: " it is registered already; add --new-vendor if this is a new vendor")
        return question + answer
    }

    static let differsFromAgreementHint = Bilingual(
        ja: "合意と異なる額を記録するには、理由を添えてください: --differs-from-agreement --reason \"理由\"",
        en: "to record other figures, say why: --differs-from-agreement --reason \"why\"")

    static func inviteFailed(_ caseID: String, code: String, reason: String) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) は開きましたが、\(code) の招待に失敗しました: \(reason)（procure cases invite \(caseID) コード… で招待してください）",
            en:
                "case \(caseID) is open, but inviting \(code) failed: \(reason) (invite with `procure cases invite \(caseID) CODE…`)"
        )
    }

    static func notOnRadar(_ contractID: String, name: String, asOf: String) -> Bilingual {
        Bilingual(
            ja:
                "契約 \(contractID) は \(asOf) 時点の\(name)の更新予定にありません（\(name)の契約で、1,096日以内に終了するか更新通知日を迎えるものだけです。procure renewals --within 1096 で確かめられます）",
            en:
                "contract \(contractID) is not on \(name)'s renewal radar as of \(asOf) (it must be \(name)'s and end, or reach its renewal notice date, within 1,096 days; see `procure renewals --within 1096`)"
        )
    }

    static func ledgerBroken(entry: String, position: String?, reason: String) -> Bilingual {
        if let position {
            Bilingual(
                ja: "削減額の台帳を検証できません: 記録 \(entry)（チェーンの \(position) 番目）: \(reason)",
                en: "the savings ledger does not verify: entry \(entry) (position \(position)): \(reason)")
        } else {
            Bilingual(
                ja: "削減額の台帳を検証できません: 記録 \(entry): \(reason)",
                en: "the savings ledger does not verify: entry \(entry): \(reason)")
        }
    }

    static func ledgerIntact(_ entries: String) -> Bilingual {
        Bilingual(ja: "OK: \(entries)件の記録、ハッシュチェーンに異常なし", en: "OK: \(entries) entries, hash chain intact")
    }

    // MARK: Files

    static func cannotWrite(_ file: String, _ reason: String) -> Bilingual {
        Bilingual(ja: "\(file) に書き出せません: \(reason)", en: "cannot write \(file): \(reason)")
    }

    static func cannotRead(_ file: String, _ reason: String) -> Bilingual {
        Bilingual(ja: "\(file) を読めません: \(reason)", en: "cannot read \(file): \(reason)")
    }

    static func termAndDates(_ term: String, _ dates: String) -> Bilingual {
        Bilingual(
            ja: "期間の列 '\(term)' と日付の列 \(dates) の両方があります。どちらか一方にしてください",
            en: "the file has both a term column '\(term)' and date columns \(dates); keep one or the other")
    }

    static let excelNeedsCSV = Bilingual(
        ja: "--excel は --output csv と一緒に使います", en: "--excel goes with --output csv")

    static func badMapping(_ pair: String, columns: String) -> Bilingual {
        Bilingual(
            ja: "--map '\(pair)' は '見出し=列' の形ではないか、列が不明です。列: \(columns)",
            en: "--map '\(pair)' is not 'HEADING=column' with a known column; the columns are \(columns)")
    }

    static func encodingOfWorkbook(_ file: String) -> Bilingual {
        Bilingual(
            ja: "\(file) は Excel ブックです。--encoding は CSV ファイルにだけ指定できます",
            en: "\(file) is an Excel workbook; --encoding applies to CSV files only")
    }

    static func sheetOfText(_ file: String) -> Bilingual {
        Bilingual(
            ja: "\(file) は CSV ファイルです。--sheet は Excel ブック（.xlsx）にだけ指定できます",
            en: "\(file) is a CSV file; --sheet applies to Excel workbooks (.xlsx) only")
    }

    static func notAWorkbook(_ file: String) -> Bilingual {
        Bilingual(
            ja: "\(file) は ZIP 形式ですが Excel ブック（.xlsx）ではありません。Excel ブック（.xlsx）か CSV で保存し直してください",
            en:
                "\(file) is a ZIP archive but not an Excel workbook (.xlsx); save it as an Excel workbook (.xlsx) or as CSV"
        )
    }

    static func oldWorkbook(_ file: String) -> Bilingual {
        Bilingual(
            ja: "\(file) は Excel 97-2003 ブック（.xls）かパスワード付きのブックで、読めません。パスワードなしの Excel ブック（.xlsx）か CSV で保存し直してください",
            en:
                "\(file) is an Excel 97-2003 workbook (.xls) or a password-protected one, which cannot be read; save it as an Excel workbook (.xlsx) without a password, or as CSV"
        )
    }

    static func noSuchSheet(_ file: String, _ name: String, available: String) -> Bilingual {
        Bilingual(
            ja: "\(file) にシート「\(name)」はありません（シート: \(available)）。--sheet にはシート名か番号を指定してください",
            en: "\(file) has no sheet \(name) (its sheets: \(available)); give --sheet a sheet's name or number")
    }

    static func incompleteWorkbook(_ file: String) -> Bilingual {
        Bilingual(
            ja: "\(file) は途中で切れているか壊れていて、Excel ブックとして開けません。元のファイルを Excel で保存し直してください",
            en: "\(file) is cut short or damaged and does not open as a workbook; save the original again from Excel")
    }

    static func noSuchFolder(_ folder: String) -> Bilingual {
        Bilingual(ja: "フォルダー \(folder) がありません", en: "there is no folder \(folder)")
    }

    static let outNotXLSX = Bilingual(
        ja: "--out には書き出す Excel ブックを .xlsx で終わる名前で指定してください",
        en: "--out names the workbook to write: a file name ending in .xlsx")

    static func damagedWorkbook(_ file: String, part: String, reason: String) -> Bilingual {
        Bilingual(
            ja: "\(file) は壊れていて読めません（\(part): \(reason)）。元のファイルを Excel で保存し直してください",
            en: "\(file) is damaged and cannot be read (\(part): \(reason)); save the original again from Excel")
    }

    static func noHeaderInSheet(_ file: String, sheet: String, sheets: String) -> Bilingual {
        Bilingual(
            ja: "\(file) のシート「\(sheet)」に見出し行がありません。読むシートを --sheet で指定してください（シート: \(sheets)）",
            en:
                "sheet \(sheet) of \(file) has no header row; choose the sheet to read with --sheet (its sheets: \(sheets))"
        )
    }

    static func noHeaderRow(_ file: String) -> Bilingual {
        Bilingual(ja: "\(file) に見出し行がありません", en: "\(file) has no header row")
    }

    static func unreadableLine(_ line: Int, _ reason: String) -> Bilingual {
        Bilingual(ja: "ファイルの \(line) 行目を読めません: \(reason)", en: "cannot read line \(line) of the file: \(reason)")
    }

    static func rowOfOtherMunicipality(line: Int, code: String, importing: String) -> Bilingual {
        Bilingual(
            ja:
                "\(line) 行目は団体コード \(code) の契約ですが、この取り込みは \(importing) のものです。\(importing) の行だけにしてください（管理者は自治体ごとに分けて --municipality で取り込めます）。何も取り込んでいません",
            en:
                "line \(line) is a contract of municipality \(code), but this import is for \(importing); keep only \(importing)'s rows (an admin may split the file by municipality and import each with --municipality); nothing was imported"
        )
    }

    static func raggedRow(cells: Int, headers: Int) -> Bilingual {
        Bilingual(
            ja: "セルが\(cells)個ありますが、見出しは\(headers)個です（引用符のないカンマでしょうか）",
            en: "the row has \(cells) cells but the header has \(headers) (an unquoted comma?)")
    }

    static func duplicateColumns(_ earlier: String, _ title: String, column: String) -> Bilingual {
        Bilingual(
            ja: "列 '\(earlier)' と '\(title)' はどちらも \(column) です。1つにしてください",
            en: "the columns '\(earlier)' and '\(title)' are both \(column); keep one")
    }

    static func unknownColumns(
        _ names: String, count: Int, nearest: String, map: String, ignore: String, known: String
    ) -> Bilingual {
        count == 1
            ? Bilingual(
                ja: "不明な列 \(names)。最も近い列は \(nearest) です。その列として読むには \(map)、読まないなら \(ignore) を付けてください。使える列: \(known)",
                en:
                    "unknown column \(names) (the nearest column is \(nearest)): add \(map) to read it as that column, or \(ignore) to leave it out; the columns are \(known)"
            )
            : Bilingual(
                ja:
                    "不明な列 \(names)。最初の列に最も近い列は \(nearest) です。その列として読むには \(map)、読まないなら \(ignore) を付けてください。使える列: \(known)",
                en:
                    "unknown columns \(names) (the nearest column to the first is \(nearest)): add \(map) to read it as that column, or \(ignore) to leave it out; the columns are \(known)"
            )
    }

    static func missingColumns(_ names: String) -> Bilingual {
        Bilingual(
            ja: "ファイルに \(names) の列がありません。これらの列は必須です",
            en: "the file has no column for \(names); these columns are required")
    }

    static func utf16(_ file: String) -> Bilingual {
        Bilingual(
            ja: "\(file) は UTF-16 のテキストです。CSV（UTF-8 または Shift_JIS）で保存し直してください",
            en: "\(file) is UTF-16 text; save it as CSV (UTF-8 or Shift_JIS) instead")
    }

    static func cutCharacter(line: Int, file: String) -> Bilingual {
        Bilingual(
            ja: "\(file) の \(line) 行目: UTF-8 の文字の途中でファイルが終わっています",
            en: "line \(line) of \(file): the file ends in the middle of a UTF-8 character")
    }

    static func invalidText(line: Int, file: String, encoding: String, byte: String, hint: Bilingual) -> Bilingual {
        Bilingual(
            ja: "\(file) の \(line) 行目は \(encoding) のテキストとして正しくありません（バイト 0x\(byte)）。\(hint.japanese)",
            en: "line \(line) of \(file) is not valid \(encoding) text (byte 0x\(byte)); \(hint.english)")
    }

    static let maybeShiftJIS = Bilingual(
        ja: "Shift_JIS のファイルなら --encoding cp932 を付けて取り込んでください",
        en: "if the file is Shift_JIS, import it with --encoding cp932")
    static let maybeUTF8 = Bilingual(
        ja: "UTF-8 で保存し直すか、UTF-8 なら --encoding utf-8 を付けてください",
        en: "save the file as UTF-8, or with --encoding utf-8 if it is UTF-8")
    static let noCP932 = Bilingual(
        ja: "このシステムの C ライブラリは CP932（Shift_JIS）を読めません。UTF-8 で保存してください",
        en: "this system's C library cannot decode CP932 (Shift_JIS); save the file as UTF-8")

    static func importRejected(_ file: String, count: Int) -> Bilingual {
        count == 1
            ? Bilingual(
                ja: "\(file): 1行が不正なため、何も取り込んでいません。直すか、--skip-invalid で不正な行を除いて取り込んでください",
                en:
                    "\(file): 1 row is invalid, so nothing was imported; fix it or import with --skip-invalid to leave it out"
            )
            : Bilingual(
                ja: "\(file): \(count)行が不正なため、何も取り込んでいません。直すか、--skip-invalid で不正な行を除いて取り込んでください",
                en:
                    "\(file): \(count) rows are invalid, so nothing was imported; fix them or import with --skip-invalid to leave them out"
            )
    }

    // MARK: Login

    static let notLoggedIn = Bilingual(
        ja: "ログインしていません。procure login --url URL --token トークン を実行するか、PROCURE_URL と PROCURE_TOKEN を設定してください",
        en: "not logged in: run 'procure login --url URL --token TOKEN' or set PROCURE_URL and PROCURE_TOKEN")

    static func malformedConfig(_ path: String, _ reason: String) -> Bilingual {
        Bilingual(
            ja: "設定ファイル \(path) が壊れています: \(reason)（procure login をもう一度実行すると置き換わります）",
            en: "malformed config file \(path): \(reason) (run 'procure login' again to replace it)")
    }

    static func unreadableConfig(_ path: String, _ reason: String) -> Bilingual {
        Bilingual(ja: "設定ファイル \(path) を読めません: \(reason)", en: "cannot read config file \(path): \(reason)")
    }

    static func unwritableConfig(_ path: String, _ reason: String) -> Bilingual {
        Bilingual(ja: "設定ファイル \(path) を保存できません: \(reason)", en: "cannot save config file \(path): \(reason)")
    }

    static let noConfigDirectory = Bilingual(
        ja: "設定ファイルの場所が分かりません。HOME または XDG_CONFIG_HOME を設定してください",
        en: "cannot locate the config file: set HOME or XDG_CONFIG_HOME")

    static func invalidServerURL(_ url: String) -> Bilingual {
        Bilingual(
            ja: "サーバーの URL '\(url)' が正しくありません。http(s)://ホスト[:ポート][/パス] の形です",
            en: "invalid server URL '\(url)': expected http(s)://HOST[:PORT][/PATH]")
    }

    static let emptyToken = Bilingual(ja: "トークンが空です", en: "the token is empty")
    static let malformedToken = Bilingual(
        ja: "トークンに空白、制御文字または ASCII 以外の文字が含まれています",
        en: "the token contains spaces, control or non-ASCII characters")

    static func fromSource(_ source: String) -> Bilingual {
        Bilingual(ja: "（\(source) から）", en: " (from \(source))")
    }
}

/// What commands say when they have done their work.
enum DoneText {
    static func proposedMerge(_ id: String) -> Bilingual {
        Bilingual(
            ja: "統合を申し出ました（申し出 \(id)）。管理者の判断を待ちます",
            en: "proposed the merge (proposal \(id)); it waits for an admin")
    }

    static func rejectedMerge(_ id: String) -> Bilingual {
        Bilingual(ja: "統合の申し出 \(id) を却下しました", en: "rejected merge proposal \(id)")
    }

    static func deletedContract(_ id: String) -> Bilingual {
        Bilingual(ja: "契約 \(id) を削除しました", en: "deleted contract \(id)")
    }

    static func registeredVendor(_ id: String) -> Bilingual {
        Bilingual(ja: "事業者 #\(id) を登録しました", en: "registered vendor #\(id)")
    }

    static func mergedVendors(_ merged: String, into winner: String, contracts: Int) -> Bilingual {
        contracts == 1
            ? Bilingual(
                ja: "事業者 #\(merged) を #\(winner) に統合しました。契約1件を移しました",
                en: "merged vendor #\(merged) into #\(winner); 1 contract moved")
            : Bilingual(
                ja: "事業者 #\(merged) を #\(winner) に統合しました。契約\(contracts)件を移しました",
                en: "merged vendor #\(merged) into #\(winner); \(contracts) contracts moved")
    }

    static func createdToken(_ id: String, name: String, municipality: String?) -> Bilingual {
        if let municipality {
            Bilingual(
                ja: "\(municipality)の職員用トークン \(id)（\(name)）を作りました。表示はこの1回だけです。秘密にしてください",
                en:
                    "created token \(id) for \(name), a member of \(municipality); it is shown only this once — keep it secret"
            )
        } else {
            Bilingual(
                ja: "管理者用トークン \(id)（\(name)）を作りました。表示はこの1回だけです。秘密にしてください",
                en: "created token \(id) for \(name), an admin; it is shown only this once — keep it secret")
        }
    }

    static func revokedToken(_ id: String) -> Bilingual {
        Bilingual(ja: "トークン \(id) を失効させました", en: "revoked token \(id)")
    }

    static func loggedIn(_ url: String, as who: String) -> Bilingual {
        Bilingual(ja: "\(url) に \(who) としてログインしました", en: "logged in to \(url) as \(who)")
    }

    static func savedTo(_ path: String) -> Bilingual {
        Bilingual(ja: "\(path) に保存しました", en: "saved to \(path)")
    }

    static func idempotencyKey(_ key: String) -> Bilingual {
        Bilingual(
            ja: "冪等キー: \(key)（安全にやり直すには --idempotency-key \(key)）",
            en: "idempotency key: \(key) (to retry safely: --idempotency-key \(key))")
    }

    static let alreadyRecorded = Bilingual(
        ja: "このキーで記録済みです。新しい記録ではなく、元の記録を表示します",
        en: "already recorded with this key: the original entry, not a new one")

    static func committing(_ rows: String) -> Bilingual {
        Bilingual(ja: "\(rows)行を確定しています…", en: "committing \(rows) rows…")
    }

    static func progress(sent: String, read: String, total: String) -> Bilingual {
        Bilingual(ja: "\(sent)行を送信、\(total) 中 \(read)", en: "\(sent) rows sent, \(read) of \(total)")
    }

    /// A vendor an import registered under a name close to registered vendors'.
    static func similarNewVendor(id: String, name: String, similar: [String]) -> Bilingual {
        let others = Bilingual.list(similar.map(Bilingual.verbatim), ja: "、", en: ", ")
        return Bilingual(
            ja:
                "  新しく登録した事業者 #\(id) \(name) は \(others.japanese) に似ています。同じ事業者なら procure vendors propose-merge \(id) --into ID で統合を申し出てください",
            en:
                "  vendor #\(id) \(name), registered now, is close to \(others.english); if it is the same, propose a merge: procure vendors propose-merge \(id) --into ID"
        )
    }

    /// `contracts export`, and `contracts list --output xlsx`.
    static func exportedContracts(_ file: String, count: Int) -> Bilingual {
        count == 1
            ? Bilingual(ja: "\(file) に 1 件の契約を書き出しました", en: "wrote 1 contract to \(file)")
            : Bilingual(ja: "\(file) に \(count) 件の契約を書き出しました", en: "wrote \(count) contracts to \(file)")
    }

    /// `contracts import --template --output xlsx`.
    static func wroteTemplate(_ file: String) -> Bilingual {
        Bilingual(ja: "\(file) に取り込み用の見出しを書き出しました", en: "wrote the import's headings to \(file)")
    }

    /// A listing or report written to a workbook.
    static func wroteWorkbook(_ file: String, rows: Int) -> Bilingual {
        rows == 1
            ? Bilingual(ja: "\(file) に 1 行を書き出しました", en: "wrote 1 row to \(file)")
            : Bilingual(ja: "\(file) に \(rows) 行を書き出しました", en: "wrote \(rows) rows to \(file)")
    }

    /// The sheet an import read, in a workbook of several.
    static func sheetRead(_ name: String, number: Int, of count: Int) -> Bilingual {
        Bilingual(ja: "シート「\(name)」（\(count) 枚中 \(number) 枚目）を読みました", en: "sheet \(name) (\(number) of \(count)) read")
    }

    /// The rows above the header, skipped (a caption, a unit, blank rows).
    static func headerFound(line: Int) -> Bilingual {
        line == 2
            ? Bilingual(ja: "見出しは 2 行目です（1 行目は読み飛ばしました）", en: "header on line 2; line 1 skipped")
            : Bilingual(
                ja: "見出しは \(line) 行目です（1〜\(line - 1) 行目は読み飛ばしました）",
                en: "header on line \(line); lines 1–\(line - 1) skipped")
    }

    static func imported(
        _ file: String, created: Int32, updated: Int32, unchanged: Int32, vendors: Int32, skipped: Int32
    )
        -> Bilingual
    {
        let counts = Bilingual(
            ja: "新規 \(created)件、更新 \(updated)件、変更なし \(unchanged)件",
            en: "\(created) created, \(updated) updated, \(unchanged) unchanged")
        let registered =
            vendors == 1
            ? Bilingual(ja: "、事業者の登録 1件", en: ", 1 vendor registered")
            : Bilingual(ja: "、事業者の登録 \(vendors)件", en: ", \(vendors) vendors registered")
        let skippedText =
            switch skipped {
            case 0: Bilingual.verbatim("")
            case 1: Bilingual(ja: "、不正な行 1行を除外", en: ", 1 invalid row skipped")
            default: Bilingual(ja: "、不正な行 \(skipped)行を除外", en: ", \(skipped) invalid rows skipped")
            }
        return Bilingual(ja: "\(file) を取り込みました: ", en: "imported \(file): ") + counts + registered + skippedText
    }

    static func rowError(line: Int32, column: String, message: String) -> Bilingual {
        column.isEmpty
            ? Bilingual(ja: "\(line) 行目: \(message)", en: "line \(line): \(message)")
            : Bilingual(ja: "\(line) 行目、\(column): \(message)", en: "line \(line), \(column): \(message)")
    }
}

extension CLIText {
    static func noMunicipalityNamed(_ name: String) -> Bilingual {
        Bilingual(
            ja: "「\(name)」という自治体はありません（procure municipalities list --search で探せます）",
            en: "no local government is named '\(name)' (procure municipalities list --search finds them)")
    }

    static func severalMunicipalities(_ name: String, _ candidates: String) -> Bilingual {
        Bilingual(
            ja: "「\(name)」に当たる自治体が複数あります。団体コードで指定してください: \(candidates)",
            en: "'\(name)' names several local governments; give the code of one: \(candidates)")
    }

    static func confirmDelete(_ id: String) -> Bilingual {
        Bilingual(ja: "契約 \(id) を削除しますか？ [y/N] ", en: "delete contract \(id)? [y/N] ")
    }

    static func notDeleted(_ id: String) -> Bilingual {
        Bilingual(ja: "契約 \(id) は削除していません", en: "contract \(id) was not deleted")
    }

    static let versionOnlyAlone = Bilingual(
        ja:
            "--version は procure 自体の版を表示するオプションで、procure --version とだけ使います。変更を読んだ版に限るには、そのコマンドの --if-version を使ってください（ない場合、procure は読んだ版で自動的に確かめます）",
        en:
            "--version shows procure's own version and goes alone (procure --version); to guard a change by the version you read, use the command's --if-version where it has one (the others check the version they read themselves)"
    )
}

extension CLIText {
    static func unknownCommand(_ given: String, path: String, suggestion: String?) -> Bilingual {
        if let suggestion {
            Bilingual(
                ja: "\(path) に「\(given)」というコマンドはありません。\(path) \(suggestion) ではありませんか（\(path) --help で一覧）",
                en:
                    "\(path) has no command '\(given)'; did you mean '\(path) \(suggestion)'? (\(path) --help lists them)"
            )
        } else {
            Bilingual(
                ja: "\(path) に「\(given)」というコマンドはありません（\(path) --help で一覧）",
                en: "\(path) has no command '\(given)' (\(path) --help lists them)")
        }
    }
}

/// The words of `procure inbox`.
enum InboxText {
    static func heading(_ municipality: String, asOf: String) -> Bilingual {
        Bilingual(ja: "\(municipality)の未処理の用件（\(asOf) 時点）", en: "Pending for \(municipality) as of \(asOf)")
    }

    static func adminHeading(asOf: String) -> Bilingual {
        Bilingual(ja: "管理者の未処理の用件（\(asOf) 時点）", en: "Pending for the admins as of \(asOf)")
    }

    static let invitations = Bilingual(ja: "返事を待っている招待", en: "Invitations to answer")
    static let joinRequests = Bilingual(ja: "承認を待っている参加申請", en: "Requests to join your cases")
    static let savings = Bilingual(ja: "記録されていない今年度の削減額", en: "Savings to record this fiscal year")
    static let renewals = Bilingual(ja: "更新が近い契約", en: "Contracts coming up for renewal")
    static let mergeProposals = Bilingual(ja: "判断を待っている事業者の統合の申し出", en: "Vendor merge proposals to decide")
    static let none = Bilingual(ja: "なし", en: "none")

    static func mergeProposal(_ id: String, vendor: String, into: String, by: String) -> Bilingual {
        Bilingual(
            ja: "申し出 \(id): \(vendor) を \(into) に統合（\(by)）: procure vendors accept-merge \(id) / reject-merge \(id)",
            en:
                "proposal \(id): merge \(vendor) into \(into) (\(by)): procure vendors accept-merge \(id) / reject-merge \(id)"
        )
    }

    static func invitation(_ caseID: String, title: String, lead: String, deadline: String?) -> Bilingual {
        if let deadline {
            Bilingual(
                ja: "案件 \(caseID) \(title)（幹事 \(lead)、回答期限 \(deadline)）: procure cases accept \(caseID) --baseline 年額",
                en:
                    "case \(caseID) \(title) (lead \(lead), answer by \(deadline)): procure cases accept \(caseID) --baseline YEN"
            )
        } else {
            Bilingual(
                ja: "案件 \(caseID) \(title)（幹事 \(lead)）: procure cases accept \(caseID) --baseline 年額",
                en: "case \(caseID) \(title) (lead \(lead)): procure cases accept \(caseID) --baseline YEN")
        }
    }

    static func joinRequest(_ caseID: String, title: String, municipality: String) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) \(title): \(municipality) が参加を申請（procure cases approve \(caseID) コード）",
            en: "case \(caseID) \(title): \(municipality) asks to join (procure cases approve \(caseID) CODE)")
    }

    static func savingsToRecord(_ caseID: String, title: String, fiscalYear: String) -> Bilingual {
        Bilingual(
            ja: "案件 \(caseID) \(title): \(fiscalYear)の記録なし（procure savings record \(caseID) …）",
            en: "case \(caseID) \(title): no entry for \(fiscalYear) (procure savings record \(caseID) …)")
    }

    static func renewal(_ contractID: String, title: String, vendor: String, due: String) -> Bilingual {
        Bilingual(
            ja: "契約 \(contractID) \(title)（\(vendor)）: 期限 \(due)",
            en: "contract \(contractID) \(title) (\(vendor)): due \(due)")
    }
}

extension CLIText {
    // MARK: Options given wrong (ArgumentParser's usage errors)

    static let vendorGivenTwice = Bilingual(
        ja: "事業者は --vendor-id か --vendor/--corporate-number のどちらか一方で指定してください",
        en: "give the vendor either by --vendor-id or by --vendor/--corporate-number, not both")
    static let limitAtLeastOne = Bilingual(ja: "--limit は1以上にしてください", en: "--limit must be at least 1")
    static let exportNeedsMunicipality = Bilingual(
        ja: "管理者は書き出す自治体を --municipality で指定してください",
        en: "admins give the municipality to export: --municipality CODE")
    static let importNeedsFile = Bilingual(
        ja: "取り込むファイルを指定してください（列の見出しは --template で表示します）",
        en: "give the file to import (--template shows the columns' headings)")
    static let templateWithFile = Bilingual(
        ja: "--template はファイルを取りません", en: "--template takes no file")
    static let xlsxNeedsOut = Bilingual(
        ja: "--output xlsx には書き出すファイルを --out で指定してください（例: --out 契約一覧.xlsx）",
        en: "--output xlsx needs the file to write: --out FILE.xlsx")
    static let outNeedsXLSX = Bilingual(
        ja: "--out は --output xlsx のときに使います（csv と json は標準出力に出します）",
        en: "--out goes with --output xlsx (csv and json are printed to standard output)")
    static let importOutput = Bilingual(
        ja: "import が表示するのは概要（table）か、結果の json です", en: "import prints a summary (table) or the result as json")
    static let searchLimit = Bilingual(ja: "--limit は1〜500にしてください", en: "--limit must be between 1 and 500")
    static let vendorNotGiven = Bilingual(
        ja: "事業者の番号か --corporate-number を指定してください", en: "give a vendor id or --corporate-number")
    static let vendorGivenTwoWays = Bilingual(
        ja: "事業者の番号と --corporate-number のどちらか一方を指定してください", en: "give either a vendor id or --corporate-number, not both"
    )
    static let fiscalYearIsOneYear = Bilingual(
        ja: "--fiscal-year は1つの年度です。範囲には --from-fiscal-year と --to-fiscal-year を使ってください",
        en: "--fiscal-year is one year; for a range use --from-fiscal-year and --to-fiscal-year")
    static let tokenOwner = Bilingual(
        ja: "--municipality CODE か --admin のどちらかを指定してください", en: "give either --municipality CODE or --admin")
    static let explainNeedsVendor = Bilingual(ja: "footprint には --vendor ID が必要です", en: "footprint needs --vendor ID")
    static let explainNeedsSubject = Bilingual(
        ja: "--municipality か --vendor を指定してください", en: "missing --municipality or --vendor")
    static let inboxOutput = Bilingual(
        ja: "このコマンドの --output は table か json です", en: "--output takes table or json here")
    static let openCaseNeeds = Bilingual(
        ja: "--vendor、--category と --title、または --from-renewal CONTRACT を指定してください",
        en: "give --vendor, --category and --title, or --from-renewal CONTRACT")
    static let targetGivenTwice = Bilingual(
        ja: "--target-percent と --target-yen のどちらか一方を指定してください", en: "give --target-percent or --target-yen, not both")
    static let advanceStatus = Bilingual(
        ja: "状況は negotiating、failed、closed または withdrawn です",
        en: "the status must be negotiating, failed, closed or withdrawn")
    static let agreeByAgree = Bilingual(
        ja: "合意にするには、参加自治体ごとの金額を付けて `procure cases agree` を使ってください",
        en: "to agree, use `procure cases agree` with each participant's amount")
    static let agreedAmountsMissing = Bilingual(
        ja: "参加自治体ごとに --amount CODE=YEN を指定してください", en: "give each participant's --amount CODE=YEN")
    static let nobodyToInvite = Bilingual(ja: "招待する自治体を1つ以上指定してください", en: "name at least one municipality to invite")
    static let stateBaseline = Bilingual(
        ja: "--baseline AMOUNT で基準額を示してください", en: "state your baseline with --baseline AMOUNT")
    static let baselineMissing = Bilingual(ja: "--baseline YEN を指定してください", en: "give --baseline YEN")
    static let contractWithoutBaseline = Bilingual(
        ja: "--contract は --baseline AMOUNT と一緒に指定してください", en: "--contract goes with --baseline AMOUNT")
    static let caseStatusFilter = Bilingual(
        ja: "--status は open、negotiating、agreed、failed、closed、withdrawn のいずれかです",
        en: "--status must be one of open, negotiating, agreed, failed, closed, withdrawn")
    static let oneTarget = Bilingual(
        ja: "--target-percent、--target-yen、--no-target のうち1つだけを指定してください",
        en: "give one of --target-percent, --target-yen and --no-target")
    static let peersPerVendorRange = Bilingual(
        ja: "--peers-per-vendor は1〜100にしてください", en: "--peers-per-vendor must be between 1 and 100")
    static let renewalsWithinRange = Bilingual(
        ja: "--within は0〜1096日にしてください", en: "--within must be between 0 and 1096 days")
    static let peerWindowRange = Bilingual(
        ja: "--peer-window-months は0〜24にしてください", en: "--peer-window-months must be between 0 and 24")
    static let peersPerContractRange = Bilingual(
        ja: "--peers-per-contract は1〜100にしてください", en: "--peers-per-contract must be between 1 and 100")

    static func invalidValue(_ value: String, for option: String) -> Bilingual {
        Bilingual(ja: "'\(option)' に '\(value)' は使えません", en: "The value '\(value)' is invalid for '\(option)'")
    }

    /// A missing option of a new contract: `--category`, or the choices of the vendor's.
    static func missingOption(_ option: Bilingual) -> Bilingual {
        Bilingual(ja: "\(option.japanese) を指定してください", en: "missing \(option.english)")
    }

    static let vendorOptions = Bilingual(
        ja: "--vendor、--vendor-id または --corporate-number", en: "--vendor, --vendor-id or --corporate-number")

    static func explainNeedsMunicipality(_ report: String) -> Bilingual {
        Bilingual(ja: "\(report) には --municipality CODE が必要です", en: "\(report) needs --municipality CODE")
    }

    static func asOfNotADate(_ asOf: String) -> Bilingual {
        Bilingual(ja: "--as-of の '\(asOf)' は日付（YYYY-MM-DD）ではありません", en: "--as-of '\(asOf)' is not a date (YYYY-MM-DD)")
    }

    static func withinRange(_ lower: Int, _ upper: Int) -> Bilingual {
        Bilingual(ja: "--within は\(lower)〜\(upper)にしてください", en: "--within must be \(lower) to \(upper)")
    }

    static func malformedAgreedAmount(_ pair: String) -> Bilingual {
        Bilingual(
            ja: "--amount は CODE=YEN の形で書いてください（例: 212091=1039500）。'\(pair)' は使えません",
            en: "--amount takes CODE=YEN, e.g. 212091=1039500 (not '\(pair)')")
    }
}
