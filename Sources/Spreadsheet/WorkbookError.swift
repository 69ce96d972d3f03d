/// Why a workbook could not be read. The cases carry what a message needs; the words are the
/// caller's (the CLI and the workspace say them in the user's language).
public enum WorkbookError: Error, Equatable, Sendable {
    /// The file is a ZIP archive but not an Excel workbook (an OpenDocument spreadsheet, a
    /// Word document, any other archive).
    case notAWorkbook
    /// An Excel 97–2003 workbook (`.xls`) or a password-protected workbook: both are OLE compound
    /// files, which are not read.
    case compoundFile
    /// The file starts as a ZIP archive but its directory is missing: cut short (a copy or a
    /// download that stopped) or damaged.
    case incomplete
    /// `--sheet` named a sheet the workbook does not have.
    case noSuchSheet(String, available: [String])
    /// A part of the workbook is missing or is not the XML it should be (the part's path in the
    /// archive, and what went wrong).
    case damaged(part: String, reason: String)
    /// The file could not be read at all.
    case unreadable(String)
}
