/// The database holds a value the code cannot represent: a bug or a hand-edited row.
public enum StorageError: Error, CustomStringConvertible {
    case unexpectedValue(String)

    public var description: String {
        switch self {
        case .unexpectedValue(let what): "unexpected value in the database: \(what)"
        }
    }
}
