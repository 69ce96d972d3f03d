import PostgresNIO

/// A row's cells read in order, each as the concrete type asked for. For wide rows this is what
/// `PostgresRow.decode((A, B, …).self)` does without its generic tuple: a tuple of two dozen
/// columns decoded through a parameter pack looks up its metadata at run time on every row, which
/// cost the renewal radar a measurable share of its throughput (docs/performance.md).
struct RowCells {
    private var cells: PostgresRow.Iterator

    init(_ row: PostgresRow) { cells = row.makeIterator() }

    /// A column the row did not have.
    struct MissingColumn: Error { let type: String }

    /// The next cell, decoded as `T` (NULL only into an optional).
    mutating func next<T: PostgresDecodable>(_: T.Type = T.self) throws -> T {
        guard let cell = cells.next() else { throw MissingColumn(type: "\(T.self)") }
        return try cell.decode(T.self)
    }

    /// Passes over the next cell.
    mutating func skip() throws {
        guard cells.next() != nil else { throw MissingColumn(type: "any") }
    }
}
