import Foundation
import Ledger

/// The progress bar of an import on standard error: rows sent and how much of the file is read.
/// Drawn only when standard error is a terminal, so piped or logged runs stay quiet.
struct ImportProgress {
    private let enabled: Bool
    private let totalBytes: Int
    private let width = 30
    private var drawn = false

    init(totalBytes: Int, enabled: Bool = Terminal.standardErrorIsTerminal) {
        self.totalBytes = totalBytes
        self.enabled = enabled
    }

    /// Redraws the bar in place.
    mutating func update(rowsSent: Int, bytesRead: Int) {
        guard enabled else { return }
        let fraction = totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = Int(fraction * 100)
        StandardError.write(
            "\r\u{1B}[2K\(bar) \(percent)%  "
                + DoneText.progress(
                    sent: formatCount(rowsSent), read: Self.megabytes(bytesRead), total: Self.megabytes(totalBytes)
                ).local)
        drawn = true
    }

    /// Says what is happening after the upload (the commit can take a while on a large file).
    mutating func status(_ text: String) {
        guard enabled else { return }
        StandardError.write("\r\u{1B}[2K\(text)")
        drawn = true
    }

    /// Removes the bar, before the summary is printed.
    mutating func clear() {
        guard enabled && drawn else { return }
        StandardError.write("\r\u{1B}[2K")
        drawn = false
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
