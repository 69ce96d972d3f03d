// swift-tools-version:6.0
// A measurement, not part of procure: how long Foundation's JSONEncoder takes to encode a peers
// report, against a hand-written writer of the same bytes. See main.swift.
import PackageDescription

let package = Package(name: "encoding", targets: [.executableTarget(name: "encoding")])
