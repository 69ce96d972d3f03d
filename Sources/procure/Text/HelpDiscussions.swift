import Ledger

/// The longer explanations and examples of `procure`'s commands (`--help`), in both languages:
/// one-line literals, `\n` where a line breaks; the examples are the same in each.
enum Discussion {
    static let serve = Bilingual(
        ja:
            "DATABASE_URL がなければ、サーバーはデータディレクトリに自前の PostgreSQL クラスターを動かし（初回に初期化します）、Unix ソケットからだけ接続を受け、サーバーが止まるときに止めます（SIGINT または SIGTERM: まず HTTP サーバー、次にデータベース）。DATABASE_URL=postgres://user:password@host:5432/procure があれば、そのサーバーを使います。マイグレーションは起動時に適用します。環境変数: PROCURE_HOST、PROCURE_PORT、PROCURE_DATA_DIR、DATABASE_URL、PROCURE_LOG_LEVEL。",
        en:
            "Without DATABASE_URL the server runs its own PostgreSQL cluster in the data directory (initialised on first run), reachable only through a Unix socket, and stops it when the server stops (SIGINT or SIGTERM: the HTTP server first, then the database). With DATABASE_URL=postgres://user:password@host:5432/procure it uses that server instead. Migrations are applied at start. Environment: PROCURE_HOST, PROCURE_PORT, PROCURE_DATA_DIR, DATABASE_URL, PROCURE_LOG_LEVEL."
    )
    static let addContract = Bilingual(
        ja:
            "例: procure contracts add --vendor 株式会社ABCシステム --category reservation_system \\\n    --title ワクチン接種予約システム運用業務 --amount 1200000 --billing annual \\\n    --start 2026-04-01 --end 2027-03-31 --method negotiated",
        en:
            "Example: procure contracts add --vendor 株式会社ABCシステム --category reservation_system \\\n    --title ワクチン接種予約システム運用業務 --amount 1200000 --billing annual \\\n    --start 2026-04-01 --end 2027-03-31 --method negotiated"
    )
    static let deleteContract = Bilingual(
        ja:
            "端末では契約を表示し、削除する前に確認します。--yes を付けたとき（または入力が端末でないスクリプトから）は確認しません。\n例: procure contracts delete 12 --if-version 3",
        en:
            "On a terminal it shows the contract and asks before deleting; --yes (or a script, whose input is no terminal) does not ask.\nExample: procure contracts delete 12 --if-version 3"
    )
    static let importContracts = Bilingual(
        ja:
            "CSV ファイルか Excel ブック（.xlsx。ファイルの中身で判定し、--sheet でシートを選べます）を読みます。見出し行は列の名前で（表題や「単位：円」の行の下にあってもかまいません）、日本語でも英語でも書けます（下のどちらかの名前。大文字・小文字、空白、全角・半角は区別しません）。必須: 件名, 事業者名, 分類, 金額, 税込, 支払区分, 開始日, 終了日, 契約方法。\n\n  件名 / title: 買ったもの\n  製品名 / product: 製品・システム\n  事業者名, 業者名 / vendorName: 事業者。登録済みの事業者と照合します\n  法人番号 / vendorCorporateNumber: 13桁。名称より先に照合します\n  分類 / categoryCode: 分野のコードまたは名前（procure categories list）\n  金額 / amount: 円単位（1234000, 1,234,000, ¥1,234,000, 1,234,000円）\n  税込 / taxIncluded: 税込 または 税抜（true または false も可）\n  支払区分 / billingBasis: 一括, 月額 または 年額（one_time, monthly, annual）\n  開始日, 終了日 / startDate, endDate: 2024-04-01, 2024/4/1, 令和6年4月1日\n  契約方法 / contractMethod: 一般競争入札, 指名競争入札, 随意契約 または その他\n  更新通知日 / renewalNoticeDate: 終了日以前の日付\n  契約締結日 / signedDate: 契約を結んだ日（開始日とは別）\n  契約番号 / externalReference: 自団体の契約番号。契約を特定します\n  備考 / notes, 出典URL / sourceUrl\n\n行は契約番号で台帳の契約と照合するので、同じファイルをもう一度取り込んでも何も変わらず、変えた行はその契約を更新します（履歴が残ります）。契約番号のない行は、事業者・件名・開始日で照合します。削除はしません。不正な行はすべて行と列とともに一覧します。--skip-invalid がなければ、不正な行が1行でもあると何も取り込みません。文字コードは自動で判定します（BOM の有無を問わず UTF-8、それ以外は CP932）。docs/import.md も参照してください。\n\n例: procure contracts import 契約一覧.csv\n    procure contracts import 契約一覧.xlsx --sheet 2\n    procure contracts import contracts.csv --skip-invalid --output json\n    procure contracts import list.csv --municipality 373869   （管理者）",
        en:
            "Reads a CSV file or an Excel workbook (.xlsx; told apart by its content, --sheet picks the sheet). The header row names the columns (it may sit below a caption or a 単位：円 row), in Japanese or English (either name below; case, spaces and full-width letters do not matter). Required: 件名, 事業者名, 分類, 金額, 税込, 支払区分, 開始日, 終了日, 契約方法.\n\n  件名 / title: what was bought\n  製品名 / product: the product or system\n  事業者名, 業者名 / vendorName: the vendor; matched to registered vendors\n  法人番号 / vendorCorporateNumber: 13 digits; matched before the name\n  分類 / categoryCode: a category code or name (procure categories list)\n  金額 / amount: whole yen (1234000, 1,234,000, ¥1,234,000, 1,234,000円)\n  税込 / taxIncluded: 税込 or 税抜 (also true or false)\n  支払区分 / billingBasis: 一括, 月額 or 年額 (one_time, monthly, annual)\n  開始日, 終了日 / startDate, endDate: 2024-04-01, 2024/4/1, 令和6年4月1日\n  契約方法 / contractMethod: 一般競争入札, 指名競争入札, 随意契約 or その他\n  更新通知日 / renewalNoticeDate: a date no later than the end date\n  契約締結日 / signedDate: the date the contract was signed (not its start)\n  契約番号 / externalReference: your contract number; identifies it\n  備考 / notes, 出典URL / sourceUrl\n\nRows are matched to the register by 契約番号, so importing the same file again changes nothing and a changed row updates its contract (with history). Rows without one are matched by vendor, title and start date. Nothing is deleted. Every invalid row is listed with its line and column; unless --skip-invalid is given, nothing is imported when any row is invalid. The encoding is detected (UTF-8 with or without BOM, else CP932); see also docs/import.md.\n\nExamples: procure contracts import 契約一覧.csv\n          procure contracts import 契約一覧.xlsx --sheet 2\n          procure contracts import contracts.csv --skip-invalid --output json\n          procure contracts import list.csv --municipality 373869   (admins)"
    )
    static let exportContracts = Bilingual(
        ja:
            "見出しは取り込みの列名（団体コード, 契約番号, 件名, 事業者名, …）で、金額は円の数値、日付は日付として書きます。Excel で編集して procure contracts import で取り込むと、変えた行の契約だけが更新されます（履歴が残ります）。職員は自分の自治体の契約を、管理者は --municipality の自治体の契約を書き出します。ファイルがあれば置き換えます。\n\n例: procure contracts export --out 契約一覧.xlsx\n    procure contracts import 契約一覧.xlsx",
        en:
            "The headings are the import's column names (団体コード, 契約番号, 件名, 事業者名, …); amounts are numbers in yen and dates are dates. Edit it in Excel and import it with procure contracts import: the contracts whose rows changed are updated (with history), nothing else. Members export their own municipality's contracts, admins the one given by --municipality. An existing file is replaced.\n\nExample: procure contracts export --out 契約一覧.xlsx\n         procure contracts import 契約一覧.xlsx"
    )
    static let listContracts = Bilingual(
        ja:
            "例: procure contracts list --vendor 12\n    procure contracts list --prefecture 香川県 --category reservation_system\n    procure contracts list --ends-before 2025-04-01 --output csv",
        en:
            "Examples: procure contracts list --vendor 12\n          procure contracts list --prefecture 香川県 --category reservation_system\n          procure contracts list --ends-before 2025-04-01 --output csv"
    )
    static let showContract = Bilingual(ja: "例: procure contracts show 12", en: "Example: procure contracts show 12")
    static let showContractHistory = Bilingual(
        ja: "例: procure contracts history 12", en: "Example: procure contracts history 12")
    static let updateContract = Bilingual(
        ja:
            "契約を読み、指定したオプションを当てはめ、その間にだれも変えていなければ書き戻します。指定しなかったオプションは値が変わりません。空の値（--notes \"\"）で任意の項目を消します。\n例: procure contracts update 12 --amount 1000000 --notes 共同交渉で値下げ",
        en:
            "Reads the contract, applies the options given, and writes it back only if nobody changed it in between. Options not given keep their value; an empty value (--notes \"\") removes an optional field.\nExample: procure contracts update 12 --amount 1000000 --notes 共同交渉で値下げ"
    )
    static let addVendor = Bilingual(
        ja:
            "法人番号または名称がすでに登録されている事業者は、名称の書き方が違っても（株式会社ＡＢＣシステム、㈱ABCシステム、ABCシステム(株) は同じ名称です）登録し直さず、登録済みの事業者を示します。\n\n例: procure vendors add 株式会社ABCシステム --corporate-number 1180301018771 \\\n    --kana エービーシーシステム",
        en:
            "A vendor whose corporate number or name is already registered — however the name is spelled: 株式会社ＡＢＣシステム, ㈱ABCシステム and ABCシステム(株) are one name — is not registered again; the command names the existing vendor instead.\n\nExample: procure vendors add 株式会社ABCシステム --corporate-number 1180301018771 \\\n    --kana エービーシーシステム"
    )
    static let mergeVendors = Bilingual(
        ja:
            "2つ目の事業者の契約を1つ目に移し、その名称と別名を1つ目の別名とし、2つ目を削除します。統合は記録され、移した各契約の履歴にだれが移したかが残ります。\n\n例: procure vendors merge 12 31",
        en:
            "The second vendor's contracts move to the first, its name and aliases become the first's aliases, and it is deleted; the merge is recorded, and each moved contract's history shows who moved it.\n\nExample: procure vendors merge 12 31"
    )
    static let searchVendors = Bilingual(
        ja:
            "法人格、全角・半角、空白、誤字、名称の一部は気にせず探します: ABCシステン でも ABC でも 株式会社ＡＢＣシステム が見つかります。\n\n例: procure vendors search ABCシステム\n    procure vendors search えーびーしー --output csv",
        en:
            "The search forgives legal forms, width, spacing, typos and partial names: ABCシステン and ABC both find 株式会社ＡＢＣシステム.\n\nExamples: procure vendors search ABCシステム\n          procure vendors search えーびーしー --output csv"
    )
    static let showVendor = Bilingual(
        ja: "例: procure vendors show 12\n    procure vendors show --corporate-number 1180301018771",
        en: "Examples: procure vendors show 12\n          procure vendors show --corporate-number 1180301018771")
    static let vendorFootprint = Bilingual(
        ja:
            "事業者の現在の契約を都道府県別・分野別に示します。分野ごとに、税込の年額の分布（最小、四分位、中央値、最大）と、p75 + 1.5 × (p75 − p25) を超える契約を外れ値として示します。職員には、その事業者との自分の契約がそれぞれ分布のどこにあるかを示します: 「分野の契約の 30% 以上より高い」とは、その分野の契約の30%が同じ額以下であることです。\n\n例: procure vendors footprint 12\n    procure vendors footprint --corporate-number 1180301018771\n    procure vendors footprint 12 --as-of 2025-04-01 --output json",
        en:
            "The vendor's current contracts by prefecture and by category; for each category the distribution of annual, tax-included amounts (min, quartiles, median, max) and the contracts above p75 + 1.5 × (p75 − p25), flagged as outliers. For a member, where each of its own contracts with the vendor falls: \"at or above 30% of the category's contracts\" means 30% of them cost the same or less.\n\nExamples: procure vendors footprint 12\n          procure vendors footprint --corporate-number 1180301018771\n          procure vendors footprint 12 --as-of 2025-04-01 --output json"
    )
    static let listMunicipalities = Bilingual(
        ja: "例: procure municipalities list --prefecture 香川県\n    procure municipalities list --search うたづ",
        en: "Examples: procure municipalities list --prefecture 香川県\n          procure municipalities list --search うたづ"
    )
    static let showMunicipality = Bilingual(
        ja:
            "名称またはよみが1つの自治体に当たればその自治体を表示し（宇多津町、うたづちょう）、複数に当たれば一覧します。\n例: procure municipalities show 373869\n    procure municipalities show 宇多津町",
        en:
            "A name or reading that names one local government shows it (宇多津町, うたづちょう); one that names several lists them.\nExamples: procure municipalities show 373869\n          procure municipalities show 宇多津町"
    )
    static let savingsReport = Bilingual(
        ja:
            "集計単位ごとの基準額、合意額、削減額と削減率を、取消を差し引いて示し、最後の行にネットワーク全体の合計を示します。\n例: procure report savings --by fiscal-year\n    procure report savings --by municipality --fiscal-year 2025 --output csv",
        en:
            "Baseline, negotiated amount, savings and savings rate per group, reversals netted out, and the network total on the last line.\nExamples: procure report savings --by fiscal-year\n          procure report savings --by municipality --fiscal-year 2025 --output csv"
    )
    static let admin = Bilingual(
        ja: "procure serve が使うデータベースを操作します: DATABASE_URL、またはデータディレクトリの組み込みクラスター（そこでサーバーが動いていなければ、コマンドのために起動します）。",
        en:
            "Works on the database `procure serve` would use: DATABASE_URL, or the embedded cluster of the data directory (started for the command if no server is running on it)."
    )
    static let explain = Bilingual(
        ja:
            "レポートの各 SQL 文を API が送るとおりに EXPLAIN (ANALYZE, BUFFERS) のもとで実行し、そのプランを、文の名前を示す行に続けて、実際の行数と時間とともに表示します: レポートが契約のテーブルを走査せずにインデックスを読んでいるかを確かめるためです。\n例: procure admin explain peers --municipality 373869\n    procure admin explain footprint --vendor 12\n    procure admin explain renewals --municipality 373869 --within 180",
        en:
            "Runs each of the report's statements exactly as the API sends it, under EXPLAIN (ANALYZE, BUFFERS), and prints the plans, each after a line naming its statement, with real row counts and timings: to check that a report reads its indexes rather than scanning the contracts table.\nExamples: procure admin explain peers --municipality 373869\n          procure admin explain footprint --vendor 12\n          procure admin explain renewals --municipality 373869 --within 180"
    )
    static let generate = Bilingual(
        ja:
            "決定的で現実に近い台帳を作り（同じ種とオプションからは番号まで同じデータができます）、1つのトランザクションで入れます。既定では全自治体（1,741団体）、名称の別の書き方と正しい法人番号をもつ5,000の事業者、自治体ごとに300件の契約（522,300件）で、契約は --first-fiscal-year からの5つの年度に終わります。合成した契約には履歴の行がありません（後からの変更には付きます）。事業者や契約がある、またはあった台帳には入れません。\n例: procure admin generate --data-dir /tmp/bench --seed 7",
        en:
            "Generates a deterministic, realistic register — the same seed and options give the same data, ids included — and loads it in one transaction: by default every municipality (1,741), 5,000 vendors with other spellings of their names and valid corporate numbers, and 300 contracts per municipality (522,300), ending in the five fiscal years from --first-fiscal-year. Synthetic contracts have no history rows (later changes to them do). Refuses a register that has, or had, vendors or contracts.\nExample: procure admin generate --data-dir /tmp/bench --seed 7"
    )
    static let createToken = Bilingual(
        ja:
            "標準出力にはトークンだけを出すので、`TOKEN=$(procure admin token create …)` と書けます。何のトークンかは標準エラーに出します。保存するのは SHA-256 だけで、もう一度表示することはできません。例: procure admin token create --municipality 373869 --name 保健センター",
        en:
            "The token alone goes to standard output, so `TOKEN=$(procure admin token create …)` works; what it is goes to standard error. Only its SHA-256 is stored: it cannot be shown again. Example: procure admin token create --municipality 373869 --name 保健センター"
    )
    static let inbox = Bilingual(
        ja: "例: procure inbox\n    procure inbox --within 180 --output json",
        en: "Examples: procure inbox\n          procure inbox --within 180 --output json")
    static let login = Bilingual(
        ja:
            "$XDG_CONFIG_HOME/procure/config.json（既定は ~/.config/procure/config.json）に、本人だけが読めるように保存します。PROCURE_URL と PROCURE_TOKEN は保存した値より優先します。",
        en:
            "Saves to $XDG_CONFIG_HOME/procure/config.json (default ~/.config/procure/config.json), readable by you only. PROCURE_URL and PROCURE_TOKEN override the saved values."
    )
    static let inviteToCase = Bilingual(
        ja: "例: procure cases invite 3 212091 163236", en: "Example: procure cases invite 3 212091 163236")
    static let acceptCase = Bilingual(
        ja:
            "基準額は、いま事業者に払っている（または見積もられた）年額です。--contract で、案件の事業者との自分の契約に結び付けます。\n例: procure cases accept 3 --baseline 1155000 --contract 45",
        en:
            "The baseline is what you pay the vendor a year now (or were quoted); --contract links it to your own contract with the case's vendor.\nExample: procure cases accept 3 --baseline 1155000 --contract 45"
    )
    static let declineCase = Bilingual(ja: "例: procure cases decline 3", en: "Example: procure cases decline 3")
    static let joinCase = Bilingual(
        ja: "例: procure cases join 3 --baseline 3300000", en: "Example: procure cases join 3 --baseline 3300000")
    static let approveJoin = Bilingual(
        ja: "例: procure cases approve 3 121002", en: "Example: procure cases approve 3 121002")
    static let refuseJoin = Bilingual(
        ja: "例: procure cases refuse 3 121002", en: "Example: procure cases refuse 3 121002")
    static let withdrawFromCase = Bilingual(
        ja:
            "招待への回答、参加申請、または参加を取り下げます。幹事は自分の案件から外れず、`procure cases advance ID withdrawn` で案件全体を取り下げます。\n例: procure cases withdraw 3",
        en:
            "Withdraws an invitation answer, a request to join or your participation. The lead does not leave its own case: it withdraws the whole case with `procure cases advance ID withdrawn`.\nExample: procure cases withdraw 3"
    )
    static let restateBaseline = Bilingual(
        ja:
            "基準額は、自分の自治体がいま事業者に払っている、または見積もられた年額です。削減額はこれと比べて数えるので、合意には参加中のすべての自治体の基準額が要ります。\n例: procure cases baseline 3 --baseline 1,100,000 --contract 12",
        en:
            "The baseline is what your municipality pays the vendor a year now, or was quoted; savings are counted against it, so agreeing needs every active participant's.\nExample: procure cases baseline 3 --baseline 1,100,000 --contract 12"
    )
    static let addCaseNote = Bilingual(
        ja:
            "--participants-only を付けると、本文は案件の参加自治体だけが読めます。ほかの人にはメモがあることだけがわかり、内容はわかりません。\n例: procure cases note 3 \"ベンダーに見積根拠の提示を依頼\"\n    procure cases note 3 --minutes --participants-only \"第1回打合せ: 各団体の上限額を共有\"",
        en:
            "--participants-only keeps the text to the case's participants: others see that a note exists, not what it says.\nExamples: procure cases note 3 \"ベンダーに見積根拠の提示を依頼\"\n          procure cases note 3 --minutes --participants-only \"第1回打合せ: 各団体の上限額を共有\""
    )
    static let recordOffer = Bilingual(
        ja:
            "見積は、--municipality で参加自治体を指定しなければ全体向けです。\n例: procure cases offer 3 --amount 3000000 --date 2026-12-10 \\\n    --valid-until 2027-01-31\n    procure cases offer 3 --amount 1039500 --municipality 212091 --note 羽島市分",
        en:
            "An offer is for the whole group unless --municipality names the participant it is for.\nExamples: procure cases offer 3 --amount 3000000 --date 2026-12-10 \\\n    --valid-until 2027-01-31\n          procure cases offer 3 --amount 1039500 --municipality 212091 --note 羽島市分"
    )
    static let advanceCase = Bilingual(
        ja:
            "open（募集中）→ negotiating（交渉中。幹事を含め参加中の自治体が2つ要ります）→ agreed（合意）| failed（不調）→ closed（終了）。募集中または交渉中の案件は取り下げられます。合意には `procure cases agree` を使います。\n例: procure cases advance 3 negotiating\n    procure cases advance 3 failed --note ベンダーが減額に応じず",
        en:
            "open → negotiating (needs two active participants, the lead included) → agreed | failed → closed; an open or negotiating case can be withdrawn. To agree, use `procure cases agree`.\nExamples: procure cases advance 3 negotiating\n          procure cases advance 3 failed --note ベンダーが減額に応じず"
    )
    static let agreeCase = Bilingual(
        ja:
            "参加中のすべての自治体（幹事を含む）の合意した年額と、それが対象とする年度（4月〜3月）を指定します。削減額の台帳はこれを読みます。\n例: procure cases agree 3 --amount 373869=990000 --amount 212091=1039500 \\\n        --first-fiscal-year 2027 --last-fiscal-year 2029",
        en:
            "Give the agreed annual amount of every active participant (the lead included) and the fiscal years (年度, April–March) it covers; the savings ledger reads them.\nExample: procure cases agree 3 --amount 373869=990000 --amount 212091=1039500 \\\n             --first-fiscal-year 2027 --last-fiscal-year 2029"
    )
    static let cases = Bilingual(
        ja:
            "案件には幹事の自治体（案件を開いた自治体）と参加自治体があります。幹事は自治体を招待し（`procure peers` と `procure renewals` を参照）、招待された自治体は基準額を示して受けるか辞退します。職員はだれでも募集中の案件への参加を申請でき、幹事が承認または拒否します。幹事は事業者の見積を記録し、案件を進めます: 募集中 → 交渉中 → 合意 | 不調 → 終了、または取り下げ。すべて案件の経過に残ります。\n\n例: procure cases open --from-renewal 12\n    procure cases accept 3 --baseline 1155000 --contract 45\n    procure cases agree 3 --amount 373869=990000 --amount 212091=1039500 \\\n        --first-fiscal-year 2027 --last-fiscal-year 2029",
        en:
            "A case has a lead municipality (the one that opens it) and participants. The lead invites municipalities (see `procure peers` and `procure renewals`), which accept with their baseline or decline; any member may ask to join an open case, and the lead approves or refuses. The lead records the vendor's offers and moves the case: open → negotiating → agreed | failed → closed, or withdrawn. Everything lands on the case's timeline.\n\nExample: procure cases open --from-renewal 12\n         procure cases accept 3 --baseline 1155000 --contract 45\n         procure cases agree 3 --amount 373869=990000 --amount 212091=1039500 \\\n             --first-fiscal-year 2027 --last-fiscal-year 2029"
    )
    static let listCases = Bilingual(
        ja:
            "職員はすべての案件を見られるので、参加を申請できます（`procure cases join`）。\n例: procure cases list --status open\n    procure cases list --mine\n    procure cases list --vendor 12 --category reservation_system --output csv",
        en:
            "Every member sees every case, so you can ask to join one (`procure cases join`).\nExamples: procure cases list --status open\n          procure cases list --mine\n          procure cases list --vendor 12 --category reservation_system --output csv"
    )
    static let showCase = Bilingual(
        ja: "--output csv では参加自治体ごとに1行です。\n例: procure cases show 3",
        en: "With --output csv, one row per participant.\nExample: procure cases show 3")
    static let showCaseTimeline = Bilingual(
        ja: "日時は日本時間です。参加自治体だけのメモは、案件に参加していない人にはそうとわかるように、本文なしで表示します。\n例: procure cases timeline 3 --output csv",
        en:
            "Times are in Japan time. A participants-only note shows as such, without its text, to anyone not taking part in the case.\nExample: procure cases timeline 3 --output csv"
    )
    static let updateCase = Bilingual(
        ja:
            "案件を読み、指定したオプションを当てはめ、その間にだれも変えていなければ書き戻します。指定しなかったオプションは値が変わりません。空の値（--deadline \"\"）で任意の項目を消します。事業者と分野は変えられません: 別の事業者や分野には別の案件を開きます。\n例: procure cases update 3 --deadline 2025-02-28 --target-yen 300000",
        en:
            "Reads the case, applies the options given, and writes it back only if nobody changed it in between. Options not given keep their value; an empty value (--deadline \"\") removes an optional one. The vendor and category stay: open another case for another.\nExample: procure cases update 3 --deadline 2025-02-28 --target-yen 300000"
    )
    static let openCase = Bilingual(
        ja:
            "案件は募集中で始まります。--from-renewal CONTRACT では、事業者・分野・製品を更新予定の一覧（`procure renewals`）にある自分の契約から取り、基準額はその契約の税込の年額とし、その契約について一覧が示す相手を招待します。指定したオプションは、自動で埋める値より優先します。\n\n例: procure cases open --from-renewal 12\n    procure cases open --vendor 7 --category reservation_system \\\n        --title 予約システム改修費の共同交渉 --target-percent 10 \\\n        --deadline 2027-01-31 --invite 212091 --invite 163236",
        en:
            "The case starts open (recruiting). With --from-renewal CONTRACT, the vendor, category and product come from your contract on the renewal radar (`procure renewals`), your baseline is that contract's annual amount with tax, and the peers the radar proposes for it are invited; options you give override what it fills in.\n\nExamples: procure cases open --from-renewal 12\n          procure cases open --vendor 7 --category reservation_system \\\n              --title 予約システム改修費の共同交渉 --target-percent 10 \\\n              --deadline 2027-01-31 --invite 212091 --invite 163236"
    )
    static let savings = Bilingual(
        ja:
            "台帳は追記だけで、記録を変えることはありません。訂正するには記録を取り消し（`procure savings reverse`）、正しい額を記録します。レポートは `procure report savings` です。\n\n例: procure savings record 3 --baseline 1100000 --negotiated 990000 \\\n    --effective-date 2025-04-01\n    procure savings reverse 7 --reason \"金額の誤り\"\n    procure savings verify",
        en:
            "The ledger is append-only: an entry is never changed. To correct one, reverse it (`procure savings reverse`) and record the right figure. Reports: `procure report savings`.\n\nExample: procure savings record 3 --baseline 1100000 --negotiated 990000 \\\n    --effective-date 2025-04-01\n         procure savings reverse 7 --reason \"金額の誤り\"\n         procure savings verify"
    )
    static let recordSavings = Bilingual(
        ja:
            "額は案件の合意のとおりです: その自治体の合意した年額と、案件で示した基準額（税込・税抜どちらでも）。ほかの額には --differs-from-agreement と --reason が要り、理由は記録とともに残ります。\n答えが来なかったときは、送った冪等キーを（標準エラーに）表示します: 同じコマンドを --idempotency-key KEY を付けてもう一度実行すれば、サーバーは記録を多くとも1回だけ行い、元の記録を答えます。\n例: procure savings record 3 --municipality 212091 \\\n        --baseline 1155000 --negotiated 1039500 --effective-date 2025-04-01",
        en:
            "The figures are the case's agreement for the municipality: the agreed annual amount and the baseline it stated (either tax basis). Other figures need --differs-from-agreement and --reason, which is kept with the entry.\nIf no answer comes, it prints the idempotency key it sent (on standard error): run the same command again with --idempotency-key KEY, and the server records the entry at most once and answers with the original entry.\nExample: procure savings record 3 --municipality 212091 \\\n             --baseline 1155000 --negotiated 1039500 --effective-date 2025-04-01"
    )
    static let reverseSavings = Bilingual(
        ja: "例: procure savings reverse 7 --reason \"金額の誤り\"",
        en: "Example: procure savings reverse 7 --reason \"金額の誤り\"")
    static let listSavings = Bilingual(
        ja:
            "--municipality を付けると明細になります: 各行にその自治体の削減額の累計が付きます。\n例: procure savings list --case 3\n    procure savings list --municipality 373869 --output csv",
        en:
            "With --municipality, a statement: each line with the running total of its savings.\nExamples: procure savings list --case 3\n          procure savings list --municipality 373869 --output csv"
    )
    static let verifySavings = Bilingual(
        ja: "チェーンが一致しないときは状態 1 で終了します。", en: "Exits with status 1 when the chain does not match.")
    static let peers = Bilingual(
        ja:
            "自分の自治体が現在契約している事業者ごとに、その事業者と現在契約しているほかの自治体を示します: 同じ製品、同じ分野、事業者だけの順です。金額は税込の年額です（税抜の契約は開始日の税率で換算します）。差額は相手の額から自分の額を引いたもので、+¥55,000 (+5.00%) は相手が多く払っていることを示します。\n\n例: procure peers\n    procure peers --category reservation_system --prefecture 岐阜県\n    procure peers --municipality 373869 --as-of 2025-04-01 --output csv",
        en:
            "For each vendor your municipality has current contracts with, the other municipalities with current contracts with it: the same product first, then the same category, then the vendor only. Amounts are annual and include consumption tax (tax-excluded contracts are converted at the rate in force on their start date); the difference is the peer's amount minus yours, so +¥55,000 (+5.00%) means the peer pays more.\n\nExamples: procure peers\n          procure peers --category reservation_system --prefecture 岐阜県\n          procure peers --municipality 373869 --as-of 2025-04-01 --output csv"
    )
    static let renewals = Bilingual(
        ja:
            "--within 日以内に終わる、または更新通知日を迎える自分の契約を、同じ事業者から同じ分野を買い、その終了日から --peer-window-months か月以内に終わる契約をもつほかの自治体とともに示します: いま始める価値のある共同交渉です。合計の年額が大きい順で、金額は税込の年額です。\n\n例: procure renewals\n    procure renewals --within 365 --peer-window-months 3\n    procure renewals --municipality 373869 --as-of 2025-01-01 --output csv",
        en:
            "Your contracts that end, or reach their renewal notice date, within --within days, each with the other municipalities that buy the same category from the same vendor under a contract ending within --peer-window-months of it: the joint negotiations worth opening now. Largest combined annual spend at stake first; amounts are annual and include consumption tax.\n\nExamples: procure renewals\n          procure renewals --within 365 --peer-window-months 3\n          procure renewals --municipality 373869 --as-of 2025-01-01 --output csv"
    )
    static let listCategories = Bilingual(
        ja: "例: procure categories list --output csv", en: "Example: procure categories list --output csv")
    static let addCategory = Bilingual(
        ja: "例: procure categories add school_lunch --name-ja 学校給食システム --name-en \"School lunch systems\"",
        en: "Example: procure categories add school_lunch --name-ja 学校給食システム --name-en \"School lunch systems\"")

    static let proposeVendorMerge = Bilingual(
        ja:
            "同じ会社が2つの事業者として登録されているとき（名前の誤記など）に使います。管理者が申し出を受け入れる（事業者を統合する）か却下します。待っている申し出は procure vendors proposals で一覧できます。\n\n例: procure vendors propose-merge 5 --into 2 --reason \"サンプル予約システムズの誤記\"",
        en:
            "For one company registered twice (a typo of its name). An admin accepts the proposal (the vendors are merged) or rejects it: `procure vendors proposals` lists those waiting.\n\nExample: procure vendors propose-merge 5 --into 2 --reason \"サンプル予約システムズの誤記\""
    )
    static let listVendorMergeProposals = Bilingual(
        ja: "例: procure vendors proposals\n    procure vendors proposals --status all",
        en: "Examples: procure vendors proposals\n          procure vendors proposals --status all")
    static let acceptVendorMerge = Bilingual(
        ja: "申し出の事業者を統合先に統合し、同じ事業者についてのほかの受付中の申し出は解消されます。\n例: procure vendors accept-merge 3",
        en:
            "Merges the proposal's vendor into the other; other open proposals about it are superseded.\nExample: procure vendors accept-merge 3"
    )
    static let rejectVendorMerge = Bilingual(
        ja: "例: procure vendors reject-merge 3 --note \"法人番号が異なる別会社\"",
        en: "Example: procure vendors reject-merge 3 --note \"法人番号が異なる別会社\"")
}
