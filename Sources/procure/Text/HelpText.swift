import Ledger

/// The one-line summaries of `procure`'s commands (`--help`), in both languages.
enum HelpText {
    static let loginCommand = Bilingual(
        ja: "トークンをサーバーで確かめ、サーバーの URL とトークンを保存します。",
        en: "Check a token with the server and save the server URL and token.")
    static let whoamiCommand = Bilingual(
        ja: "設定されたトークンのアカウントを表示します。",
        en: "Show the account of the configured token.")
    static let adminCommand = Bilingual(
        ja: "データベースを直接管理します: マイグレーション、API トークン、クエリプラン、合成データ。",
        en: "Administer the database directly: migrations, API tokens, query plans, synthetic data.")
    static let migrateCommand = Bilingual(
        ja: "未適用のマイグレーションを適用します（procure serve も起動時に行います）。",
        en: "Apply pending migrations (procure serve also does this at start).")
    static let explainCommand = Bilingual(
        ja: "共通事業者・事業者の分布・更新予定の各レポートのクエリプラン（EXPLAIN ANALYZE）を表示します。",
        en: "Show the query plan (EXPLAIN ANALYZE) of the peers, footprint or renewals report.")
    static let generateCommand = Bilingual(
        ja: "空の台帳に合成の事業者と契約を入れます（ベンチマークとデモ用）。",
        en: "Fill an empty register with synthetic vendors and contracts (for benchmarks and demos).")
    static let tokenCommand = Bilingual(
        ja: "API トークンを作成・一覧・失効させます。",
        en: "Create, list and revoke API tokens.")
    static let createToken = Bilingual(
        ja: "職員（自治体）または管理者のトークンを作り、一度だけ表示します。",
        en: "Create a token for a member municipality or an admin; print it once.")
    static let listTokens = Bilingual(
        ja: "トークンを一覧します（トークンそのものではなく、番号と持ち主だけ）。",
        en: "List tokens (never the tokens themselves: only their ids and owners).")
    static let revokeToken = Bilingual(
        ja: "トークンを失効させます: 以後、そのトークンの依頼はすべて 401 になります。",
        en: "Revoke a token: every request with it gets 401 from then on.")
    static let inviteToCase = Bilingual(
        ja: "自分の案件に自治体を招待します（幹事）。",
        en: "Invite municipalities to your case (the lead).")
    static let acceptCase = Bilingual(
        ja: "自分の自治体への案件の招待を、基準額を示して受けます。",
        en: "Accept your municipality's invitation to a case, stating your baseline.")
    static let declineCase = Bilingual(
        ja: "自分の自治体への案件の招待を辞退します。",
        en: "Decline your municipality's invitation to a case.")
    static let joinCase = Bilingual(
        ja: "募集中の案件への参加を、基準額を示して申請します。幹事が承認または拒否します。",
        en: "Ask to join an open case, stating your baseline; the lead approves or refuses.")
    static let approveJoin = Bilingual(
        ja: "自分の案件への自治体の参加申請を承認します（幹事）。",
        en: "Approve a municipality's request to join your case (the lead).")
    static let refuseJoin = Bilingual(
        ja: "自分の案件への自治体の参加申請を断ります（幹事）。",
        en: "Refuse a municipality's request to join your case (the lead).")
    static let withdrawFromCase = Bilingual(
        ja: "自分の自治体を案件から外します（合意まで）。",
        en: "Take your municipality out of a case (until it is agreed).")
    static let restateBaseline = Bilingual(
        ja: "案件での自分の自治体の基準額を示す・変えます（参加中の自治体、幹事も）。",
        en: "State or change your municipality's baseline in a case (an active participant, the lead too).")
    static let addCaseNote = Bilingual(
        ja: "案件の経過にメモや議事録を加えます（参加自治体）。",
        en: "Add a note or meeting minutes to a case's timeline (participants).")
    static let recordOffer = Bilingual(
        ja: "事業者の見積を案件の経過に記録します（幹事）。",
        en: "Record the vendor's offer on a case's timeline (the lead).")
    static let advanceCase = Bilingual(
        ja: "案件を進めます: 交渉中、不調、終了または取り下げ（幹事）。",
        en: "Move your case along: negotiating, failed, closed or withdrawn (the lead).")
    static let agreeCase = Bilingual(
        ja: "合意内容を記録し、案件を合意にします（幹事）。",
        en: "Record the agreement and move your case to agreed (the lead).")
    static let casesCommand = Bilingual(
        ja: "事業者と共同で交渉します: 案件を開き、相手を招待し、見積と合意を記録します。",
        en: "Negotiate with a vendor together: open a case, invite peers, record offers and the agreement.")
    static let listCases = Bilingual(
        ja: "ネットワークの交渉案件を新しい順に一覧します。",
        en: "List the network's negotiation cases, newest first.")
    static let showCase = Bilingual(
        ja: "案件を、参加自治体とその基準額とともに表示します。",
        en: "Show a case with its participants and their baselines.")
    static let showCaseTimeline = Bilingual(
        ja: "案件の経過を表示します: メモ、議事録、見積とすべての変更を、誰がいつ行ったかとともに。",
        en: "Show a case's timeline: notes, minutes, offers and every change, with who and when.")
    static let updateCase = Bilingual(
        ja: "自分の案件の件名・製品・説明・目標・回答期限を変えます（幹事）。",
        en: "Change your case's title, product, description, target or deadline (the lead).")
    static let openCase = Bilingual(
        ja: "自分の自治体が幹事となる共同交渉の案件を開きます。",
        en: "Open a joint negotiation case led by your municipality.")
    static let categoriesCommand = Bilingual(
        ja: "契約の分野を一覧・追加します。",
        en: "List and add contract categories.")
    static let listCategories = Bilingual(
        ja: "契約を分類する分野を、標準のものから一覧します。",
        en: "List the categories contracts are filed under, built-in ones first.")
    static let addCategory = Bilingual(
        ja: "分野を追加します（管理者のみ）。",
        en: "Add a category (admins only).")
    static let addContract = Bilingual(
        ja: "自分の自治体の契約を登録します。",
        en: "Record a contract of your municipality.")
    static let contractsCommand = Bilingual(
        ja: "契約を登録・一覧・変更・取り込みします。",
        en: "Record, list, change and import contracts.")
    static let deleteContract = Bilingual(
        ja: "自分の自治体の契約を削除します。履歴は残ります。",
        en: "Delete one of your municipality's contracts; its history is kept.")
    static let importContracts = Bilingual(
        ja: "自治体の契約を CSV ファイル（UTF-8 または Shift_JIS/CP932）か Excel ブック（.xlsx）から取り込みます。",
        en: "Import a municipality's contracts from a CSV file (UTF-8 or Shift_JIS/CP932) or an Excel workbook (.xlsx)."
    )
    static let exportContracts = Bilingual(
        ja: "自治体の契約を Excel ブック（.xlsx）に書き出します。編集して取り込み直せます。",
        en: "Write a municipality's contracts to an Excel workbook (.xlsx) that can be edited and imported again.")
    static let listContracts = Bilingual(
        ja: "ネットワークの契約を登録順に一覧します。",
        en: "List the network's contracts in the order they were recorded.")
    static let showContract = Bilingual(
        ja: "契約を1件表示します（どの自治体のものでも）。",
        en: "Show one contract, any municipality's.")
    static let showContractHistory = Bilingual(
        ja: "契約のすべての変更を古い順に表示します: 誰が、いつ、変更前と変更後の値。",
        en: "Show every change of a contract, oldest first: who, when, and the values before and after.")
    static let updateContract = Bilingual(
        ja: "自分の自治体の契約の一部の項目を変えます。",
        en: "Change some fields of one of your municipality's contracts.")
    static let municipalitiesCommand = Bilingual(
        ja: "全国の自治体を団体コード・都道府県・名称・よみで調べます。",
        en: "Look up Japan's local governments by code, prefecture, name or reading.")
    static let listMunicipalities = Bilingual(
        ja: "自治体を団体コード順に一覧します。",
        en: "List local governments in code order.")
    static let showMunicipality = Bilingual(
        ja: "自治体を1件、6桁の団体コードまたは名称・よみで表示します。",
        en: "Show one local government by its 6-digit code, or by its name or reading.")
    static let peersCommand = Bilingual(
        ja: "自分の事業者から買っている自治体を見つけ、支払額を比べます。",
        en: "Find the municipalities that buy from your vendors, and compare what they pay.")
    static let renewalsCommand = Bilingual(
        ja: "更新が近い自分の契約を、一緒に交渉できる相手とともに一覧します。",
        en: "List your contracts coming up for renewal, with the peers to negotiate with.")
    static let reportCommand = Bilingual(
        ja: "議会や監査のためのレポート。",
        en: "Reports for councils and auditors.")
    static let savingsReportCommand = Bilingual(
        ja: "削減額を年度・自治体・都道府県・事業者・分野・案件ごとに、合計とともに。",
        en: "Savings by fiscal year (年度), municipality, prefecture, vendor, category or case, with the total.")
    static let savingsCommand = Bilingual(
        ja: "共同交渉で削減できた額を記録し、取消で訂正し、台帳を検証します。",
        en: "Record what joint negotiation saved, correct it by reversals, and check the ledger.")
    static let recordSavings = Bilingual(
        ja: "合意した案件の1年度分の参加自治体の削減額を記録します。",
        en: "Record a participant's savings for one fiscal year of an agreed case.")
    static let reverseSavings = Bilingual(
        ja: "台帳の記録を取消の記録で打ち消します（その後、正しい額を記録します）。",
        en: "Cancel a ledger entry by a reversal entry (then record the right figure).")
    static let listSavings = Bilingual(
        ja: "台帳の記録と取消を記録順に一覧します。",
        en: "List ledger entries and reversals in the order recorded.")
    static let verifySavings = Bilingual(
        ja: "台帳のハッシュチェーンを計算し直します: OK、または一致しない最初の記録。",
        en: "Recompute the ledger's hash chain: OK, or the first entry that does not match.")
    static let serveCommand = Bilingual(
        ja: "procure の API サーバーを動かします。",
        en: "Run the procure API server.")
    static let addVendor = Bilingual(
        ja: "事業者を登録します。",
        en: "Register a vendor.")
    static let mergeVendors = Bilingual(
        ja: "事業者をほかの事業者に統合します（管理者のみ）。",
        en: "Merge a vendor into another (admins only).")
    static let proposeVendorMerge = Bilingual(
        ja: "同じ会社が2つの事業者として登録されているとき、統合を管理者に申し出ます。",
        en: "Ask an admin to merge two vendors that are one company.")
    static let listVendorMergeProposals = Bilingual(
        ja: "事業者の統合の申し出を一覧します（既定は受付中のもの）。",
        en: "List vendor merge proposals (the open ones by default).")
    static let acceptVendorMerge = Bilingual(
        ja: "統合の申し出を受け入れ、事業者を統合します（管理者のみ）。",
        en: "Accept a merge proposal and merge the vendors (admins only).")
    static let rejectVendorMerge = Bilingual(
        ja: "統合の申し出を却下します（管理者のみ）。",
        en: "Reject a merge proposal (admins only).")
    static let searchVendors = Bilingual(
        ja: "事業者を名称・別名・よみで探します（よく合うものから）。",
        en: "Find vendors by name, alias or reading, best matches first.")
    static let showVendor = Bilingual(
        ja: "事業者を1件、別名とともに表示します（番号または法人番号で）。",
        en: "Show one vendor with its aliases, by id or by corporate number.")
    static let showVendorFootprint = Bilingual(
        ja: "事業者がどこで、いくらで売っているかを、外れ値とともに表示します。",
        en: "Show where a vendor sells and at what prices, with the outliers.")
    static let vendorsCommand = Bilingual(
        ja: "事業者を登録・検索・統合し、どこで売っているかを見ます。",
        en: "Register, find and merge vendors, and see where they sell.")
    static let procure = Bilingual(
        ja: "全国の自治体の事業者契約・共同交渉・削減額を共有します。",
        en: "Shared vendor contracts, joint negotiations and savings of Japanese municipalities.")

    static let procureDiscussion = Bilingual(
        ja:
            "procure serve でサービスを動かし（DATABASE_URL がなければ組み込みの PostgreSQL で）、procure admin token create でトークンを作り、procure login でログインして、ほかのコマンドをサービスのクライアントとして使います。日本語で表示するのは LANG が ja_* のとき、または PROCURE_LANG=ja のときです。",
        en:
            "Run the service with `procure serve` (on its own embedded PostgreSQL unless DATABASE_URL is set), make a token with `procure admin token create`, log in with `procure login`, and use the other commands as a client of the service. procure speaks Japanese when LANG is ja_* or PROCURE_LANG=ja."
    )

    static let inboxCommand = Bilingual(
        ja: "自分の自治体の未処理の用件: 招待、参加申請、記録されていない削減額、更新が近い契約。",
        en: "What waits for your municipality: invitations, requests to join, savings to record, renewals.")
}
