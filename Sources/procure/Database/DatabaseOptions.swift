import ArgumentParser
import Configuration
import Foundation
import ProcurementAPI

/// Where procure's database is, shared by `serve` and `admin`: the server `DATABASE_URL` names, or
/// else the embedded PostgreSQL cluster of the data directory.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "The embedded PostgreSQL's data directory (default: PROCURE_DATA_DIR, else ./\(DatabaseLocation.defaultDataDirectory)).",
            discussion: "Ignored when DATABASE_URL is set.",
            valueName: "path"))
    var dataDirectory: String?

    /// The configuration values these options set, above the environment.
    var overrides: [AbsoluteConfigKey: ConfigValue] {
        guard let dataDirectory else { return [:] }
        return ["procure.data.dir": ConfigValue(.string(dataDirectory), isSecret: false)]
    }
}
