import PostgresNIO
import Testing

@testable import ProcurementAPI

/// The serving pool starts no timer when a connection goes back to it: PostgresNIO gives each
/// connection beyond the pool's minimum an idle-timeout timer each time it is returned, and a
/// cancelled timer keeps its memory for the full 60 s — 350 MB at 2,300 requests a second.
@Suite("serving pool")
struct ServingPoolTests {
    @Test("the supervisor's pools keep every connection they open, so none is given an idle timer")
    func poolsKeepTheirConnections() {
        for maximum in [1, 20] {
            var configuration = PostgresClient.Configuration(
                host: "localhost", username: "procure", password: nil, database: "procure", tls: .disable)
            configuration.options.maximumConnections = maximum
            DatabaseSupervisor.keepConnectionsOpen(&configuration)
            #expect(configuration.options.minimumConnections == maximum)
            #expect(configuration.options.maximumConnections == maximum)
        }
    }
}
