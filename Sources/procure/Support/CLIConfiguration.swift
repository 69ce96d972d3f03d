import Configuration

/// The one place the CLI reads its settings from: the command line's options above the process
/// environment (`PROCURE_URL`, `DATABASE_URL`, `PROCURE_LOG_LEVEL`, `HOME`, …), through
/// swift-configuration's reader, whose keys are the variables' names in lower case with dots
/// (`procure.url`).
enum CLIConfiguration {
    /// The environment alone.
    static var reader: ConfigReader { ConfigReader(provider: EnvironmentVariablesProvider()) }

    /// `overrides` (a command's options) above the environment.
    static func reader(overrides: [AbsoluteConfigKey: ConfigValue]) -> ConfigReader {
        ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: overrides),
            EnvironmentVariablesProvider(),
        ])
    }

    /// The variables `environment` holds, read as the environment would be (tests).
    static func reader(_ environment: [String: String]) -> ConfigReader {
        ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
    }
}
