import Configuration
import Ledger

/// The language `procure` speaks: `PROCURE_LANG`, else the locale's (`LC_ALL`, then `LANG`:
/// Japanese for `ja_*`), else English.
enum CLILanguage {
    /// The language of this run (tests of output in the process set it per task).
    @TaskLocal static var current: Language = chosen(by: CLIConfiguration.reader)

    /// The language the settings ask for.
    static func chosen(by reader: ConfigReader) -> Language {
        let settings = [
            reader.string(forKey: "procure.lang"), reader.string(forKey: "lc.all"), reader.string(forKey: "lang"),
        ]
        return settings.lazy.compactMap { $0.flatMap(Language.init(locale:)) }.first ?? .english
    }
}

extension Bilingual {
    /// The text in the language of this run.
    var local: String { self(CLILanguage.current) }
}
