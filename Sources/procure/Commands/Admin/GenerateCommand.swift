import ArgumentParser
import Ledger
import ProcurementAPI
import SyntheticData

/// `procure admin generate`: fill an empty register with a synthetic national one.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: HelpText.generateCommand.local,
        discussion: Discussion.generate.local
    )

    @Option(help: ArgumentHelp(OptionHelp.generateSeed.local))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp(OptionHelp.generateVendors.local))
    var vendors = 5000

    @Option(help: ArgumentHelp(OptionHelp.generateContracts.local))
    var contractsPerMunicipality = 300

    @Option(help: ArgumentHelp(OptionHelp.generateMunicipalities.local))
    var municipalities: Int?

    @Option(help: ArgumentHelp(OptionHelp.generateFirstFiscalYear.local))
    var firstFiscalYear = 2026

    @OptionGroup var options: AdminOptions

    private var generatorOptions: SyntheticRegister.Options {
        SyntheticRegister.Options(
            seed: seed, vendorCount: vendors, contractsPerMunicipality: contractsPerMunicipality,
            municipalityLimit: municipalities, firstFiscalYear: firstFiscalYear)
    }

    func validate() throws {
        do {
            try generatorOptions.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let logger = CLILogging.logger(defaultLevel: .warning)
        let options = generatorOptions
        let clock = ContinuousClock()
        let started = clock.now
        let register: SyntheticRegister
        do {
            register = try await self.options.location().withClient(logger: logger) { client in
                try await SyntheticRegisterLoader(client: client, logger: logger).generate(options)
            }
        } catch let error as SyntheticRegisterError {
            throw CLIError(.verbatim(error.description))
        }
        print(Self.summary(of: register, elapsed: clock.now - started), terminator: "")
    }

    /// What was generated: the counts, the vendors serving the most municipalities, and the
    /// planted outliers with their contract numbers, for checking what outlier detection finds.
    static func summary(of register: SyntheticRegister, elapsed: Duration) -> String {
        let options = register.options
        let years = "FY\(options.firstFiscalYear)–FY\(options.firstFiscalYear + 4)"
        var lines = [
            "generated a synthetic register (seed \(options.seed)) in \(seconds(elapsed)) s",
            "  municipalities  \(formatCount(register.municipalities.count))",
            "  vendors         \(formatCount(register.vendors.count)), "
                + "with \(formatCount(register.aliasCount)) other spellings of their names",
            "  contracts       \(formatCount(register.contractCount)), ending \(years), without history rows",
            "largest vendors by municipalities served:",
        ]
        for index in register.largestVendors(5) {
            let vendor = register.vendors[index]
            let served = formatCount(register.municipalitiesServed[index]).leftPadded(to: 6)
            lines.append("  \(served)  #\(index + 1) \(vendor.name) (\(vendor.categoryCodes[0]))")
        }
        lines.append("planted outliers (billed annually, tax excluded):")
        for outlier in register.outliers {
            let vendor = "#\(outlier.vendorIndex + 1) \(register.vendors[outlier.vendorIndex].name)"
            let price = "\(formatYen(outlier.amount)) = \(outlier.factor)× \(formatYen(outlier.typicalAmount))"
            lines.append(
                "  \(outlier.externalReference)  \(outlier.municipality.code) \(outlier.municipality.fullName)  "
                    + "\(outlier.categoryCode)  \(price)  \(vendor)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Seconds to one decimal (`29.9`), the same in every locale.
private func seconds(_ duration: Duration) -> String {
    let (whole, fraction) = duration.components
    let tenths = (Double(whole) * 10 + Double(fraction) / 1e17).rounded()
    return "\(Int64(tenths) / 10).\(Int64(tenths) % 10)"
}

extension String {
    /// The string with spaces in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
