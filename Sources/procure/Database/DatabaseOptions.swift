import ArgumentParser
import Configuration
import Foundation
import Ledger
import ProcurementAPI

/// Where procure's database is, shared by `serve` and `admin`: the server `DATABASE_URL` names, or
/// else the embedded PostgreSQL cluster of the data directory.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            OptionHelp.dataDirectory.local,
            discussion: OptionHelp.dataDirectoryIgnored.local,
            valueName: "path"))
    var dataDirectory: String?

    /// The configuration values these options set, above the environment.
    var overrides: [AbsoluteConfigKey: ConfigValue] {
        guard let dataDirectory else { return [:] }
        return ["procure.data.dir": ConfigValue(.string(dataDirectory), isSecret: false)]
    }
}
