import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML part of a workbook parsed with Foundation's `XMLParser`, its events handed to closures.
/// Names are local names (`x:sheetData` is `sheetData`): some writers prefix SpreadsheetML's
/// namespace.
final class PartParser: NSObject, XMLParserDelegate {
    typealias Start = (_ name: String, _ attributes: [String: String]) -> Void
    typealias End = (_ name: String) -> Void
    typealias Text = (_ text: String) -> Void

    private let start: Start
    private let end: End
    private let text: Text
    private(set) var failure: String?

    init(start: @escaping Start, end: @escaping End = { _ in }, text: @escaping Text = { _ in }) {
        self.start = start
        self.end = end
        self.text = text
    }

    /// Parses `data`; throws `.damaged` naming `part` when it is not well-formed XML.
    func parse(_ data: Data, part: String) throws(WorkbookError) {
        try run(XMLParser(data: data), part: part)
    }

    /// Parses a stream (a part extracted to a file) without holding it in memory.
    func parse(_ stream: InputStream, part: String) throws(WorkbookError) {
        try run(XMLParser(stream: stream), part: part)
    }

    private func run(_ parser: XMLParser, part: String) throws(WorkbookError) {
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        if !parser.parse() {
            throw .damaged(part: part, reason: failure ?? parser.parserError.map { "\($0)" } ?? "not XML")
        }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        start(elementName, attributes)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        end(elementName)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text(string)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        failure = "line \(parser.lineNumber): \(parseError.localizedDescription)"
    }
}

/// A new temporary file, open for reading and writing and already unlinked: the open handle keeps
/// its bytes until it is closed, and nothing is left behind however the process ends.
func unlinkedTemporaryFile() throws(WorkbookError) -> FileHandle {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "procure-workbook-\(UUID().uuidString).xml")
    guard FileManager.default.createFile(atPath: url.path, contents: nil),
        let file = try? FileHandle(forUpdating: url)
    else {
        throw .unreadable("cannot create a temporary file in \(url.deletingLastPathComponent().path)")
    }
    try? FileManager.default.removeItem(at: url)
    return file
}

/// An attribute by its local name, whatever prefix the writer gave it (`r:id`, `ns1:id`).
func attribute(_ attributes: [String: String], local name: String) -> String? {
    if let value = attributes[name] { return value }
    let suffix = ":" + name
    return attributes.first { $0.key.hasSuffix(suffix) }?.value
}

/// A file read as an `InputStream`, for `XMLParser`; the file is unlinked once open, so nothing
/// is left behind however the read ends. Counts the bytes read, for progress.
final class PartFileStream: InputStream {
    private let file: FileHandle
    private let counter: ByteCounter
    private var status: Stream.Status = .notOpen
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    init(file: FileHandle, counter: ByteCounter) {
        self.file = file
        self.counter = counter
        super.init(data: Data())
    }

    override var streamStatus: Stream.Status { status }
    override func open() { status = .open }
    override func close() {
        status = .closed
        try? file.close()
    }
    override var hasBytesAvailable: Bool { !atEnd || position < buffer.count }

    override func read(_ target: UnsafeMutablePointer<UInt8>, maxLength: Int) -> Int {
        if position == buffer.count && !atEnd {
            let block = (try? file.read(upToCount: 1 << 16)) ?? nil
            buffer = block.map { Array($0) } ?? []
            position = 0
            if buffer.isEmpty { atEnd = true }
            counter.add(buffer.count)
        }
        let count = min(maxLength, buffer.count - position)
        guard count > 0 else { return 0 }
        buffer.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress { target.update(from: base + position, count: count) }
        }
        position += count
        return count
    }
}

/// Bytes read so far, written by the parsing thread and read by the importer's.
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    func add(_ count: Int) {
        lock.lock()
        total += count
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return total
    }
}

/// Checks that a part's bytes are UTF-8, chunk by chunk as they unpack (a character may straddle
/// two chunks). Office writes its parts in UTF-8; bytes that are not — a damaged archive — must
/// stop the read before they reach `XMLParser`, which traps on some of them.
struct UTF8Check {
    private var carried: [UInt8] = []

    /// False when the bytes so far are not UTF-8.
    mutating func consume(_ chunk: Data) -> Bool {
        var bytes = carried
        bytes.append(contentsOf: chunk)
        // Keep an incomplete last character for the next chunk: step back over continuation
        // bytes (10xxxxxx) to the lead byte, and carry them if the character needs more.
        var start = bytes.count
        var back = 0
        while start > 0 && back < 4 && bytes[start - 1] & 0xC0 == 0x80 {
            start -= 1
            back += 1
        }
        var split = bytes.count
        if start > 0 {
            let lead = bytes[start - 1]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if length > 1 && bytes.count - (start - 1) < length { split = start - 1 }
        }
        carried = Array(bytes[split...])
        return String(validating: bytes[..<split], as: UTF8.self) != nil
    }

    /// True when no character was left incomplete at the end.
    var isComplete: Bool { carried.isEmpty }
}
