// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "procure",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "procure", targets: ["procure"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "EmbeddedPostgres", targets: ["EmbeddedPostgres"]),
        .library(name: "ProcurementClient", targets: ["ProcurementClient"]),
        .library(name: "ProcurementAPI", targets: ["ProcurementAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Domain and storage: the registers (municipalities, vendors, contracts, cases, savings),
        // identifiers, the rules, PostgreSQL access and the migrations in sql/. No HTTP, no
        // process management.
        .target(
            name: "Ledger",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedText"]
        ),
        // A private PostgreSQL cluster: initdb, start and stop, takeover after a crash, running as
        // an unprivileged user under root. Knows nothing of procure's data.
        .target(
            name: "EmbeddedPostgres",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The deterministic synthetic national register (`procure admin generate`, benchmarks).
        .target(
            name: "SyntheticData",
            dependencies: [
                "Ledger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Excel workbooks (.xlsx) read a sheet at a time as rows of cell texts, streamed, and
        // written: for the import and export of contract lists. Knows nothing of procure's data.
        .target(
            name: "Spreadsheet",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation")
            ]
        ),
        // openapi.yaml's generated types and client: what a client of the API links.
        .target(
            name: "ProcurementClient",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The HTTP server: generated server stubs, handlers translating between the API's types
        // and the Ledger's, middlewares, the one error mapping, and buildServer(reader:).
        .target(
            name: "ProcurementAPI",
            dependencies: [
                "Ledger",
                "EmbeddedPostgres",
                "ProcurementClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            plugins: [
                .plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator"),
                "EmbedText",
            ]
        ),
        // The one executable: `procure serve` runs buildServer, `procure admin …` works on the
        // database directly, and every other command is a client of the API.
        .executableTarget(
            name: "procure",
            dependencies: [
                "Ledger",
                "SyntheticData",
                "ProcurementAPI",
                "ProcurementClient",
                "Spreadsheet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // Embeds sql/*.sql and openapi.yaml into the binary (see Plugins/EmbedText).
        .executableTarget(name: "EmbedTextTool", path: "Tools/EmbedText"),
        .plugin(name: "EmbedText", capability: .buildTool(), dependencies: ["EmbedTextTool"]),
        // Shared by the test targets: a real PostgreSQL and a fresh database per test.
        .target(
            name: "ProcureTestSupport",
            dependencies: [
                "Ledger",
                "EmbeddedPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ProcureTestSupport"
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: [
                "Ledger", "ProcureTestSupport",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EmbeddedPostgresTests",
            dependencies: [
                "EmbeddedPostgres", "ProcureTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SyntheticDataTests",
            dependencies: [
                "SyntheticData", "Ledger", "ProcureTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ProcurementAPITests",
            dependencies: [
                "ProcurementAPI", "ProcurementClient", "Ledger", "ProcureTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .testTarget(
            name: "SpreadsheetTests",
            dependencies: ["Spreadsheet"]
        ),
        .testTarget(
            name: "procureTests",
            dependencies: [
                "procure", "Ledger", "EmbeddedPostgres", "ProcurementClient", "ProcureTestSupport", "Spreadsheet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ]
        ),
    ]
)
