/// A bulk import of one municipality's contracts: opened, filled with rows in chunks (each row
/// validated as it arrives), then committed into the register in one transaction.
///
/// Only the token that opened an import may add rows to it or commit it; to anyone else it does
/// not exist. An open import that receives nothing for a day expires, and its staged rows are
/// deleted the next time anyone opens an import.
public struct ContractImport: Sendable, Hashable {
    /// Where an import is in its life.
    public enum Status: String, Sendable, Hashable {
        /// Receiving rows.
        case open
        /// Applied to the register; its staged rows are gone.
        case committed
        /// Refused at commit because rows were invalid and `skipInvalid` was not set; nothing was
        /// imported.
        case rejected
    }

    public let id: Int64
    public let municipalityCode: MunicipalityCode
    /// Import the valid rows and report the rest, instead of nothing if any row is invalid.
    public let skipInvalid: Bool
    public let status: Status
    public let rowsReceived: Int
    public let invalidRows: Int

    public init(
        id: Int64, municipalityCode: MunicipalityCode, skipInvalid: Bool, status: Status, rowsReceived: Int,
        invalidRows: Int
    ) {
        self.id = id
        self.municipalityCode = municipalityCode
        self.skipInvalid = skipInvalid
        self.status = status
        self.rowsReceived = rowsReceived
        self.invalidRows = invalidRows
    }
}

/// One row of an import as uploaded: its line in the file and its cells by column name
/// (``ImportColumn`` raw values).
public struct ContractImportRow: Sendable, Hashable {
    public let line: Int
    public let values: [String: String]

    public init(line: Int, values: [String: String]) {
        self.line = line
        self.values = values
    }
}

/// Why one row of an import is invalid: its line, the column (``ImportColumn`` raw value) and a
/// sentence a person can act on.
public struct ImportRowError: Sendable, Hashable, Codable {
    public let line: Int
    public let column: String
    public let message: Bilingual

    public init(line: Int, column: String, message: Bilingual) {
        self.line = line
        self.column = column
        self.message = message
    }

    // Kept as `message` (English) and `messageJa`; results kept before messages had two
    // languages have the English alone.
    private enum CodingKeys: String, CodingKey {
        case line
        case column
        case message
        case messageJa
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        line = try container.decode(Int.self, forKey: .line)
        column = try container.decode(String.self, forKey: .column)
        let english = try container.decode(String.self, forKey: .message)
        message = Bilingual(ja: try container.decodeIfPresent(String.self, forKey: .messageJa) ?? english, en: english)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(message.english, forKey: .message)
        try container.encode(message.japanese, forKey: .messageJa)
    }
}

/// What receiving a chunk of rows found.
public struct ContractImportChunkResult: Sendable, Hashable {
    /// Rows the import has received so far, this chunk included.
    public let rowsReceived: Int
    /// Invalid rows the import has received so far.
    public let invalidRows: Int
    /// The problems of this chunk's rows, by line.
    public let errors: [ImportRowError]
}

/// What committing an import did to the register.
public struct ContractImportResult: Sendable, Hashable, Codable {
    public let created: Int
    public let updated: Int
    /// Valid rows whose contract already held exactly these values: nothing was written for them.
    public let unchanged: Int
    /// Invalid rows left out (with `skipInvalid`).
    public let skipped: Int
    public let vendorsCreated: Int
    /// The skipped rows' problems, by line; at most ``ContractImportRepository/maximumListedErrors``.
    public let errors: [ImportRowError]
    /// The vendors the import registered under names close to vendors already registered: typos,
    /// perhaps, to merge (nil in results stored before imports listed them).
    public let similarNewVendors: [SimilarNewVendor]?
}

/// A vendor an import registered, and the registered vendors its name is close to.
public struct SimilarNewVendor: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    public let similar: [SimilarVendor]
}

/// Why an import operation is refused.
public enum ContractImportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// No such import, or it was opened by another token.
    case notFound(String)
    /// The import was already committed or rejected.
    case notOpen(id: Int64, status: ContractImport.Status)
    /// The import received nothing for too long and is being discarded.
    case expired(Int64)
    /// The municipality to import for does not exist.
    case unknownMunicipality(MunicipalityCode)
    /// Cells under names that are not import columns.
    case unknownColumns([String])
    /// A chunk larger than ``ContractImportRepository/maximumChunkRows``.
    case chunkTooLarge(Int)
    /// Line numbers below 1.
    case invalidLine(Int)
    /// Lines this import already received (or repeated within the chunk).
    case duplicateLines([Int])
    /// At commit: rows are invalid and `skipInvalid` was not set, so nothing was imported. The
    /// errors are the first ``ContractImportRepository/maximumListedErrors`` by line.
    case rejected(invalidRows: Int, errors: [ImportRowError])

    public var description: String { message.english }
}
