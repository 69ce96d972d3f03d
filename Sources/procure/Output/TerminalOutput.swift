#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether the standard streams are terminals: long work (an import) shows progress on a
/// terminal and stays quiet when its output is piped or redirected to a file.
enum Terminal {
    /// Whether standard output is a terminal (not a pipe or a file).
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Whether standard error is a terminal; progress goes there, so this decides whether to
    /// draw it.
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Whether standard input is a terminal: a person who can answer a question.
    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }
}

/// Writes rendered output exactly as given (`render` already ends it with a line break, and CSV
/// uses CRLF, which `print` would follow with a stray LF).
enum StandardOutput {
    /// Writes `text` to standard output through the same buffered stream as `print`, so it stays
    /// in order with anything else the command prints.
    static func write(_ text: String) {
        print(text, terminator: "")
    }
}

/// Writes to standard error: warnings and progress, which must not mix into piped output.
enum StandardError {
    /// Writes `text` to standard error as given.
    static func write(_ text: String) {
        writeAll(text, to: STDERR_FILENO)
    }
}

/// Writes every byte of `text` to `descriptor` with write(2), unbuffered like C's `stderr`,
/// retrying after partial writes and interruptions. (The C `stderr` stream is a mutable global
/// that Swift 6 does not allow here.)
private func writeAll(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { bytes in
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            next += written
            remaining -= written
        }
    }
}
