import Foundation
import ZIPFoundation

/// An Excel workbook (`.xlsx`, Office Open XML) opened for reading: its sheets, the shared
/// strings, which cell styles show dates, and the date system. A sheet's rows are then streamed
/// by ``rows(of:)``.
public final class Workbook {
    /// A sheet as the workbook lists it.
    public struct Sheet: Sendable, Equatable {
        public let name: String
        /// The sheet's part in the archive (`xl/worksheets/sheet1.xml`).
        let part: String
        public let hidden: Bool
    }

    /// What a file's first bytes say it is.
    public enum FileKind: Sendable {
        /// A ZIP archive: an `.xlsx` workbook, if it has the parts of one.
        case zipArchive
        /// An OLE compound file: an `.xls` workbook, or a password-protected `.xlsx`.
        case compoundFile
        /// Anything else (a CSV, for the import).
        case other
    }

    public let sheets: [Sheet]
    let sharedStrings: [String]
    /// Per cell style (`s="3"`), whether its number format shows a date.
    let dateStyles: [Bool]
    let dateSystem1904: Bool
    private let archive: Archive

    /// Looks at a file's first bytes.
    public static func kind(ofFileAt url: URL) -> FileKind {
        guard let file = try? FileHandle(forReadingFrom: url) else { return .other }
        defer { try? file.close() }
        let head = (try? file.read(upToCount: 8)).map { Array($0) } ?? []
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .zipArchive }
        if head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] { return .compoundFile }
        return .other
    }

    /// The most bytes one part may unpack to.
    let maximumPartBytes: Int

    /// - Parameter maximumPartBytes: the most bytes one part (a sheet, the shared strings) may
    ///   unpack to — 2 GB by default, some four million rows of a contract list.
    public init(url: URL, maximumPartBytes: Int = 2_000_000_000) throws(WorkbookError) {
        self.maximumPartBytes = maximumPartBytes
        switch Self.kind(ofFileAt: url) {
        case .compoundFile: throw .compoundFile
        case .other: throw .notAWorkbook
        case .zipArchive: break
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch Archive.ArchiveError.missingEndOfCentralDirectoryRecord {
            throw .incomplete
        } catch {
            throw .unreadable("\(error)")
        }
        self.archive = archive
        let workbookPart = Self.officeDocument(in: archive) ?? "xl/workbook.xml"
        guard let workbookXML = try Self.data(of: workbookPart, in: archive) else { throw .notAWorkbook }
        let relationships = try Self.relationships(of: workbookPart, in: archive)

        var sheets: [Sheet] = []
        var dateSystem1904 = false
        try PartParser(start: { name, attributes in
            switch name {
            case "sheet":
                guard let id = attribute(attributes, local: "id"), let target = relationships.byID[id] else { return }
                sheets.append(
                    Sheet(
                        name: attributes["name"] ?? "", part: target,
                        hidden: attributes["state"] == "hidden" || attributes["state"] == "veryHidden"))
            case "workbookPr":
                dateSystem1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
            default: break
            }
        }).parse(workbookXML, part: workbookPart)
        self.sheets = sheets
        self.dateSystem1904 = dateSystem1904
        if let part = relationships.byType["sharedStrings"] {
            sharedStrings = try Self.sharedStrings(in: part, of: archive, maximumBytes: maximumPartBytes)
        } else {
            sharedStrings = []
        }
        if let part = relationships.byType["styles"] {
            dateStyles = try Self.dateStyles(in: part, of: archive)
        } else {
            dateStyles = []
        }
    }

    /// The sheet `choice` names: a sheet's name, or its number counting from 1; without a
    /// choice, the first sheet that is not hidden.
    public func sheet(_ choice: String?) throws(WorkbookError) -> Sheet {
        let names = sheets.map(\.name)
        guard let choice = choice?.trimmingCharacters(in: .whitespaces), !choice.isEmpty else {
            guard let first = sheets.first(where: { !$0.hidden }) ?? sheets.first else {
                throw .noSuchSheet("1", available: names)
            }
            return first
        }
        if let sheet = sheets.first(where: { $0.name == choice }) { return sheet }
        if let sheet = sheets.first(where: { $0.name.trimmingCharacters(in: .whitespaces) == choice }) {
            return sheet
        }
        if let number = Int(choice), number >= 1, number <= sheets.count { return sheets[number - 1] }
        throw .noSuchSheet(choice, available: names)
    }

    /// The sheet's rows, streamed: the sheet's part is unpacked to a temporary file (unlinked at
    /// once) and parsed on a thread of its own, a few hundred rows ahead of the reader.
    public func rows(of sheet: Sheet) throws(WorkbookError) -> SheetRows {
        guard let entry = archive[sheet.part] else { throw .damaged(part: sheet.part, reason: "missing") }
        let (file, merges) = try Self.unpack(entry, of: archive, maximumBytes: maximumPartBytes)
        return SheetRows(
            file: file, part: sheet.part, totalBytes: Int(clamping: entry.uncompressedSize),
            context: .init(
                sharedStrings: sharedStrings, dateStyles: dateStyles, dateSystem1904: dateSystem1904,
                merges: merges))
    }

    // MARK: Parts

    /// A small part's bytes, nil when the archive has no such part.
    private static func data(of part: String, in archive: Archive) throws(WorkbookError) -> Data? {
        guard let entry = archive[part] else { return nil }
        guard entry.uncompressedSize <= 50_000_000 else {
            throw .damaged(part: part, reason: "larger than 50 MB unpacked")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                data.append(chunk)
                if data.count > 50_000_000 { throw PartTooLarge() }
            }
        } catch is PartTooLarge {
            throw .damaged(part: part, reason: "larger than 50 MB unpacked")
        } catch {
            throw .damaged(part: part, reason: "\(error)")
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw .damaged(part: part, reason: "not UTF-8 text")
        }
        return data
    }

    /// The workbook part named by the package's relationships (`xl/workbook.xml` as a rule).
    private static func officeDocument(in archive: Archive) -> String? {
        guard let data = try? data(of: "_rels/.rels", in: archive) else { return nil }
        var target: String?
        try? PartParser(start: { name, attributes in
            if name == "Relationship", attributes["Type"]?.hasSuffix("/officeDocument") == true {
                target = attributes["Target"]
            }
        }).parse(data, part: "_rels/.rels")
        return target.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
    }

    /// A part's relationships: targets by id, and by the last word of their type
    /// (`sharedStrings`, `styles`), as paths in the archive.
    private static func relationships(
        of part: String, in archive: Archive
    ) throws(WorkbookError) -> (byID: [String: String], byType: [String: String]) {
        let folder = part.split(separator: "/").dropLast().joined(separator: "/")
        let file = part.split(separator: "/").last.map(String.init) ?? part
        let relsPart = (folder.isEmpty ? "" : folder + "/") + "_rels/" + file + ".rels"
        guard let data = try data(of: relsPart, in: archive) else { return ([:], [:]) }
        var byID: [String: String] = [:]
        var byType: [String: String] = [:]
        try PartParser(start: { name, attributes in
            guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
            let path =
                target.hasPrefix("/") ? String(target.dropFirst()) : (folder.isEmpty ? "" : folder + "/") + target
            byID[id] = path
            if let type = attributes["Type"]?.split(separator: "/").last { byType[String(type)] = path }
        }).parse(data, part: relsPart)
        return (byID, byType)
    }

    /// The shared strings table, each string's runs joined and its phonetic guide (`rPh`, the
    /// furigana Japanese Excel stores) left out.
    private static func sharedStrings(
        in part: String, of archive: Archive, maximumBytes: Int
    ) throws(WorkbookError) -> [String] {
        guard let entry = archive[part] else { return [] }
        let (file, _) = try unpack(entry, of: archive, maximumBytes: maximumBytes, scanMerges: false)
        var strings: [String] = []
        var current = ""
        var inText = false
        var phonetic = 0
        var complete = false
        try PartParser(
            start: { name, _ in
                switch name {
                case "si": current = ""
                case "t": inText = phonetic == 0
                case "rPh": phonetic += 1
                default: break
                }
            },
            end: { name in
                switch name {
                case "si": strings.append(CellValues.unescaped(current))
                case "t": inText = false
                case "rPh": phonetic -= 1
                case "sst": complete = true
                default: break
                }
            },
            text: { text in if inText { current += text } }
        ).parse(PartFileStream(file: file, counter: ByteCounter()), part: part)
        guard complete else { throw .damaged(part: part, reason: "the strings end before the last one") }
        return strings
    }

    /// Per cell style, whether it shows a date (`cellXfs`, by index, and the number formats they use).
    private static func dateStyles(in part: String, of archive: Archive) throws(WorkbookError) -> [Bool] {
        guard let data = try data(of: part, in: archive) else { return [] }
        var codes: [Int: String] = [:]
        var styleFormats: [Int] = []
        var inCellStyles = false
        try PartParser(
            start: { name, attributes in
                switch name {
                case "numFmt":
                    if let id = attributes["numFmtId"].flatMap({ Int($0) }) { codes[id] = attributes["formatCode"] }
                case "cellXfs": inCellStyles = true
                case "xf" where inCellStyles: styleFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
                default: break
                }
            },
            end: { name in if name == "cellXfs" { inCellStyles = false } }
        ).parse(data, part: part)
        return styleFormats.map { CellValues.isDateFormat(id: $0, code: codes[$0]) }
    }

    /// Unpacks a part into an unlinked temporary file, read from its start. For a sheet, the
    /// merged ranges are picked out on the way: they follow the rows in the part
    /// (`</sheetData><mergeCells>…`), and the rows need them as they stream.
    static func unpack(
        _ entry: Entry, of archive: Archive, maximumBytes: Int, scanMerges: Bool = true
    ) throws(WorkbookError) -> (FileHandle, [MergedRange]) {
        // A part's size as the archive states it, then as it unpacks (a crafted archive may state
        // less): a ZIP bomb stops here instead of filling the disk.
        guard entry.uncompressedSize <= maximumBytes else {
            throw .damaged(part: entry.path, reason: "larger than \(maximumBytes / 1_000_000) MB unpacked")
        }
        let file = try unlinkedTemporaryFile()
        var tail = MergeScanner()
        var written = 0
        var text = UTF8Check()
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16) { chunk in
                written += chunk.count
                if written > maximumBytes { throw PartTooLarge() }
                if !text.consume(chunk) { throw NotText() }
                try file.write(contentsOf: chunk)
                if scanMerges { tail.consume(chunk) }
            }
            if !text.isComplete { throw NotText() }
            try file.seek(toOffset: 0)
        } catch is NotText {
            try? file.close()
            throw .damaged(part: entry.path, reason: "not UTF-8 text")
        } catch is PartTooLarge {
            try? file.close()
            throw .damaged(part: entry.path, reason: "larger than \(maximumBytes / 1_000_000) MB unpacked")
        } catch {
            try? file.close()
            throw .damaged(part: entry.path, reason: "\(error)")
        }
        return (file, scanMerges ? try tail.ranges(part: entry.path) : [])
    }

    private struct PartTooLarge: Error {}
    private struct NotText: Error {}
}
