#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns CP932 bytes into UTF-8 with the C library's iconv, block by block.
///
/// iconv rather than Foundation: Foundation decodes whole buffers only, so a file read in blocks
/// would have to be cut at character boundaries by hand, and on failure it says nothing about
/// where. iconv consumes a block up to a character split at its end (kept for the next block) and
/// stops exactly at an invalid byte, so the error can name the line. glibc's `CP932` is Microsoft's
/// table: the NEC specials (①, ㈱), the IBM extensions (髙, 﨑) and 0x5C as the backslash.
final class CP932Transcoder {
    /// What one call made of its input.
    enum Outcome {
        /// `output` is the UTF-8 of the first `consumed` input bytes; the rest begins a character
        /// that continues in the next block.
        case converted(output: [UInt8], consumed: Int)
        /// The byte at `offset` does not begin (or continue) a CP932 character.
        case invalid(offset: Int)
    }

    private let descriptor: iconv_t

    init() throws(CLIError) {
        let descriptor = iconv_open("UTF-8", "CP932")
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else {
            throw CLIError(CLIText.noCP932)
        }
        self.descriptor = descriptor
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Converts `input`; when `final`, a character cut off at the end is an error rather than
    /// left for the next block.
    func convert(_ input: [UInt8], final: Bool) -> Outcome {
        guard !input.isEmpty else { return .converted(output: [], consumed: 0) }
        // A CP932 character is one or two bytes and becomes at most three UTF-8 bytes (half-width
        // katakana: one byte becomes three), so this output never runs out.
        var output = [UInt8](repeating: 0, count: input.count * 3 + 4)
        var consumed = 0
        var produced = 0
        var failure: Int32 = 0
        input.withUnsafeBufferPointer { inputBytes in
            output.withUnsafeMutableBufferPointer { outputBytes in
                guard let inputBase = inputBytes.baseAddress, let outputBase = outputBytes.baseAddress else { return }
                var inputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inputBase)
                    .assumingMemoryBound(to: CChar.self)
                var inputLeft = inputBytes.count
                var outputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBase)
                    .assumingMemoryBound(to: CChar.self)
                var outputLeft = outputBytes.count
                if iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft) == -1 {
                    failure = errno
                }
                consumed = inputBytes.count - inputLeft
                produced = outputBytes.count - outputLeft
            }
        }
        // EINVAL: the input ends inside a character. EILSEQ: an invalid sequence.
        if failure == EILSEQ || (failure == EINVAL && final) || (failure != 0 && failure != EINVAL) {
            return .invalid(offset: consumed)
        }
        output.removeSubrange(produced...)
        return .converted(output: output, consumed: consumed)
    }
}
