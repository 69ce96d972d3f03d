import ArgumentParser
import Foundation
import Ledger

/// ArgumentParser's own words in the help and usage errors it prints (`USAGE:`, `OPTIONS:`,
/// `Error: Missing expected argument …`), in the run's language: ArgumentParser writes them in
/// English only, so a Japanese run translates them on the way out. procure's own words (summaries,
/// option help, discussions) come from the catalogues already.
enum ArgumentParserWords {
    /// Section headings and fixed phrases, whole.
    static let phrases: [Bilingual] = [
        Bilingual(ja: "概要:", en: "OVERVIEW:"),
        Bilingual(ja: "使い方:", en: "USAGE:"),
        Bilingual(ja: "引数:", en: "ARGUMENTS:"),
        Bilingual(ja: "オプション:", en: "OPTIONS:"),
        Bilingual(ja: "サブコマンド:", en: "SUBCOMMANDS:"),
        Bilingual(ja: "ヘルプを表示します。", en: "Show help information."),
        Bilingual(ja: "バージョンを表示します。", en: "Show the version."),
        Bilingual(ja: "使い方: ", en: "Usage: "),
        Bilingual(ja: "ヘルプ: ", en: "Help: "),
    ]

    /// Usage errors, by the English pattern's fixed parts around the one value each names.
    static let errors: [(en: (String, String), ja: (String, String))] = [
        (("Error: Missing expected argument '", "'"), ("エラー: 引数 '", "' がありません")),
        (("Error: Unknown option '", "'"), ("エラー: '", "' というオプションはありません")),
        (("Error: Missing value for '", "'"), ("エラー: '", "' の値がありません")),
        (("Error: Unexpected argument '", "'"), ("エラー: 余計な引数 '", "' があります")),
        (("Error: The value '", "' is invalid for"), ("エラー: 値 '", "' は正しくありません:")),
    ]

    /// `text` (a help or an error ArgumentParser made) in the run's language.
    static func localized(_ text: String) -> String {
        localized(text, in: CLILanguage.current)
    }

    static func localized(_ text: String, in language: Language) -> String {
        guard language == .japanese else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line)
            for (english, japanese) in errors where line.hasPrefix(english.0) {
                let rest = line.dropFirst(english.0.count)
                if let end = rest.range(of: english.1) {
                    line = japanese.0 + rest[..<end.lowerBound] + japanese.1 + rest[end.upperBound...]
                }
            }
            if line.hasPrefix("Error: ") { line = "エラー: " + line.dropFirst(7) }
            for phrase in phrases { line = line.replacingOccurrences(of: phrase.english, with: phrase.japanese) }
            line = line.replacingOccurrences(of: "(default: ", with: "（既定: ")
            if let see = line.range(
                of: #"See '(.+)' for (more details|more information|detailed help)\."#, options: .regularExpression)
            {
                let command = line[see].dropFirst(5).prefix { $0 != "'" }
                line.replaceSubrange(see, with: "詳しくは '\(command)' を見てください。")
            }
            return line
        }
        return lines.joined(separator: "\n")
    }
}
