import Logging
import PostgresNIO

/// Chains committed savings entries into the ledger's hash chain, many at a time.
///
/// An entry commits on its own and waits in the database's queue (`savings_unsealed`); a sealing
/// run calls `savings_chain_seal_returning`, which chains every queued entry in id order under the chain
/// head's lock, in one transaction (sql/0012_savings_chain_sealing.sql says why: chaining inside
/// each entry's transaction allowed one entry per WAL flush). Writers that arrive while a run is
/// under way share the next run, so under load one run, and one flush, seals a whole batch.
///
/// One sealer serves a whole process. Several processes (replicas) each have their own; the
/// head's lock in the database keeps their runs one at a time, and a run seals whatever any
/// replica committed. An entry whose writer died before its run is sealed by the next run.
public actor SavingsChainSealer {
    /// The pool to seal on, asked anew for every run: a server replaces its pool after a database
    /// outage.
    let client: @Sendable () -> PostgresClient
    let logger: Logger
    /// The run that has not started yet: everyone who arrives before it starts waits for it.
    private var nextRun: Task<[Int64: Seal], any Error>?
    /// The run under way, which the next one waits for.
    private var currentRun: Task<[Int64: Seal], any Error>?

    /// An entry's place in the chain.
    public struct Seal: Sendable, Equatable {
        public let position: Int64
        public let hash: String
    }

    /// How many entries one transaction chains at most.
    static let batch: Int32 = 5_000
    /// The queue is vacuumed after this many entries left it: autovacuum visits a table at most
    /// once a minute (`autovacuum_naptime`), by when a busy ledger leaves tens of thousands of dead
    /// queue rows that every run's ordered scan of the queue steps over (docs/performance.md has
    /// the profile). It analyses the queue too, so the planner knows it holds a few dozen
    /// entries, not the thousands it held when autovacuum last looked.
    static let vacuumEvery = 2_000
    private var sealedSinceVacuum = 0

    public init(client: @escaping @Sendable () -> PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public init(client: PostgresClient, logger: Logger) {
        self.init(client: { client }, logger: logger)
    }

    /// Returns once every entry committed before the call is in the chain, with the seals of the
    /// entries the run it waited for chained (an entry another run chained is not among them).
    ///
    /// It waits for a run that starts after the call (a run already under way may have read the
    /// queue before the caller's entry committed), shared with every caller arriving until then.
    @discardableResult
    public func sealCommitted() async throws -> [Int64: Seal] {
        if let nextRun { return try await nextRun.value }
        let previous = currentRun
        let run = Task {
            _ = await previous?.result
            self.start()
            return try await self.sealQueued()
        }
        nextRun = run
        return try await run.value
    }

    private func start() {
        currentRun = nextRun
        nextRun = nil
    }

    static func sealQuery(_ batch: Int32) -> PostgresQuery {
        "SELECT entry_id, chain_position, chain_hash FROM savings_chain_seal_returning(\(batch))"
    }

    /// Seals the whole queue, a batch per transaction.
    private func sealQueued() async throws -> [Int64: Seal] {
        var seals: [Int64: Seal] = [:]
        while true {
            let rows = try await client().run(SealStatement(query: Self.sealQuery(Self.batch)), logger: logger)
            for row in rows {
                let (entry, position, hash) = try row.decode((Int64, Int64, String).self)
                seals[entry] = Seal(position: position, hash: hash)
            }
            sealedSinceVacuum += rows.count
            if rows.count < Self.batch { break }
        }
        if sealedSinceVacuum >= Self.vacuumEvery {
            sealedSinceVacuum = 0
            do {
                try await client().liveQuery("VACUUM (ANALYZE) savings_unsealed", logger: logger)
            } catch {
                logger.warning(
                    "vacuuming the savings queue failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        return seals
    }
}

struct SealStatement: PreparedQuery {
    static let sql = SavingsChainSealer.sealQuery(0).sql
    let query: PostgresQuery
}
