import ArgumentParser
import Ledger

/// Names the nearest subcommand when one is misspelt (`procure contract list`), which
/// ArgumentParser would answer with a bare "Unexpected argument".
enum CommandSuggestion {
    /// The refusal for the first word of `arguments` that is no subcommand where one is expected;
    /// nil when the words name commands all the way (options and values are not looked at).
    static func unknownCommand(in arguments: [String], root: any ParsableCommand.Type) -> Bilingual? {
        var command = root
        var path = [root.configuration.commandName ?? "procure"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            let names = subcommands.map { $0.configuration.commandName ?? String(describing: $0).lowercased() }
            guard let index = names.firstIndex(of: word) else {
                if word == "help" { return nil }
                let nearest = names.map { ($0, distance($0, word)) }.min { $0.1 < $1.1 }
                let suggestion = nearest.flatMap { $0.1 <= max(2, word.count / 3) ? $0.0 : nil }
                return CLIText.unknownCommand(word, path: path.joined(separator: " "), suggestion: suggestion)
            }
            command = subcommands[index]
            path.append(names[index])
        }
        return nil
    }

    /// The Levenshtein distance between two words.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                previous = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, substitution)
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
