import Ledger
import ProcurementAPI

/// The help of `procure`'s options, flags and arguments (`--help`), in both languages.
enum OptionHelp {
    // MARK: Serve, database, login

    static let serveHost = Bilingual(
        ja: "待ち受けるアドレス（既定: PROCURE_HOST、なければ \(ServerSettings.defaultHost)）。",
        en: "The address to listen on (default: PROCURE_HOST, else \(ServerSettings.defaultHost)).")
    static let servePort = Bilingual(
        ja: "待ち受けるポート（既定: PROCURE_PORT、なければ \(ServerSettings.defaultPort)）。",
        en: "The port to listen on (default: PROCURE_PORT, else \(ServerSettings.defaultPort)).")
    static let dataDirectory = Bilingual(
        ja: "組み込み PostgreSQL のデータディレクトリ（既定: PROCURE_DATA_DIR、なければ ./\(DatabaseLocation.defaultDataDirectory)）。",
        en:
            "The embedded PostgreSQL's data directory (default: PROCURE_DATA_DIR, else ./\(DatabaseLocation.defaultDataDirectory))."
    )
    static let dataDirectoryIgnored = Bilingual(
        ja: "DATABASE_URL を設定したときは使いません。", en: "Ignored when DATABASE_URL is set.")
    static let serverURL = Bilingual(
        ja: "サーバーのベース URL（例: http://127.0.0.1:8080）。", en: "The server's base URL, e.g. http://127.0.0.1:8080.")
    static let loginToken = Bilingual(
        ja: "`procure admin token create` で作ったトークン。", en: "A token from `procure admin token create`.")
    static let output = Bilingual(
        ja: "結果の出力形式: 読むなら table、スクリプトなら json、表計算ソフトなら csv、Excel ブックなら xlsx（--out に書きます）。",
        en:
            "How to print the result: a table for reading, json for scripts, csv for spreadsheets, xlsx for an Excel workbook (written to --out)."
    )

    // MARK: Inbox

    static let inboxMunicipality = Bilingual(
        ja: "自治体（6桁の団体コード。管理者のみ。指定しなければ、判断を待つ事業者の統合提案だけを示します）。",
        en: "The municipality (a 6-digit code; admins only, who without it see the vendor merge proposals to decide).")
    static let inboxWithin = Bilingual(
        ja: "この日数以内に期限が来る更新を示します（0〜366。既定は90）。", en: "Renewals due within this many days (0 to 366; default 90).")
    static let inboxAsOf = Bilingual(ja: "基準日（既定: 日本時間の今日）。", en: "The day to look from (default: today in Japan).")
    static let inboxOutput = Bilingual(ja: "table（既定）または json。", en: "table (default) or json.")

    // MARK: Admin

    static let explainReport = Bilingual(
        ja: "レポート: peers（共通事業者）、footprint（事業者の分布）または renewals（更新予定）。", en: "The report: peers, footprint or renewals.")
    static let explainMunicipality = Bilingual(
        ja: "自治体（peers、renewals。footprint では、分布上の位置を示す契約の自治体）。",
        en: "The municipality (peers, renewals; for footprint, whose contracts to place).")
    static let explainVendor = Bilingual(
        ja: "事業者の番号（footprint。peers では絞り込み）。", en: "The vendor id (footprint; for peers, a filter).")
    static let explainAsOf = Bilingual(
        ja: "レポートの基準日（YYYY-MM-DD）。既定は日本時間の今日。", en: "The report's day (YYYY-MM-DD); today in Japan by default.")
    static let explainWithin = Bilingual(ja: "renewals: 対象とする期間の日数。", en: "Renewals: the window in days.")
    static let generateSeed = Bilingual(
        ja: "乱数の種: 同じ種からは同じ台帳ができます。", en: "The random seed: the same seed gives the same register.")
    static let generateVendors = Bilingual(
        ja: "事業者の数（15以上。分野ごとに1つ以上）。", en: "How many vendors (at least 15, one per category).")
    static let generateContracts = Bilingual(ja: "自治体ごとの契約の数。", en: "How many contracts each municipality has.")
    static let generateMunicipalities = Bilingual(
        ja: "団体コード順に最初の N 団体だけ（既定: 全1,741団体）。", en: "Only the first N municipalities by code (default: all 1,741).")
    static let generateFirstFiscalYear = Bilingual(
        ja: "契約が終わる5つの年度（4月〜3月）の最初の年度。", en: "The first of the five fiscal years (April–March) the contracts end in.")
    static let tokenMunicipality = Bilingual(
        ja: "職員の自治体: 6桁の団体コード（例: 373869）。",
        en: "The member's municipality: its 6-digit local-government code (e.g. 373869).")
    static let tokenAdmin = Bilingual(
        ja: "職員用ではなく、管理者（ネットワークの取りまとめ役）のトークンを作ります。",
        en: "Create an admin token (a coordinator of the network) instead of a member's.")
    static let tokenName = Bilingual(
        ja: "トークンを使う人や部署（例: 保健センター）。", en: "Who uses the token, e.g. a department (保健センター).")
    static let tokenID = Bilingual(
        ja: "トークンの番号（`procure admin token list` を参照）。", en: "The token's id (see `procure admin token list`).")

    // MARK: Cases

    static let caseID = Bilingual(ja: "案件の番号。", en: "The case's id.")
    static let caseIDFromList = Bilingual(
        ja: "案件の番号（`procure cases list` の ID 列）。", en: "The case's id (the ID column of `procure cases list`).")
    static let openCaseID = Bilingual(
        ja: "案件の番号（`procure cases list --status open` を参照）。",
        en: "The case's id (see `procure cases list --status open`).")
    static let inviteMunicipalities = Bilingual(
        ja: "招待する自治体（6桁の団体コード。`procure peers` を参照）。",
        en: "The municipalities to invite (6-digit codes; see `procure peers`).")
    static let acceptingMunicipality = Bilingual(
        ja: "招待を受ける自治体（6桁の団体コード。管理者のみ）。", en: "The municipality accepting (a 6-digit code; admins only).")
    static let decliningMunicipality = Bilingual(
        ja: "辞退する自治体（6桁の団体コード。管理者のみ）。", en: "The municipality declining (a 6-digit code; admins only).")
    static let askingMunicipality = Bilingual(
        ja: "参加を申請する自治体（6桁の団体コード。管理者のみ）。", en: "The municipality asking (a 6-digit code; admins only).")
    static let applicantMunicipality = Bilingual(
        ja: "参加を申請した自治体（6桁の団体コード）。", en: "The municipality that asked to join (a 6-digit code).")
    static let withdrawingMunicipality = Bilingual(
        ja: "案件から外れる自治体（6桁の団体コード。管理者のみ）。", en: "The municipality withdrawing (a 6-digit code; admins only).")
    static let baselineMunicipality = Bilingual(
        ja: "基準額を示す自治体（6桁の団体コード。管理者のみ）。", en: "The municipality whose baseline it is (a 6-digit code; admins only).")
    static let noteText = Bilingual(ja: "本文。", en: "The text.")
    static let noteMinutes = Bilingual(ja: "本文をメモではなく議事録とします。", en: "The text is meeting minutes rather than a note.")
    static let noteParticipantsOnly = Bilingual(
        ja: "本文を案件の参加自治体だけが読めるようにします。", en: "Only the case's participants may read the text.")
    static let offerAmount = Bilingual(
        ja: "見積の年額（円。3,000,000 または 3,000,000円）。", en: "The amount offered, in yen a year (3,000,000 or 3,000,000円).")
    static let offerTaxExcluded = Bilingual(
        ja: "金額は税抜です（既定: 税込）。", en: "The amount excludes consumption tax (default: it includes it).")
    static let offerDate = Bilingual(
        ja: "見積の日付（2026-12-10 または 令和8年12月10日）。", en: "The day of the offer (2026-12-10 or 令和8年12月10日).")
    static let offerValidUntil = Bilingual(
        ja: "見積の有効期限（--date と同じ書き方）。", en: "The last day the offer is valid (as --date).")
    static let offerMunicipality = Bilingual(
        ja: "見積の宛先の参加自治体（6桁の団体コード。既定: 全体向け）。",
        en: "The participant the offer is for (a 6-digit code; default: the whole group).")
    static let timelineRemark = Bilingual(ja: "経過に残す一言。", en: "A remark for the timeline.")
    static let advanceStatus = Bilingual(
        ja: "移す状況: negotiating（交渉中）、failed（不調）、closed（終了）または withdrawn（取り下げ）。",
        en: "The status to move to: negotiating, failed, closed or withdrawn.")
    static let advanceReason = Bilingual(ja: "理由（経過に残します）。", en: "Why, for the timeline.")
    static let agreedAmount = Bilingual(
        ja: "参加自治体の合意した年額を コード=円 で（例: 212091=1039500）。自治体ごとに繰り返します。",
        en: "A participant's agreed annual amount, CODE=YEN (e.g. 212091=1039500); repeat for each.")
    static let amountsTaxExcluded = Bilingual(
        ja: "金額は税抜です（既定: 税込）。", en: "The amounts exclude consumption tax (default: they include it).")
    static let agreeFirstFiscalYear = Bilingual(
        ja: "金額を適用する最初の年度（2027年度 = 2027-04-01 … 2028-03-31）。",
        en: "The first fiscal year the amounts apply to (FY2027 = 2027-04-01 … 2028-03-31).")
    static let agreeLastFiscalYear = Bilingual(
        ja: "金額を適用する最後の年度（既定: 最初の年度と同じ）。", en: "The last fiscal year they apply to (default: the first).")
    static let baselineAmount = Bilingual(
        ja: "基準額: いま事業者に払っている、または見積もられた年額（円。1,200,000円）。",
        en: "Your baseline: the annual amount in yen you pay the vendor now, or were quoted (1,200,000円).")
    static let baselineTaxExcluded = Bilingual(
        ja: "基準額は税抜です（既定: 税込）。", en: "The baseline excludes consumption tax (default: it includes it).")
    static let baselineContract = Bilingual(
        ja: "基準額の元になる、案件の事業者との自分の契約（その番号）。",
        en: "Your own contract with the case's vendor the baseline comes from (its id).")
    static let casesVendor = Bilingual(ja: "この事業者の案件だけ（事業者の番号）。", en: "Only cases with this vendor (its id).")
    static let casesCategory = Bilingual(ja: "この分野コードの案件だけ。", en: "Only cases of this category code.")
    static let casesStatus = Bilingual(
        ja: "この状況の案件だけ: open、negotiating、agreed、failed、closed、withdrawn。",
        en: "Only cases with this status: open, negotiating, agreed, failed, closed, withdrawn.")
    static let casesMine = Bilingual(
        ja: "自分の自治体が関わる案件だけ（幹事、招待中、参加申請中または参加中）。",
        en: "Only cases your municipality is in (leading, invited, asking to join or taking part).")
    static let limit = Bilingual(ja: "表示する最大件数（既定: すべて）。", en: "Print at most this many (default: all).")
    static let timelineLimit = Bilingual(
        ja: "表示する最大件数。古い順（既定: すべて）。", en: "Print at most this many entries, oldest first (default: all).")
    static let newTitle = Bilingual(ja: "新しい件名。", en: "The new title.")
    static let updateProduct = Bilingual(
        ja: "交渉の対象の製品・システム（\"\" でなしにします）。", en: "The product or system negotiated about (\"\" for none).")
    static let updateDescription = Bilingual(
        ja: "案件の説明（\"\" でなしにします）。", en: "What the case is about (\"\" for nothing).")
    static let updateTargetPercent = Bilingual(
        ja: "目標とする削減率（1〜100の整数のパーセント）。金額の目標に代わります。",
        en: "The reduction sought, in whole percent (1 to 100); replaces a target in yen.")
    static let updateTargetYen = Bilingual(
        ja: "目標とする削減額（年額、円）。パーセントの目標に代わります。", en: "The reduction sought, in yen a year; replaces a target in percent.")
    static let noTarget = Bilingual(ja: "目標をなくします。", en: "Remove the target.")
    static let updateDeadline = Bilingual(
        ja: "招待した自治体の回答期限（2027-01-31 または 令和9年1月31日。\"\" でなしにします）。",
        en: "The day invited municipalities should answer by (2027-01-31 or 令和9年1月31日; \"\" for none).")
    static let fromRenewal = Bilingual(
        ja: "案件の元にする、更新予定の一覧にある自分の契約（その番号）。", en: "Your contract on the renewal radar to open the case from (its id).")
    static let fromRenewalAsOf = Bilingual(
        ja: "--from-renewal のとき: 更新予定を調べる基準日（YYYY-MM-DD。既定: 日本時間の今日）。",
        en: "With --from-renewal: the day the radar is read for (YYYY-MM-DD; default: today in Japan).")
    static let caseVendor = Bilingual(
        ja: "事業者（その番号。`procure vendors search` を参照）。", en: "The vendor (its id; see `procure vendors search`).")
    static let caseCategory = Bilingual(
        ja: "分野コード（`procure categories list` を参照）。", en: "The category code (see `procure categories list`).")
    static let caseProduct = Bilingual(ja: "交渉の対象の製品・システム。", en: "The product or system negotiated about.")
    static let caseTitle = Bilingual(
        ja: "案件の件名（--from-renewal のときの既定: 契約の件名に「共同交渉」を付けたもの）。",
        en: "The case's title (default with --from-renewal: the contract's title and 共同交渉).")
    static let caseDescription = Bilingual(
        ja: "招待する自治体に向けた、案件の説明。", en: "What the case is about, for the municipalities you invite.")
    static let targetPercent = Bilingual(
        ja: "目標とする削減率（1〜100の整数のパーセント）。", en: "The reduction sought, in whole percent (1 to 100).")
    static let targetYen = Bilingual(ja: "目標とする削減額（年額、円）。", en: "The reduction sought, in yen a year.")
    static let deadline = Bilingual(
        ja: "招待した自治体の回答期限（2027-01-31 または 令和9年1月31日）。",
        en: "The day invited municipalities should answer by (2027-01-31 or 令和9年1月31日).")
    static let invite = Bilingual(
        ja: "この自治体も招待します（6桁の団体コード）。複数なら繰り返します。",
        en: "Invite this municipality too (a 6-digit code); repeat for several.")
    static let leadMunicipality = Bilingual(
        ja: "幹事の自治体（6桁の団体コード。管理者のみ指定し、管理者は必ず指定します）。",
        en: "The lead municipality (a 6-digit code; admins only, who must give it).")

    // MARK: Categories

    static let categoryCode = Bilingual(
        ja: "コード: 英小文字で始まる2〜40文字の英小文字・数字・_（school_lunch）。",
        en: "The code: 2 to 40 lower-case letters, digits and _, starting with a letter (school_lunch).")
    static let categoryNameJapanese = Bilingual(ja: "日本語の名前（学校給食システム）。", en: "The name in Japanese (学校給食システム).")
    static let categoryNameEnglish = Bilingual(
        ja: "英語の名前（School lunch systems）。", en: "The name in English (School lunch systems).")

    // MARK: Contracts

    static let contractMunicipality = Bilingual(
        ja: "契約の自治体（6桁の団体コード）。管理者は必ず指定し、職員は省略できます。",
        en: "Whose contract (a 6-digit local-government code). Admins must give it; members may omit it.")
    static let vendorName = Bilingual(
        ja: "事業者の名称。書き方は問いません（株式会社ABCシステム、㈱ABCシステム）。未登録なら登録します。",
        en: "The vendor's name, however written (株式会社ABCシステム, ㈱ABCシステム); registered if new.")
    static let vendorID = Bilingual(
        ja: "台帳での事業者の番号（`procure vendors search` を参照）。",
        en: "The vendor's id in the register (see `procure vendors search`).")
    static let contractCorporateNumber = Bilingual(
        ja: "事業者の13桁の法人番号。--vendor と合わせると、この番号で新しい事業者を登録します。",
        en: "The vendor's 13-digit corporate number (法人番号); with --vendor, registers a new vendor with it.")
    static let contractCategory = Bilingual(
        ja: "何を買ったか: 分野のコードまたは名前（`procure categories list` を参照）。例: reservation_system または 予約システム。",
        en:
            "What was bought: a category's code or name (see `procure categories list`), e.g. reservation_system or 予約システム."
    )
    static let contractTitle = Bilingual(ja: "契約の件名。", en: "The contract's subject (件名).")
    static let contractProduct = Bilingual(
        ja: "買った製品・システム。空の値で消します。", en: "The product or system bought. An empty value removes it.")
    static let contractAmount = Bilingual(
        ja: "支払区分ごとの金額（円単位）。例: 1200000、1,200,000、¥1,200,000 または 1,200,000円。",
        en: "The amount in whole yen per billing period, e.g. 1200000, 1,200,000, ¥1,200,000 or 1,200,000円.")
    static let contractTax = Bilingual(
        ja: "金額が税込か税抜か（新しい契約の既定: 税込）。",
        en: "Whether the amount includes consumption tax (default for a new contract: included).")
    static let taxIncluded = Bilingual(ja: "金額は税込です。", en: "The amount includes consumption tax (税込).")
    static let taxExcluded = Bilingual(ja: "金額は税抜です。", en: "The amount excludes consumption tax (税抜).")
    static let contractBilling = Bilingual(
        ja: "支払区分: annual（年額）、monthly（月額）または one-time（一括）。",
        en: "How the amount is billed: annual (年額), monthly (月額) or one-time (一括).")
    static let contractStart = Bilingual(
        ja: "契約の開始日: 2024-04-01、2024/4/1 または 令和6年4月1日。",
        en: "The first day of the contract: 2024-04-01, 2024/4/1 or 令和6年4月1日.")
    static let contractEnd = Bilingual(
        ja: "契約の終了日: 2025-03-31、2025/3/31 または 令和7年3月31日。",
        en: "The last day of the contract: 2025-03-31, 2025/3/31 or 令和7年3月31日.")
    static let contractMethod = Bilingual(
        ja: "契約方法: general-competitive（一般競争入札）、designated-competitive（指名競争入札）、negotiated（随意契約）または other（その他）。",
        en:
            "How it was awarded: general-competitive (一般競争入札), designated-competitive (指名競争入札), negotiated (随意契約) or other."
    )
    static let contractRenewalNotice = Bilingual(
        ja: "更新を決めなければならない日（更新通知日。--end と同じ書き方）。空の値で消します。",
        en: "The date by which the renewal must be decided (as --end). An empty value removes it.")
    static let contractExternalReference = Bilingual(
        ja: "自分の自治体での契約番号。空の値で消します。", en: "Your municipality's own contract number. An empty value removes it.")
    static let contractNotes = Bilingual(ja: "備考。空の値で消します。", en: "Notes. An empty value removes them.")
    static let contractSourceURL = Bilingual(
        ja: "契約を公表している場所（http(s) の URL）。空の値で消します。",
        en: "Where the contract is published (an http(s) URL). An empty value removes it.")
    static let contractID = Bilingual(
        ja: "契約の番号（`procure contracts list` の ID 列）。",
        en: "The contract's id (the ID column of `procure contracts list`).")
    static let deleteIfVersion = Bilingual(
        ja: "契約がまだこの版（`show` の表示のとおり）のときだけ削除します。既定: 現在の版。",
        en: "Delete only if the contract is still at this version (as `show` printed it); default: the current one.")
    static let deleteYes = Bilingual(ja: "確認せずに削除します。", en: "Delete without asking.")
    static let importFile = Bilingual(
        ja: "契約一覧: CSV ファイルか Excel ブック（.xlsx）。", en: "The contract list: a CSV file or an Excel workbook (.xlsx).")
    static let contractSigned = Bilingual(
        ja: "契約締結日（契約期間の開始日とは別）。空の値で消します。",
        en: "The date the contract was signed (not the start of its term); an empty value clears it.")
    static let exportMunicipality = Bilingual(
        ja: "書き出す自治体（6桁の団体コード）。既定は自分の自治体で、管理者は必ず指定します。",
        en: "Whose contracts (a 6-digit local-government code); default your own; admins must give it.")
    static let exportOut = Bilingual(
        ja: "書き出す Excel ブック（.xlsx）。あれば置き換えます。", en: "The workbook to write (.xlsx); replaced if it exists.")
    static let importTemplate = Bilingual(
        ja: "取り込む列の見出しを表示します（--output csv か --output xlsx --out FILE で、記入用の空の一覧）。",
        en: "Show the columns' headings (with --output csv, or --output xlsx --out FILE: an empty list to fill in).")
    static let importSheet = Bilingual(
        ja: "Excel ブックのどのシートを読むか: シート名か番号（1から）。既定は最初の（非表示でない）シート。",
        en:
            "Which sheet of an Excel workbook to read: its name or number (from 1). Default: the first sheet not hidden."
    )
    static let importMunicipality = Bilingual(
        ja: "契約の自治体（6桁の団体コード）。管理者は必ず指定し、職員は自分の自治体の契約を取り込みます。",
        en: "Whose contracts (a 6-digit local-government code); admins must give it, members import their own.")
    static let importSkipInvalid = Bilingual(
        ja: "不正な行が1行でもあると何も取り込まない代わりに、正しい行を取り込み、不正な行を一覧します。",
        en: "Import the valid rows and list the invalid ones, instead of importing nothing if any row is invalid.")
    static let excel = Bilingual(
        ja: "--output csv で、バイトオーダーマーク付きの UTF-8 で出力します（日本語版 Windows の Excel がそのまま開けます）。",
        en: "With --output csv: UTF-8 with a byte-order mark, which Excel on Japanese Windows opens as UTF-8.")
    static let out = Bilingual(
        ja: "--output xlsx で、Excel ブックを書き出すファイル（あれば置き換えます）。",
        en: "With --output xlsx: the file to write the Excel workbook to (replaced if it exists).")
    static let importMap = Bilingual(
        ja: "見出しを列として読みます: '見出し=列'（列は amount などの英語名か 金額 などの見出し）。繰り返せます。",
        en:
            "Read a heading as a column: 'HEADING=column' (the column's English name, e.g. amount, or a heading, e.g. 金額). Repeatable."
    )
    static let importIgnore = Bilingual(
        ja: "この見出しの列を読みません。繰り返せます。", en: "Leave out the column with this heading. Repeatable.")
    static let importEncoding = Bilingual(
        ja: "CSV ファイルの文字コード: auto（正しい UTF-8 なら UTF-8、それ以外は CP932）、utf-8 または cp932。",
        en: "A CSV file's encoding: auto (UTF-8 if the file is valid UTF-8, else CP932), utf-8 or cp932.")
    static let listMunicipality = Bilingual(
        ja: "この自治体の契約だけ（6桁の団体コード）。", en: "Only this municipality's contracts (a 6-digit local-government code).")
    static let listPrefecture = Bilingual(
        ja: "この都道府県の自治体の契約だけ: 名称（香川県、香川）またはコード（37）。",
        en: "Only contracts of municipalities in this prefecture: its name (香川県, 香川) or code (37).")
    static let listVendor = Bilingual(
        ja: "この事業者との契約だけ（事業者の番号。`procure vendors search` を参照）。",
        en: "Only contracts with this vendor (its id; see `procure vendors search`).")
    static let listCategory = Bilingual(
        ja: "この分野コードの契約だけ（`procure categories list` を参照）。",
        en: "Only contracts of this category code (see `procure categories list`).")
    static let listFiscalYear = Bilingual(
        ja: "この年度に始まる契約だけ（2024年度 = 2024-04-01 … 2025-03-31）。",
        en: "Only contracts starting in this fiscal year (年度; FY2024 = 2024-04-01 … 2025-03-31).")
    static let listEndsBefore = Bilingual(
        ja: "この日より前に終わる契約だけ（YYYY-MM-DD）: 更新を迎える契約です。",
        en: "Only contracts ending before this date (YYYY-MM-DD): what comes up for renewal.")
    static let historyContractID = Bilingual(
        ja: "契約の番号。削除した契約の履歴も表示します。", en: "The contract's id; a deleted contract's history is still shown.")
    static let moveToMunicipality = Bilingual(
        ja: "契約をこの自治体に移します（6桁の団体コード。管理者のみ）。",
        en: "Move the contract to this municipality (a 6-digit code; admins only).")

    // MARK: Municipalities

    static let prefecture = Bilingual(
        ja: "この都道府県だけ: 名称（香川県、香川）またはコード（37）。", en: "Only this prefecture: its name (香川県, 香川) or code (37).")
    static let municipalitySearch = Bilingual(
        ja: "名称またはよみの一部（漢字、カタカナまたはひらがな）。", en: "Part of a name or its reading, in kanji, katakana or hiragana.")
    static let municipalityCodeOrName = Bilingual(
        ja: "6桁の団体コード（例: 373869）、または名称かよみ（宇多津町）。",
        en: "The 6-digit local-government code (e.g. 373869), or a name or reading (宇多津町).")

    // MARK: Peers and renewals

    static let peersMunicipality = Bilingual(
        ja: "どの自治体の共通事業者か（6桁の団体コード）。管理者は必ず指定し、職員は省略できます。",
        en: "Whose peers (a 6-digit local-government code). Admins must give it; members may omit it.")
    static let peersCategory = Bilingual(
        ja: "双方ともこの分野の契約だけ（分野コード。`procure categories list` を参照）。",
        en: "Only this category, on both sides (a category code, see `procure categories list`).")
    static let peersPrefecture = Bilingual(
        ja: "この都道府県の相手だけ: 名称（岐阜県、岐阜）またはコード（21）。", en: "Only peers in this prefecture: its name (岐阜県, 岐阜) or code (21).")
    static let peersVendor = Bilingual(
        ja: "この事業者だけ（事業者の番号。`procure vendors search` を参照）。",
        en: "Only this vendor (its id; see `procure vendors search`).")
    static let reportAsOfInForce = Bilingual(
        ja: "レポートの基準日（YYYY-MM-DD）: この日に有効な契約を数えます（既定: 日本時間の今日）。",
        en: "The day to report for (YYYY-MM-DD): contracts in force on it count (default: today in Japan).")
    static let peersPerVendor = Bilingual(
        ja: "事業者ごとの相手の最大数。1〜100（既定は10）。", en: "At most this many peers per vendor, 1 to 100 (default 10).")
    static let renewalsMunicipality = Bilingual(
        ja: "どの自治体の契約か（6桁の団体コード）。管理者は必ず指定し、職員は省略できます。",
        en: "Whose contracts (a 6-digit local-government code). Admins must give it; members may omit it.")
    static let renewalsWithin = Bilingual(
        ja: "--as-of から数えた対象期間の日数（0〜1096）。", en: "The window in days from --as-of (0 to 1096).")
    static let peerWindowMonths = Bilingual(
        ja: "相手の契約の終了日が、自分の終了日の前後何か月以内ならよいか（0〜24）。",
        en: "How many months a peer's end date may be before or after yours (0 to 24).")
    static let reportAsOf = Bilingual(
        ja: "レポートの基準日（YYYY-MM-DD。既定: 日本時間の今日）。", en: "The day to report for (YYYY-MM-DD; default: today in Japan).")
    static let peersPerContract = Bilingual(
        ja: "契約ごとの相手の自治体の最大数。1〜100（既定は5）。終了日の近い順。",
        en: "At most this many peer municipalities per contract, 1 to 100 (default 5), nearest end date first.")

    // MARK: Reports

    static let savingsReportBy = Bilingual(
        ja: "集計の単位: fiscal-year（年度）、municipality（自治体）、prefecture（都道府県）、vendor（事業者）、category（分野）または case（案件）。",
        en: "Group by fiscal-year, municipality, prefecture, vendor, category or case.")
    static let fiscalYear = Bilingual(
        ja: "この年度だけ（2024年度 = 2024-04-01 … 2025-03-31）。", en: "Only this fiscal year (FY2024 = 2024-04-01 … 2025-03-31)."
    )
    static let fromFiscalYear = Bilingual(ja: "この年度以降だけ。", en: "Only fiscal years from this one.")
    static let toFiscalYear = Bilingual(ja: "この年度までだけ。", en: "Only fiscal years up to this one.")
    static let reportMunicipality = Bilingual(
        ja: "この自治体だけ（6桁の団体コード）。", en: "Only this municipality (its 6-digit code).")
    static let reportVendor = Bilingual(ja: "この事業者だけ（事業者の番号）。", en: "Only this vendor (its id).")
    static let reportCase = Bilingual(ja: "この案件だけ（案件の番号）。", en: "Only this case (its id).")

    // MARK: Savings

    static let savingsMunicipality = Bilingual(
        ja: "参加自治体の6桁の団体コード（既定: 自分の自治体）。", en: "The participant's 6-digit code (default: your own municipality).")
    static let savingsBaseline = Bilingual(
        ja: "自治体がこれまで払っていた（または見積もられた）額（円。1,100,000 または 1,100,000円）。",
        en: "What the municipality paid (or was quoted) before, in yen (1,100,000 or 1,100,000円).")
    static let savingsNegotiated = Bilingual(ja: "合意のもとで払う額（円）。", en: "What it pays under the agreement, in yen.")
    static let savingsEffectiveDate = Bilingual(
        ja: "削減の効果が始まる日（2026-04-01 または 令和8年4月1日）。この日で年度が決まります。",
        en: "The date the saving takes effect (2026-04-01 or 令和8年4月1日); it decides the fiscal year.")
    static let savingsFiscalYear = Bilingual(
        ja: "年度。効果が始まる日と合っているか確かめます（2024年度 = 2024-04-01 … 2025-03-31）。",
        en: "The fiscal year, checked against the effective date (FY2024 = 2024-04-01 … 2025-03-31).")
    static let savingsNote = Bilingual(ja: "記録に添えるメモ。", en: "A note kept with the entry.")
    static let idempotencyKey = Bilingual(
        ja: "表示されたキーで依頼をやり直します（既定: 新しいキー）。", en: "Retry a request with the key it printed (default: a new key).")
    static let savingsEntryID = Bilingual(
        ja: "記録の番号（`procure savings list` の ID 列）。", en: "The entry's id (the ID column of `procure savings list`).")
    static let reverseReason = Bilingual(ja: "取り消す理由。", en: "Why the entry is reversed.")
    static let savingsListMunicipality = Bilingual(
        ja: "この自治体の記録だけ（6桁の団体コード）。累計とともに表示します。",
        en: "Only this municipality's entries (its 6-digit code), with a running total.")
    static let savingsListCase = Bilingual(ja: "この案件の記録だけ。", en: "Only this case's entries.")

    // MARK: Vendors

    static let registeredVendorName = Bilingual(
        ja: "登録する事業者の名称。法人格も含めます（株式会社ABCシステム）。",
        en: "The vendor's name as it is registered, legal form included (株式会社ABCシステム).")
    static let vendorCorporateNumber = Bilingual(
        ja: "事業者の13桁の法人番号。全角数字でも構いません。",
        en: "The vendor's 13-digit corporate number (法人番号); full-width digits are accepted.")
    static let vendorKana = Bilingual(
        ja: "名称のよみ（カタカナまたはひらがな。エービーシーシステム）。", en: "The name's reading, in katakana or hiragana (エービーシーシステム).")
    static let mergeWinner = Bilingual(ja: "残す事業者の番号。", en: "The id of the vendor that remains.")
    static let mergeMerged = Bilingual(
        ja: "統合されてなくなる事業者の番号。", en: "The id of the vendor merged into it, which ceases to exist.")
    static let vendorSearchText = Bilingual(
        ja: "事業者の名称・別名・よみの一部。", en: "Part of a vendor's name, an alias or its reading.")
    static let vendorSearchLimit = Bilingual(ja: "表示する最大件数（1〜500）。", en: "Print at most this many matches (1 to 500).")
    static let showVendorID = Bilingual(
        ja: "事業者の番号（`procure vendors search` の表示のとおり）。", en: "The vendor's id (as `procure vendors search` lists it).")
    static let showVendorCorporateNumber = Bilingual(
        ja: "番号ではなく13桁の法人番号で事業者を探します。", en: "Find the vendor by its 13-digit corporate number (法人番号) instead of its id."
    )

    // Savings entries that differ from the agreement, vendor typos and merge proposals.
    static let differsFromAgreement = Bilingual(
        ja: "額が合意のとおりではありません（--reason で理由を書きます）。",
        en: "The figures are not the agreement's (give --reason).")
    static let differsReason = Bilingual(
        ja: "額が合意と異なる理由。記録とともに残ります。",
        en: "Why the figures differ from the agreement; kept with the entry.")
    static let newVendor = Bilingual(
        ja: "--vendor は新しい事業者です（登録済みの事業者と名前が似ていても）。",
        en: "--vendor is a new vendor, though its name is close to a registered one's.")
    static let newVendorRegistration = Bilingual(
        ja: "新しい事業者として登録します（登録済みの事業者と名前が似ていても）。",
        en: "A new vendor, though its name is close to a registered one's.")
    static let mergeAwayVendor = Bilingual(
        ja: "統合してなくす事業者の ID。",
        en: "The id of the vendor to merge away.")
    static let mergeIntoVendor = Bilingual(
        ja: "同じ会社である、残る事業者の ID。",
        en: "The id of the vendor it is the same company as, which remains.")
    static let mergeReason = Bilingual(
        ja: "同じ会社だと考える理由。",
        en: "Why they are one company.")
    static let proposalStatus = Bilingual(
        ja: "open（既定）、accepted、rejected、superseded または all。",
        en: "open (the default), accepted, rejected, superseded or all.")
    static let proposalID = Bilingual(
        ja: "申し出の ID（procure vendors proposals を参照）。",
        en: "The proposal's id (see `procure vendors proposals`).")
    static let decisionNote = Bilingual(
        ja: "判断とともに残すメモ。",
        en: "A note kept with the decision.")
    static let rejectionNote = Bilingual(
        ja: "同じ会社ではない理由。判断とともに残ります。",
        en: "Why they are not one company; kept with the decision.")
}
