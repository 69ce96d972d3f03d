import ArgumentParser
import Foundation
import ProcureTestSupport
import Testing

@testable import procure

/// The whole of the first slice as a person uses it: the real `procure serve` on its own embedded
/// PostgreSQL, a token made with `procure admin token create`, and the client commands.
@Suite("procure end to end", .serialized)
struct EndToEndTests {
    @Test("serve, make a token, log in, look up municipalities, and stop leaving no PostgreSQL behind")
    func firstSession() async throws {
        try await withTemporaryDataDirectory { directory in
            let config = directory.root.appending(path: "config")
            let procure = try ProcureBinary(environment: [
                "PROCURE_DATA_DIR": directory.dataDirectory.path,
                "XDG_CONFIG_HOME": config.path,
            ])
            let server = try procure.start(["serve", "--port", "0"])
            defer { server.killIfRunning() }
            let log = try await server.waitForStandardError(containing: "listening on")
            let port = try #require(
                log.split(separator: "\n").first { $0.contains("listening on") }?.split(separator: ":").last
                    .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            let url = "http://127.0.0.1:\(port)"

            // The admin command reaches the cluster the running server owns.
            let created = try await procure.run(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            #expect(created.status == 0, "\(created.standardError)")
            let token = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(token.hasPrefix("prc_") && !token.contains("\n"), "the token alone on standard output")
            #expect(created.standardError.contains("香川県 宇多津町"))

            let login = try await procure.run("login", "--url", url, "--token", token)
            #expect(login.status == 0, "\(login.standardError)")
            #expect(login.standardOutput.contains("保健センター (member of 香川県 宇多津町)"))
            let attributes = try FileManager.default.attributesOfItem(
                atPath: config.appending(path: "procure/config.json").path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)

            let show = try await procure.run("municipalities", "show", "373869")
            #expect(show.status == 0, "\(show.standardError)")
            #expect(show.standardOutput.hasPrefix("香川県 宇多津町 (ウタヅチョウ)\n"))

            // By name or reading, when it names one; several are listed with their codes.
            let byName = try await procure.run("municipalities", "show", "うたづちょう")
            #expect(byName.standardOutput.hasPrefix("香川県 宇多津町 (ウタヅチョウ)\n"), "\(byName.standardError)")
            let ambiguous = try await procure.run("municipalities", "show", "府中市")
            #expect(ambiguous.status != 0)
            #expect(
                ambiguous.standardError.contains("132063 東京都 府中市")
                    && ambiguous.standardError.contains("342084 広島県 府中市"), "\(ambiguous.standardError)")

            let list = try await procure.run("municipalities", "list", "--prefecture", "香川県")
            #expect(list.status == 0, "\(list.standardError)")
            let lines = list.standardOutput.split(separator: "\n")
            #expect(lines.count == 2 + 18, "header, rule and 18 rows")
            #expect(lines.dropFirst(2).allSatisfy { $0.contains("香川県") })
            // Columns aligned by display width: every row starts its KANA column where the header does.
            let kanaColumn = try #require(displayColumn(of: "KANA", in: String(lines[0])))
            for row in lines.dropFirst(2) {
                let kana = try #require(row.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).first)
                #expect(displayColumn(of: String(kana), in: String(row)) == kanaColumn, "\(row)")
            }

            let csv = try await procure.run("municipalities", "list", "--search", "うたづ", "--output", "csv")
            #expect(csv.standardOutput.contains("373869,香川県,宇多津町,ウタヅチョウ,town"))

            let wrong = try await procure.run("municipalities", "show", "373868")
            #expect(wrong.status != 0)
            #expect(
                wrong.standardError == "error: '373868' is not a local-government code: its check digit should be 9\n")

            // In Japanese, as the locale of a town hall's desktop asks: the server's refusal in
            // Japanese (the CLI sends Accept-Language), labels and values as words.
            var japanese = procure
            japanese.environment["PROCURE_LANG"] = nil
            japanese.environment["LC_ALL"] = nil
            japanese.environment["LANG"] = "ja_JP.UTF-8"
            let wrongJa = try await japanese.run("municipalities", "show", "373868")
            #expect(wrongJa.standardError == "エラー: '373868' は団体コードではありません。検査数字は 9 のはずです\n")
            let showJa = try await japanese.run("municipalities", "show", "373869")
            #expect(showJa.standardOutput.contains("種別:       町\n"), "\(showJa.standardOutput)")
            let listJa = try await japanese.run("municipalities", "list", "--prefecture", "香川県")
            #expect(listJa.standardOutput.hasPrefix("コード"), "\(listJa.standardOutput)")

            // --version is procure's alone: after a subcommand it is an error, not a silent success.
            let version = try await procure.run("--version")
            #expect(version.status == 0 && version.standardOutput == "\(procureVersionForTests)\n")
            let trap = try await procure.run("contracts", "update", "1", "--amount", "1700000", "--version", "1")
            #expect(trap.status == 64, "\(trap.standardOutput)")
            #expect(trap.standardError.hasPrefix("error: --version shows procure's own version"))

            // Without a token the server says 401, and the CLI says so in one line.
            var anonymous = procure
            anonymous.environment["XDG_CONFIG_HOME"] = directory.root.appending(path: "nobody").path
            anonymous.environment["PROCURE_URL"] = url
            anonymous.environment["PROCURE_TOKEN"] = "prc_revoked-or-made-up"
            let denied = try await anonymous.run("whoami")
            #expect(denied.status != 0)
            #expect(denied.standardError == "error: the token is not valid or has been revoked\n")

            // SIGTERM stops the HTTP server, then the cluster: nothing keeps running.
            server.signal(SIGTERM)
            let stopped = await server.finish()
            #expect(stopped.status == 0, "\(stopped.standardError)")
            #expect(stopped.standardError.contains("embedded PostgreSQL stopped"))
            #expect(postgresProcesses(using: directory.dataDirectory.path).isEmpty)
        }
    }

    @Test("a second server on the same data directory is refused with a clear error")
    func secondServerRefused() async throws {
        try await withTemporaryDataDirectory { directory in
            let procure = try ProcureBinary(environment: ["PROCURE_DATA_DIR": directory.dataDirectory.path])
            let first = try procure.start(["serve", "--port", "0"])
            defer { first.killIfRunning() }
            _ = try await first.waitForStandardError(containing: "listening on")
            let second = try await procure.run("serve", "--port", "0")
            #expect(second.status != 0)
            #expect(second.standardError.contains("error: data directory"))
            #expect(second.standardError.contains("in use"))
            first.signal(SIGINT)
            #expect(await first.finish().status == 0)
            #expect(postgresProcesses(using: directory.dataDirectory.path).isEmpty)
        }
    }
}

/// The display column (East Asian wide characters count two) at which `text` starts in `line`.
/// The version `procure --version` prints.
let procureVersionForTests = "0.1.0"

func displayColumn(of text: String, in line: String) -> Int? {
    guard let range = line.range(of: text) else { return nil }
    return line[..<range.lowerBound].reduce(0) { width, character in
        let scalar = character.unicodeScalars.first?.value ?? 0
        let wide =
            (0x1100...0x115F).contains(scalar) || (0x2E80...0xA4CF).contains(scalar)
            || (0xAC00...0xD7A3).contains(scalar) || (0xF900...0xFAFF).contains(scalar)
            || (0xFF00...0xFF60).contains(scalar) || (0xFFE0...0xFFE6).contains(scalar)
        return width + (wide ? 2 : 1)
    }
}

/// PostgreSQL processes whose command line names `dataDirectory`.
func postgresProcesses(using dataDirectory: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { Int($0) != nil }.compactMap { pid -> String? in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let commandLine = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
        guard commandLine.contains("postgres"), commandLine.contains(dataDirectory) else { return nil }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.contains(") Z ") ? nil : commandLine
    }
}

/// The command line's own refusals, which need no server.
@Suite("command-line usage")
struct CommandLineUsageTests {
    @Test("a misspelt command names the nearest, in the run's language")
    func suggestions() async throws {
        let procure = try ProcureBinary(environment: [:])
        let root = try await procure.run("contract", "list")
        #expect(root.status == 64)
        #expect(
            root.standardError
                == "error: procure has no command 'contract'; did you mean 'procure contracts'? (procure --help lists them)\n"
        )
        let nested = try await procure.run("contracts", "lst")
        #expect(nested.standardError.contains("did you mean 'procure contracts list'?"))
        let far = try await procure.run("xyz")
        #expect(far.standardError == "error: procure has no command 'xyz' (procure --help lists them)\n")
        var japanese = procure
        japanese.environment["PROCURE_LANG"] = "ja"
        let ja = try await japanese.run("contract", "list")
        #expect(ja.standardError.hasPrefix("エラー: procure に「contract」というコマンドはありません。procure contracts ではありませんか"))
        let help = try await procure.run("help", "contracts")
        #expect(help.status == 0 && help.standardOutput.contains("OVERVIEW"))
        // The commands' summaries in Japanese.
        let helpJa = try await japanese.run("--help")
        #expect(helpJa.standardOutput.contains("概要: 全国の自治体の事業者契約・共同交渉・削減額を共有します。"))
        #expect(helpJa.standardOutput.contains("契約を登録・一覧・変更・取り込みします。"), "\(helpJa.standardOutput)")
    }
}

extension CommandLineUsageTests {
    /// Every command, from `procure` down.
    static func commands(_ root: any ParsableCommand.Type = Procure.self) -> [any ParsableCommand.Type] {
        [root] + root.configuration.subcommands.flatMap { commands($0) }
    }

    @Test("no help text breaks an example so that a lone backslash is left on a line")
    func helpExamplesStayWhole() {
        for command in Self.commands() {
            let help = Procure.helpMessage(for: command, columns: 80)
            let lone = help.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == "\\" }
            #expect(lone.isEmpty, "\(command): \(help)")
        }
    }
}

extension CommandLineUsageTests {
    /// The words that name `command` on the command line, below `procure`.
    static func paths(_ root: any ParsableCommand.Type = Procure.self, _ prefix: [String] = []) -> [[String]] {
        root.configuration.subcommands.flatMap { command -> [[String]] in
            let path = prefix + [command._commandName]
            return [path] + paths(command, path)
        }
    }

    @Test("the help of options and the commands' explanations are in the run's language, examples whole")
    func helpInEachLanguage() async throws {
        let english = try ProcureBinary(environment: [:])
        var japanese = english
        japanese.environment["PROCURE_LANG"] = "ja"
        let addEn = try await english.run("contracts", "add", "--help")
        #expect(addEn.standardOutput.contains("The contract's subject (件名)."), "\(addEn.standardOutput)")
        // A usage error in Japanese: ArgumentParser's words translated, the option's name kept.
        let unknownJa = try await japanese.run("contracts", "list", "--colour", "red")
        #expect(unknownJa.status == 64)
        #expect(unknownJa.standardError.hasPrefix("エラー: '--colour' というオプションはありません"), "\(unknownJa.standardError)")
        #expect(unknownJa.standardError.contains("使い方: procure contracts list"), "\(unknownJa.standardError)")
        #expect(!unknownJa.standardError.contains("See '"), "\(unknownJa.standardError)")
        let unknownEn = try await english.run("contracts", "list", "--colour", "red")
        #expect(unknownEn.standardError.hasPrefix("Error: Unknown option '--colour'"), "\(unknownEn.standardError)")
        let addJa = try await japanese.run("contracts", "add", "--help")
        #expect(addJa.standardOutput.contains("契約の件名。"), "\(addJa.standardOutput)")
        #expect(addJa.standardOutput.contains("例: procure contracts add --vendor 株式会社ABCシステム"))
        #expect(!addJa.standardOutput.contains("The contract's subject"))
        for path in Self.paths() {
            for procure in [japanese, english] {
                let help = try await procure.start(path + ["--help"]).finish()
                #expect(help.status == 0, "\(path): \(help.standardError)")
                let lone = help.standardOutput.split(separator: "\n").filter {
                    $0.trimmingCharacters(in: .whitespaces) == "\\"
                }
                #expect(lone.isEmpty, "\(path): \(help.standardOutput)")
                // Above USAGE, a line after an example's line that begins with an option continues
                // the example only after a `\`: otherwise the help wrapped the example mid-command.
                // ArgumentParser's own headings are in the run's language too.
                let usage = procure.environment["PROCURE_LANG"] == "ja" ? "使い方:" : "USAGE:"
                #expect(help.standardOutput.contains(usage), "\(path): \(help.standardOutput)")
                if usage != "USAGE:" {
                    #expect(!help.standardOutput.contains("USAGE:") && !help.standardOutput.contains("OPTIONS:"))
                }
                let explanation = help.standardOutput.components(separatedBy: usage)[0]
                let lines = explanation.split(separator: "\n", omittingEmptySubsequences: false)
                let wrapped = zip(lines, lines.dropFirst()).filter { previous, line in
                    let example =
                        previous.contains("procure ")
                        && (previous.hasPrefix("例:") || previous.hasPrefix("Example") || previous.hasPrefix(" "))
                    return example && line.trimmingCharacters(in: .whitespaces).hasPrefix("--")
                        && !previous.hasSuffix("\\")
                }
                #expect(wrapped.isEmpty, "\(path): \(wrapped.map { "\($0.0) | \($0.1)" })")
            }
        }
    }
}
