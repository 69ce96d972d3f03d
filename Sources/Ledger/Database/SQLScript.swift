/// Splits a migration file into its statements.
///
/// PostgresNIO speaks only the extended query protocol, which runs one statement per query, so a
/// migration file with several statements is run statement by statement (inside one transaction).
/// The split respects everything in which a `;` does not end a statement: single-quoted strings
/// (with `''` escapes), quoted identifiers, dollar-quoted bodies (`$$ … $$`, `$tag$ … $tag$`),
/// `--` line comments and nested `/* */` block comments.
enum SQLScript {
    static func statements(in script: String) -> [String] {
        let scalars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0

        func flush() {
            let text = String(current).trimmingWhitespace()
            if !text.isEmpty && !isOnlyComments(text) { statements.append(text) }
            current.removeAll()
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "'", "\"":
                // A quoted string or identifier; a doubled quote is an escaped quote.
                var end = index + 1
                while end < scalars.count {
                    if scalars[end] == scalar {
                        if end + 1 < scalars.count && scalars[end + 1] == scalar {
                            end += 2
                            continue
                        }
                        break
                    }
                    end += 1
                }
                let stop = min(end, scalars.count - 1)
                current.append(contentsOf: scalars[index...stop])
                index = stop + 1
            case "-" where next == "-":
                while index < scalars.count && scalars[index] != "\n" {
                    current.append(scalars[index])
                    index += 1
                }
            case "/" where next == "*":
                var depth = 0
                while index < scalars.count {
                    if scalars[index] == "/" && index + 1 < scalars.count && scalars[index + 1] == "*" {
                        depth += 1
                        current.append(contentsOf: scalars[index...index + 1])
                        index += 2
                    } else if scalars[index] == "*" && index + 1 < scalars.count && scalars[index + 1] == "/" {
                        depth -= 1
                        current.append(contentsOf: scalars[index...index + 1])
                        index += 2
                        if depth == 0 { break }
                    } else {
                        current.append(scalars[index])
                        index += 1
                    }
                }
            case "$":
                if let tagEnd = dollarTagEnd(scalars, from: index) {
                    let tag = Array(scalars[index...tagEnd])
                    var end = tagEnd + 1
                    var closed = false
                    while end < scalars.count {
                        if scalars[end] == "$" && end + tag.count <= scalars.count
                            && Array(scalars[end..<end + tag.count]) == tag
                        {
                            end += tag.count
                            closed = true
                            break
                        }
                        end += 1
                    }
                    let stop = closed ? end : scalars.count
                    current.append(contentsOf: scalars[index..<stop])
                    index = stop
                } else {
                    current.append(scalar)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                current.append(scalar)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `start`, if one starts there.
    private static func dollarTagEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$" { return index }
            let isTagCharacter =
                scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || (index > start + 1 && ("0"..."9").contains(scalar))
            if !isTagCharacter { return nil }
            index += 1
        }
        return nil
    }

    private static func isOnlyComments(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { $0.trimmingWhitespace().hasPrefix("--") }
    }
}
