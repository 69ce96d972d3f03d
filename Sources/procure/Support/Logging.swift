import Configuration
import Logging

/// Logging for the CLI: to standard error, at the level `PROCURE_LOG_LEVEL` (key
/// `procure.log.level`) names (trace, debug, info, notice, warning, error, critical) or at
/// `defaultLevel`.
enum CLILogging {
    private static let bootstrapped: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace
            return handler
        }
    }()

    static func logger(
        _ label: String = "procure", defaultLevel: Logger.Level,
        reader: ConfigReader = CLIConfiguration.reader
    ) -> Logger {
        _ = bootstrapped
        var logger = Logger(label: label)
        logger.logLevel =
            reader.string(forKey: "procure.log.level").flatMap { Logger.Level(rawValue: $0.lowercased()) }
            ?? defaultLevel
        return logger
    }
}
