import Foundation
import Logging

/// Logging for the CLI: to standard error, at the level `PROCURE_LOG_LEVEL` names (trace, debug,
/// info, notice, warning, error, critical) or at `defaultLevel`.
enum CLILogging {
    private static let bootstrapped: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace
            return handler
        }
    }()

    static func logger(_ label: String = "procure", defaultLevel: Logger.Level) -> Logger {
        _ = bootstrapped
        var logger = Logger(label: label)
        logger.logLevel =
            ProcessInfo.processInfo.environment["PROCURE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
            ?? defaultLevel
        return logger
    }
}
