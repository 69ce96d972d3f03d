import Foundation

/// An import file read as UTF-8 in blocks, for the CSV parser: CP932 is transcoded, a UTF-8
/// byte-order mark dropped, and bytes that are not text in the file's encoding stop the read with
/// an error naming the line. Only one block is held at a time, so a file of any size costs the
/// same memory.
///
/// It is an `InputStream` because that is what the CSV parser reads from.
final class ImportFileStream: InputStream {
    private static let blockSize = 1 << 16

    let encoding: TextEncoding
    /// The size of the file, for progress.
    let totalBytes: Int
    /// Bytes read from the file so far (ahead of the parser by at most one block).
    private(set) var bytesRead = 0
    /// Why reading stopped early, naming the line.
    private(set) var failure: CLIError?

    private let file: FileHandle
    private let fileName: String
    private var validator = UTF8Validator()
    private var transcoder: CP932Transcoder?
    /// CP932 bytes of a character cut off at the end of the last block.
    private var carried: [UInt8] = []
    private var output: [UInt8] = []
    private var outputPosition = 0
    /// Line breaks in the bytes before the current block, to name the line of a bad byte.
    private var lineBreaks = 0
    private var atEnd = false
    private var status: Stream.Status = .notOpen

    init(url: URL, encoding: TextEncoding) throws(CLIError) {
        do {
            file = try FileHandle(forReadingFrom: url)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            totalBytes = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw CLIError(CLIText.cannotRead(url.path, (error as NSError).localizedDescription))
        }
        self.encoding = encoding
        fileName = url.lastPathComponent
        if encoding == .cp932 { transcoder = try CP932Transcoder() }
        super.init(data: Data())
    }

    override var streamStatus: Stream.Status { status }
    override var streamError: (any Error)? { failure }

    override func open() {
        status = .open
    }

    override func close() {
        status = .closed
        try? file.close()
    }

    override var hasBytesAvailable: Bool {
        fill()
        // After a failure the parser must call `read` to learn of it.
        return outputPosition < output.count || failure != nil
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        fill()
        if failure != nil { return -1 }
        let count = min(length, output.count - outputPosition)
        guard count > 0 else { return 0 }
        output.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress { buffer.update(from: base + outputPosition, count: count) }
        }
        outputPosition += count
        return count
    }

    /// Reads and decodes blocks until there is output, the file ends, or a byte is invalid.
    private func fill() {
        while outputPosition == output.count && !atEnd && failure == nil {
            let block: [UInt8]
            do {
                block = try file.read(upToCount: Self.blockSize).map { Array($0) } ?? []
            } catch {
                failure = CLIError(CLIText.cannotRead(fileName, (error as NSError).localizedDescription))
                return
            }
            let isFirst = bytesRead == 0
            bytesRead += block.count
            output = []
            outputPosition = 0
            if block.isEmpty {
                atEnd = true
                finish()
            } else {
                decode(isFirst ? firstBlock(block) : block)
            }
        }
    }

    /// The first block without its UTF-8 byte-order mark; refuses UTF-16, which Excel offers as
    /// "Unicode text" and which no CSV parser here reads.
    private func firstBlock(_ block: [UInt8]) -> [UInt8]? {
        if block.starts(with: [0xFF, 0xFE]) || block.starts(with: [0xFE, 0xFF]) {
            failure = CLIError(CLIText.utf16(fileName))
            return nil
        }
        if encoding == .utf8 && block.starts(with: UTF8Validator.byteOrderMark) {
            return Array(block.dropFirst(UTF8Validator.byteOrderMark.count))
        }
        return block
    }

    private func decode(_ block: [UInt8]?) {
        guard let block, failure == nil else { return }
        switch encoding {
        case .utf8:
            let invalidOffset = block.withUnsafeBufferPointer { validator.consume($0) }
            if let invalidOffset {
                fail(at: invalidOffset, in: block, byte: block[invalidOffset])
                return
            }
            lineBreaks += Self.lineBreaks(in: block[...])
            output = block
        case .cp932:
            guard let transcoder else { return }
            let input = carried + block
            switch transcoder.convert(input, final: false) {
            case .converted(let converted, let consumed):
                lineBreaks += Self.lineBreaks(in: input[..<consumed])
                carried = Array(input[consumed...])
                output = converted
            case .invalid(let offset):
                fail(at: offset, in: input, byte: input[offset])
            }
        }
    }

    /// At the end of the file: a character must not be cut off.
    private func finish() {
        switch encoding {
        case .utf8:
            if !validator.isComplete {
                failure = CLIError(CLIText.cutCharacter(line: lineBreaks + 1, file: fileName))
            }
        case .cp932:
            guard !carried.isEmpty, let transcoder else { return }
            if case .invalid(let offset) = transcoder.convert(carried, final: true) {
                fail(at: offset, in: carried, byte: carried[offset])
            }
        }
    }

    private func fail(at offset: Int, in bytes: [UInt8], byte: UInt8) {
        let line = lineBreaks + Self.lineBreaks(in: bytes[..<offset]) + 1
        let hint =
            switch encoding {
            case .utf8: CLIText.maybeShiftJIS
            case .cp932: CLIText.maybeUTF8
            }
        failure = CLIError(
            CLIText.invalidText(
                line: line, file: fileName, encoding: encoding.displayName,
                byte: String(byte, radix: 16, uppercase: true), hint: hint))
    }

    /// LF bytes: in UTF-8 and in CP932 (whose second bytes are 0x40 or above) a 0x0A byte is
    /// always a line break.
    private static func lineBreaks(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}
