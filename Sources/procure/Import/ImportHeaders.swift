import Foundation
import Ledger

/// The header row of an import file: which column of the file holds which import column.
///
/// Headers may be Japanese (as municipal contract lists head them) or the API's English names.
/// They are compared after NFKC, without spaces and case, so `契約 番号`, `ExternalReference` and
/// full-width `ｔｉｔｌｅ` all match.
struct ImportHeaders {
    /// The names each column is known by: the Japanese ones first (the first is the canonical
    /// one, printed in help), then English ones.
    static let names: [(column: ImportColumn, names: [String])] = [
        (.title, ["件名", "契約件名", "契約名", "契約の名称", "業務名", "委託業務名", "title"]),
        (.product, ["製品名", "製品", "システム名", "product"]),
        (
            .vendorName,
            [
                "事業者名", "業者名", "契約相手方", "契約の相手方", "相手方", "受注者", "契約の相手方の商号又は名称",
                "契約相手方の商号又は名称", "契約の相手方の名称", "商号又は名称", "契約の相手方の商号又は名称(及び住所)",
                "契約の相手方の商号又は名称及び住所", "契約相手方の商号又は名称及び住所", "商号又は名称及び住所",
                "契約の相手方の氏名及び住所", "vendorName", "vendor",
            ]
        ),
        (.vendorCorporateNumber, ["法人番号", "vendorCorporateNumber", "corporateNumber"]),
        (.categoryCode, ["分類", "カテゴリ", "カテゴリー", "categoryCode", "category"]),
        (.amount, ["金額", "契約金額", "amount"]),
        (.taxIncluded, ["税込", "税込税抜", "税区分", "taxIncluded"]),
        (.billingBasis, ["支払区分", "支払方法", "billingBasis"]),
        (.startDate, ["開始日", "契約開始日", "startDate"]),
        (.endDate, ["終了日", "契約終了日", "endDate"]),
        (.contractMethod, ["契約方法", "契約方式", "契約の方法", "契約締結方法", "contractMethod"]),
        (.renewalNoticeDate, ["更新通知日", "renewalNoticeDate"]),
        (.signedDate, ["契約締結日", "締結日", "契約日", "契約年月日", "契約締結年月日", "signedDate", "signed"]),
        (.externalReference, ["契約番号", "管理番号", "externalReference"]),
        (.notes, ["備考", "notes"]),
        (.sourceUrl, ["出典URL", "出典", "sourceUrl", "url"]),
    ]

    /// The columns `contracts list --output csv` writes beside the import's own: set aside (their
    /// cells are not read), so that listing can be edited and imported again.
    static let setAside = ["id", "municipality", "vendorId", "annualAmount", "fiscalYear", "version"]
    /// Headings of published contract lists (随意契約・入札結果の公表) that procure does not record:
    /// recognised and set aside, not errors.
    static let publishedSetAside = [
        "予定価格", "予定価格(円)", "予定価格(千円)", "落札率", "住所", "所在地", "契約の相手方の住所", "相手方の住所",
        "随意契約の理由", "随意契約理由", "根拠法令", "根拠条文", "担当課", "所管課", "担当部署", "部署名",
    ]
    /// A term in one column (both dates in one cell), which stands for the start and end columns.
    static let termNames = ["契約期間", "履行期間", "委託期間", "期間", "period", "term"]
    private static let termKeys = Set(termNames.map(key))
    /// The municipality's code, which `contracts list --output csv` writes on every row: not
    /// imported, but checked to be the import's municipality (``ImportRowReader``).
    static let municipalityCodeNames = ["団体コード", "municipalityCode"]

    private static let setAsideKeys = Set((setAside + publishedSetAside).map(key))
    private static let municipalityCodeKeys = Set(municipalityCodeNames.map(key))

    private static let lookup: [String: ImportColumn] = {
        var lookup: [String: ImportColumn] = [:]
        for (column, names) in names {
            for name in names { lookup[key(name)] = column }
        }
        return lookup
    }()

    /// For each cell position of a row, its column; nil for a column without a header (a blank
    /// spreadsheet column), whose cells are ignored.
    let columns: [ImportColumn?]
    /// How the file heads each column, for error messages (`line 12, 終了日: …`).
    let titles: [ImportColumn: String]
    /// The cell position of the municipality's code, when the file has that column.
    let municipalityCodeIndex: Int?
    /// Whether the amount's heading gives its unit as thousands of yen (`金額（千円）`).
    let amountInThousands: Bool
    /// The cell position and heading of the term column, when the file has one.
    let term: (index: Int, title: String)?

    /// `mappings`: headings the user says name a column (`--map '発注額=amount'`); `ignored`:
    /// headings whose cells are not read (`--ignore 契約締結日`).
    init(_ header: [String], mappings: [String: ImportColumn] = [:], ignored: Set<String> = []) throws(CLIError) {
        let mapped = Dictionary(mappings.map { (Self.key($0.key), $0.value) }) { $1 }
        let ignoredKeys = Set(ignored.map(Self.key))
        var columns: [ImportColumn?] = []
        var titles: [ImportColumn: String] = [:]
        var unknown: [String] = []
        var municipalityCodeIndex: Int?
        var amountInThousands = false
        var term: (index: Int, title: String)?
        for cell in header {
            let title = cell.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !title.isEmpty, !Self.setAsideKeys.contains(Self.key(title)), !ignoredKeys.contains(Self.key(title))
            else {
                columns.append(nil)
                continue
            }
            if Self.termKeys.contains(Self.key(title)) {
                term = (columns.count, title)
                columns.append(nil)
                continue
            }
            if Self.municipalityCodeKeys.contains(Self.key(title)) {
                municipalityCodeIndex = columns.count
                columns.append(nil)
                continue
            }
            guard
                let (column, unit) = mapped[Self.key(title)].map({
                    ($0, Self.key(title).hasSuffix("(千円)") ? .thousands : nil)
                })
                    ?? Self.column(named: title)
            else {
                unknown.append(title)
                columns.append(nil)
                continue
            }
            if column == .amount && unit == .thousands { amountInThousands = true }
            if let earlier = titles[column] {
                throw CLIError(CLIText.duplicateColumns(earlier, title, column: column.rawValue))
            }
            titles[column] = title
            columns.append(column)
        }
        if let first = unknown.first {
            let nearest = Self.nearestColumn(to: first)
            throw CLIError(
                CLIText.unknownColumns(
                    unknown.map { "'\($0)'" }.joined(separator: ", "), count: unknown.count,
                    nearest: "\(Self.canonicalName(nearest)) (\(nearest.rawValue))",
                    map: "--map '\(first)=\(nearest.rawValue)'", ignore: "--ignore '\(first)'",
                    known: Self.names.map { "\($0.names[0]) (\($0.column.rawValue))" }.joined(separator: ", ")))
        }
        if let term {
            let both = [ImportColumn.startDate, .endDate].compactMap { titles[$0] }
            guard both.isEmpty else {
                throw CLIError(CLIText.termAndDates(term.title, both.joined(separator: ", ")))
            }
        }
        let missing = ImportColumn.allCases.filter {
            Self.requiredInHeader($0) && titles[$0] == nil && !(term != nil && ($0 == .startDate || $0 == .endDate))
        }
        guard missing.isEmpty else {
            throw CLIError(
                CLIText.missingColumns(
                    missing.map { column in "\(Self.canonicalName(column)) (\(column.rawValue))" }
                        .joined(separator: ", ")))
        }
        self.columns = columns
        self.titles = titles
        self.municipalityCodeIndex = municipalityCodeIndex
        self.amountInThousands = amountInThousands
        self.term = term
    }

    enum AmountUnit { case yen, thousands }

    /// The column an import flag names: its English name (`amount`) or any of its headings (`金額`).
    static func column(flag name: String) -> ImportColumn? {
        ImportColumn(rawValue: name) ?? lookup[key(name)]
    }

    /// The known column whose name is closest to `title` (fewest characters changed).
    static func nearestColumn(to title: String) -> ImportColumn {
        // A word says more than spelling: 発注額 and 予定価格（円） are amounts, 締結日 a date.
        let hints: [(words: [String], column: ImportColumn)] = [
            (["額", "円", "価格", "金"], .amount), (["開始", "始期", "から"], .startDate), (["終了", "満了", "終期"], .endDate),
            (["日"], .startDate), (["方法", "方式"], .contractMethod), (["番号"], .externalReference),
            (["相手", "業者", "者"], .vendorName), (["名"], .title),
        ]
        if let hint = hints.first(where: { hint in hint.words.contains { title.contains($0) } }) { return hint.column }
        let target = Array(key(title))
        var best: (column: ImportColumn, distance: Int) = (.title, .max)
        for (column, names) in names {
            for name in names {
                let distance = editDistance(target, Array(key(name)))
                if distance < best.distance { best = (column, distance) }
            }
        }
        return best.column
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The column a heading names, and the unit it gives in brackets: `金額（千円）` and
    /// `契約金額（円）` are the amount, in thousands of yen and in yen.
    static func column(named title: String) -> (ImportColumn, AmountUnit?)? {
        let key = key(title)
        if let column = lookup[key] { return (column, nil) }
        for (suffix, unit) in [("(千円)", AmountUnit.thousands), ("(円)", .yen)] where key.hasSuffix(suffix) {
            if let column = lookup[String(key.dropLast(suffix.count))], column == .amount { return (column, unit) }
        }
        return nil
    }

    /// Whether the header must have `column`. The tax flag may come from a note in each amount
    /// (`1,100,000円（税込）`) instead of a column of its own; a row with neither is an invalid row.
    static func requiredInHeader(_ column: ImportColumn) -> Bool {
        column.isRequired && column != .taxIncluded
    }

    /// How many of `cells` name a known column (a header names several; a caption none or one).
    static func knownColumnCount(_ cells: [String], mappings: [String: ImportColumn] = [:]) -> Int {
        let mapped = Dictionary(mappings.map { (key($0.key), $0.value) }) { $1 }
        return cells.filter {
            let title = $0.trimmingCharacters(in: .whitespacesAndNewlines)
            return mapped[key(title)] != nil || column(named: title) != nil || termKeys.contains(key(title))
        }.count
    }

    /// Whether `cells` name every required column (the header row, not a caption above it).
    static func namesRequiredColumns(_ cells: [String], mappings: [String: ImportColumn] = [:]) -> Bool {
        let titles = cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let mapped = Dictionary(mappings.map { (key($0.key), $0.value) }) { $1 }
        var named = Set(titles.compactMap { mapped[key($0)] ?? column(named: $0)?.0 })
        if titles.contains(where: { termKeys.contains(key($0)) }) { named.formUnion([.startDate, .endDate]) }
        return ImportColumn.allCases.allSatisfy { !requiredInHeader($0) || named.contains($0) }
    }

    /// How an error names a column: as the file heads it, else by its Japanese name.
    func title(of columnName: String) -> String {
        guard let column = ImportColumn(rawValue: columnName) else { return columnName }
        return titles[column] ?? Self.canonicalName(column)
    }

    static func canonicalName(_ column: ImportColumn) -> String {
        names.first { $0.column == column }?.names.first ?? column.rawValue
    }

    private static func key(_ name: String) -> String {
        name.precomposedStringWithCompatibilityMapping.lowercased().filter { !$0.isWhitespace && $0 != "_" }
    }
}
