import ArgumentParser
import Foundation
import Ledger

/// How a listing or a record is printed: `--output table|json|csv`.
enum OutputFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// Aligned columns for a person at a terminal.
    case table
    /// The API's own items, for scripts (`jq`).
    case json
    /// RFC 4180 CSV, for spreadsheets.
    case csv
    /// An Excel workbook written to `--out`: amounts as numbers in yen, dates as dates.
    case xlsx
}

/// The `--output` option every listing and `show` command shares; include it with `@OptionGroup`.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp(OptionHelp.output.local))
    var output: OutputFormat = .table

    @Flag(help: ArgumentHelp(OptionHelp.excel.local))
    var excel = false

    @Option(help: ArgumentHelp(OptionHelp.out.local, valueName: "FILE.xlsx"))
    var out: String?

    func validate() throws {
        if excel && output != .csv { throw ValidationError(CLIText.excelNeedsCSV.local) }
        if output == .xlsx && out == nil { throw ValidationError(CLIText.xlsxNeedsOut.local) }
        if out != nil && output != .xlsx { throw ValidationError(CLIText.outNeedsXLSX.local) }
        if let out, !OutputEncoding.isWorkbookName(out) { throw ValidationError(CLIText.outNotXLSX.local) }
        // Set once, while the arguments are read and before anything is printed.
        OutputEncoding.byteOrderMark = excel
        OutputEncoding.workbookDestination = out.map { URL(fileURLWithPath: $0) }
    }
}
