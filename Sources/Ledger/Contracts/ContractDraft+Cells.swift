import Foundation
import Synchronization

/// A column of a bulk contract import, named as the API's `values` keys name it.
///
/// Files may head the columns in Japanese or English; the CLI maps the headers to these names.
public enum ImportColumn: String, CaseIterable, Sendable, Hashable, Codable {
    case title
    case product
    case vendorName
    case vendorCorporateNumber
    case categoryCode
    case amount
    case taxIncluded
    case billingBasis
    case startDate
    case endDate
    case contractMethod
    case renewalNoticeDate
    case signedDate
    case externalReference
    case notes
    case sourceUrl

    /// Whether every row must fill this column. A vendor is always named by its name, so a new
    /// vendor can be registered from the row; the corporate number, when given, matches first.
    public var isRequired: Bool {
        switch self {
        case .title, .vendorName, .categoryCode, .amount, .taxIncluded, .billingBasis, .startDate, .endDate,
            .contractMethod:
            true
        case .product, .vendorCorporateNumber, .renewalNoticeDate, .signedDate, .externalReference, .notes,
            .sourceUrl:
            false
        }
    }
}

extension ContractDraft {
    /// Builds a draft from the text cells of an imported row, accepting what municipal spreadsheets
    /// contain (see ``ContractCell``), and holds it to the same rules as a contract made through
    /// the API (``violations()``).
    ///
    /// - Parameters:
    ///   - cells: the row's cells by column; missing and blank cells are the same.
    ///   - reader: reads the cells; one reader serves the rows of a chunk and remembers the
    ///     readings of texts it has seen.
    /// - Throws: every problem of the row, each naming its column, never just the first.
    public init(cells: [ImportColumn: String], reader: ContractCellReader) throws(InvalidContract) {
        var errors: [ContractFieldError] = []
        func text(_ column: ImportColumn) -> String? {
            guard let value = cells[column]?.trimmingWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        func required(_ column: ImportColumn) -> String? {
            guard let value = text(column) else {
                errors.append(.init(field: column.rawValue, message: LedgerText.emptyCell))
                return nil
            }
            return value
        }
        func parsed<T>(_ column: ImportColumn, _ parse: (String) throws(ContractCellError) -> T) -> T? {
            guard let value = column.isRequired ? required(column) : text(column) else { return nil }
            do {
                return try parse(value)
            } catch {
                errors.append(.init(field: column.rawValue, message: error.message))
                return nil
            }
        }

        let title = required(.title)
        let vendorName = parsed(.vendorName, reader.vendorName)
        let corporateNumber = parsed(.vendorCorporateNumber, ContractCell.corporateNumber)
        let categoryCode = parsed(.categoryCode, reader.categoryCode)
        let amountCell = parsed(.amount, ContractCell.amountCell)
        let amount = amountCell?.amount
        // The tax column, else the amount's note (`1,100,000円（税込）`); both must agree.
        var taxIncluded: Bool?
        if text(.taxIncluded) == nil, let note = amountCell?.taxIncluded {
            taxIncluded = note
        } else {
            taxIncluded = parsed(.taxIncluded, reader.taxIncluded)
            if let column = taxIncluded, let note = amountCell?.taxIncluded, note != column {
                errors.append(
                    .init(
                        field: ImportColumn.amount.rawValue,
                        message: ContractCellError.taxNoteContradicts(text(.amount) ?? "", taxIncluded: column).message
                    ))
            }
        }
        let billingBasis = parsed(.billingBasis, reader.billingBasis)
        let startDate = parsed(.startDate, reader.date)
        let endDate = parsed(.endDate, reader.date)
        let contractMethod = parsed(.contractMethod, reader.contractMethod)
        let renewalNoticeDate = parsed(.renewalNoticeDate, reader.date)
        let signedDate = parsed(.signedDate, reader.date)

        guard let title, let vendorName, let categoryCode, let amount, let taxIncluded, let billingBasis,
            let startDate, let endDate, let contractMethod, errors.isEmpty
        else {
            throw InvalidContract(errors)
        }
        self.init(
            vendor: VendorReference(corporateNumber: corporateNumber, name: vendorName),
            categoryCode: categoryCode, title: title, product: text(.product), amount: amount,
            taxIncluded: taxIncluded, billingBasis: billingBasis, startDate: startDate, endDate: endDate,
            contractMethod: contractMethod, renewalNoticeDate: renewalNoticeDate,
            externalReference: text(.externalReference), notes: text(.notes), sourceURL: text(.sourceUrl),
            signedDate: signedDate)
        // The API's field names, except the vendor, which a file names by its vendorName column.
        var violations = violations().map {
            $0.field == "vendor" ? ContractFieldError(field: ImportColumn.vendorName.rawValue, message: $0.message) : $0
        }
        // The database accepts only a lower-case scheme; a file's `HTTPS://` would fail the whole
        // commit rather than this row.
        if let sourceURL, !(sourceURL.hasPrefix("http://") || sourceURL.hasPrefix("https://")),
            !violations.contains(where: { $0.field == ImportColumn.sourceUrl.rawValue })
        {
            violations.append(
                .init(field: ImportColumn.sourceUrl.rawValue, message: LedgerText.httpScheme))
        }
        if !violations.isEmpty { throw InvalidContract(violations) }
    }
}

/// Reads the cells of an import's rows, remembering what each distinct text read as.
///
/// A contract list names the same few hundred vendors, dates, categories and methods thousands
/// of times, and reading some of them is costly (a vendor name is checked through its
/// ``VendorNameKey``; Japanese words are NFKC-normalised), so each distinct text is read once.
/// One reader serves one chunk of rows on one task; it is not shared.
public final class ContractCellReader {
    /// The longest vendor name the register stores.
    static let maximumVendorNameLength = 300

    private let category: (String) -> String?
    private var vendorNames: [String: Result<String, ContractCellError>] = [:]
    private var categoryCodes: [String: Result<String, ContractCellError>] = [:]
    private var taxIncludedValues: [String: Result<Bool, ContractCellError>] = [:]
    private var billingBases: [String: Result<BillingBasis, ContractCellError>] = [:]
    private var contractMethods: [String: Result<ContractMethod, ContractCellError>] = [:]
    private var dates: [String: Result<BusinessDate, ContractCellError>] = [:]

    /// - Parameter category: the category code a cell names (a code or a category's Japanese or
    ///   English name), or nil when it names none.
    public init(category: @escaping (String) -> String?) {
        self.category = category
    }

    func vendorName(_ cell: String) throws(ContractCellError) -> String {
        try remembered(cell, in: &vendorNames) { (cell) throws(ContractCellError) in
            let name = ContractCell.vendorName(cell)
            guard name.count <= Self.maximumVendorNameLength else {
                throw ContractCellError(LedgerText.atMostCharacters(Self.maximumVendorNameLength))
            }
            if let problem = Self.vendorNameProblem(name) { throw ContractCellError(problem) }
            return name
        }
    }

    /// Why a vendor name has no ``VendorNameKey``, or nil when it has one.
    ///
    /// Remembered across readers, in the process: computing a key takes a fraction of a
    /// millisecond, and every chunk of an import names mostly the same vendors. The answer depends
    /// on the name alone, so remembering it never serves stale data.
    private static func vendorNameProblem(_ name: String) -> Bilingual? {
        if let known = knownVendorNames.withLock({ $0[name] }) { return known }
        var problem: Bilingual?
        do throws(InvalidVendorName) {
            _ = try VendorNameKey(name)
        } catch {
            problem = error.message
        }
        knownVendorNames.withLock { known in
            // Bounded: a long-running server forgets everything now and then rather than grow.
            if known.count >= 50_000 { known.removeAll(keepingCapacity: true) }
            known[name] = .some(problem)
        }
        return problem
    }

    private static let knownVendorNames = Mutex<[String: Bilingual?]>([:])

    func categoryCode(_ text: String) throws(ContractCellError) -> String {
        try remembered(text, in: &categoryCodes) { [category] (text) throws(ContractCellError) in
            guard let code = category(text) else {
                throw .notACategory(text)
            }
            return code
        }
    }

    func taxIncluded(_ text: String) throws(ContractCellError) -> Bool {
        try remembered(text, in: &taxIncludedValues, ContractCell.taxIncluded)
    }

    func billingBasis(_ text: String) throws(ContractCellError) -> BillingBasis {
        try remembered(text, in: &billingBases, ContractCell.billingBasis)
    }

    func contractMethod(_ text: String) throws(ContractCellError) -> ContractMethod {
        try remembered(text, in: &contractMethods, ContractCell.contractMethod)
    }

    func date(_ text: String) throws(ContractCellError) -> BusinessDate {
        try remembered(text, in: &dates, ContractCell.date)
    }

    private func remembered<T>(
        _ text: String, in memory: inout [String: Result<T, ContractCellError>],
        _ read: (String) throws(ContractCellError) -> T
    ) throws(ContractCellError) -> T {
        if let known = memory[text] { return try known.get() }
        let result = Result { () throws(ContractCellError) in try read(text) }
        memory[text] = result
        return try result.get()
    }
}
