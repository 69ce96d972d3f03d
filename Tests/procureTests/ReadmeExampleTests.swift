import Foundation
import ProcureTestSupport
import Testing

/// The README's shell examples, run as written against a fresh `procure serve`: every command of
/// every ```` ```sh ```` block, in order, in one shell, so that the README cannot drift from the
/// binary. A block fenced ```` ```sh skip ```` (building, benchmarks, national-scale data) is not run
/// and is named in the test's output.
///
/// A command must succeed unless its comment says otherwise:
/// - `# → TEXT`: it succeeds and prints TEXT (on standard output);
/// - `# error: TEXT`: it fails and says TEXT (on standard error);
/// - any other comment is for the reader.
///
/// The README runs in English (`LANG=C`), where every TEXT is checked, and in Japanese
/// (`LANG=ja_JP.UTF-8`), where only success and failure are: the texts are the English ones.
@Suite("the README's examples", .serialized)
struct ReadmeExampleTests {
    @Test(
        "every shell example of the README does what it says, in English and in Japanese",
        arguments: [
            "C", "ja_JP.UTF-8",
        ])
    func readme(locale: String) async throws {
        let readme = try String(contentsOf: Self.packageRoot.appending(path: "README.md"), encoding: .utf8)
        let examples = ReadmeExamples(readme)
        #expect(examples.commands.count >= 60, "the README's story, not a fragment of it")
        for block in examples.skipped {
            print("README line \(block.line) (\(block.section)): a `sh skip` block, not run")
        }
        try await StoryServer.run { story in
            let script = examples.script(url: story.url, checkTexts: locale == "C")
            let directory = FileManager.default.temporaryDirectory.appending(path: "procure-readme-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            // `procure` is the binary under test, whatever the README's alias says.
            let bin = directory.appending(path: "bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: bin.appending(path: "procure"), withDestinationURL: story.procure.executable)
            // It runs in a directory of its own (files it writes stay out of the checkout), where
            // `docs/` is the checkout's.
            try FileManager.default.createSymbolicLink(
                at: directory.appending(path: "docs"), withDestinationURL: Self.packageRoot.appending(path: "docs"))
            let scriptFile = directory.appending(path: "readme.sh")
            try script.write(to: scriptFile, atomically: true, encoding: .utf8)

            var environment = story.procure.environment
            for key in ["PROCURE_LANG", "LC_ALL", "LANGUAGE", "PROCURE_URL", "PROCURE_TOKEN"] {
                environment.removeValue(forKey: key)
            }
            environment["LANG"] = locale
            environment["XDG_CONFIG_HOME"] = directory.appending(path: "config").path
            environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            let bash = Process()
            bash.executableURL = URL(fileURLWithPath: "/bin/bash")
            bash.arguments = [scriptFile.path]
            bash.currentDirectoryURL = directory
            bash.environment = environment
            let output = Pipe()
            bash.standardOutput = output
            bash.standardError = output
            bash.standardInput = FileHandle.nullDevice
            try bash.run()
            let transcript = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            bash.waitUntilExit()
            #expect(bash.terminationStatus == 0, "\(transcript)")
            #expect(transcript.contains("README: \(examples.commands.count) commands run"), "\(transcript)")
        }
    }

    @Test("a command's comment is read outside quotes, and continuation lines join")
    func parsing() {
        let examples = ReadmeExamples(
            """
            ## Story

            ```sh
            alias procure=.build/release/procure
            # a comment alone
            procure cases note 1 "第1回 # 打合せ"   # → note 1
            procure vendors add "㈱ ＡＢＣ"        # error: already exists
            procure contracts add --title 'a # b' \\
                --amount 1     # just a remark
            ```

            ```sh skip
            bench/run
            ```
            """)
        #expect(examples.commands.map(\.line) == [6, 7, 8])
        #expect(examples.commands.map(\.expectation) == [.prints("note 1"), .fails("already exists"), .succeeds])
        #expect(examples.commands[2].text.contains("--amount 1"))
        #expect(examples.skipped.map(\.line) == [12])
        #expect(examples.skipped.first?.section == "Story")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}

/// The shell examples of a Markdown file.
struct ReadmeExamples {
    enum Expectation: Equatable {
        case succeeds
        case prints(String)
        case fails(String)
    }

    struct Command {
        /// The line of the file it starts on.
        let line: Int
        let text: String
        let expectation: Expectation
    }

    struct SkippedBlock {
        let line: Int
        let section: String
    }

    private(set) var commands: [Command] = []
    private(set) var skipped: [SkippedBlock] = []

    init(_ markdown: String) {
        var section = ""
        var inBlock = false
        var running = false
        var pending: (line: Int, text: String)?
        for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            if !inBlock {
                if line.hasPrefix("## ") { section = String(line.dropFirst(3)) }
                if line.hasPrefix("```sh") {
                    inBlock = true
                    running = line.split(separator: " ").dropFirst().first != "skip"
                    if !running { skipped.append(SkippedBlock(line: number, section: section)) }
                }
                continue
            }
            if line.hasPrefix("```") {
                inBlock = false
                continue
            }
            guard running else { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pending == nil && (trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("alias procure=")) {
                continue
            }
            let (code, comment) = Self.split(line)
            let started = pending ?? (number, "")
            let text = started.text + (started.text.isEmpty ? "" : "\n") + code
            if code.trimmingCharacters(in: .whitespaces).hasSuffix("\\") {
                pending = (started.line, text)
                continue
            }
            pending = nil
            commands.append(Command(line: started.line, text: text, expectation: Self.expectation(comment)))
        }
    }

    /// The line's code and its comment: the text after the first `#` that starts a word outside
    /// quotes.
    private static func split(_ line: String) -> (code: String, comment: String?) {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#" && previous.isWhitespace {
                return (String(line[..<index]), String(line[line.index(after: index)...]))
            }
            previous = character
        }
        return (line, nil)
    }

    private static func expectation(_ comment: String?) -> Expectation {
        let text = (comment ?? "").trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("→ ") { return .prints(String(text.dropFirst(2))) }
        if text.hasPrefix("error: ") { return .fails(String(text.dropFirst(7))) }
        return .succeeds
    }

    /// A bash script that runs every command in order, in one shell (variables carry over), and
    /// checks each; `checkTexts` false checks success and failure only. The README's address,
    /// `http://127.0.0.1:8080`, is the test server's.
    func script(url: String, checkTexts: Bool) -> String {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var lines = [
            "set -u",
            "__out=$(mktemp) __err=$(mktemp) __failed=0",
            "trap 'rm -f \"$__out\" \"$__err\"' EXIT",
            "__check() {  # line, kind, text, status",
            "    local problem=",
            "    case $2 in",
            "    succeeds) [ \"$4\" -eq 0 ] || problem=\"exit status $4\" ;;",
            "    prints) if [ \"$4\" -ne 0 ]; then problem=\"exit status $4\"",
            "            elif ! grep -qF -- \"$3\" \"$__out\"; then problem=\"no '$3' in what it printed\"; fi ;;",
            "    fails) if [ \"$4\" -eq 0 ]; then problem=\"succeeded; the README says it fails\"",
            "           elif ! grep -qF -- \"$3\" \"$__err\"; then problem=\"no '$3' in its error\"; fi ;;",
            "    esac",
            "    if [ -n \"$problem\" ]; then",
            "        __failed=$((__failed + 1))",
            "        printf 'README line %s: %s\\n--- standard output\\n%s\\n--- standard error\\n%s\\n\\n' \\",
            "            \"$1\" \"$problem\" \"$(cat \"$__out\")\" \"$(cat \"$__err\")\"",
            "    fi",
            "}",
        ]
        for command in commands {
            let text = command.text.replacingOccurrences(of: "http://127.0.0.1:8080", with: url)
            let (kind, expected): (String, String) =
                switch command.expectation {
                case .succeeds: ("succeeds", "")
                case .prints(let text): checkTexts ? ("prints", text) : ("succeeds", "")
                case .fails(let text): ("fails", checkTexts ? text : "")
                }
            lines.append("{")
            lines.append(text)
            lines.append("} >\"$__out\" 2>\"$__err\" </dev/null")
            lines.append("__check \(command.line) \(kind) \(quoted(expected)) $?")
        }
        lines.append("echo \"README: \(commands.count) commands run, $__failed failed\"")
        lines.append("[ \"$__failed\" -eq 0 ]")
        return lines.joined(separator: "\n") + "\n"
    }
}
