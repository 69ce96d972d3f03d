import Foundation
import ProcurementClient
import Testing

@testable import procure

/// A change of a case's details as the timeline prints it, from the entry's field-by-field record.
@Suite("case timeline: changed details in words")
struct CaseChangeTextTests {
    @Test("a yen target reads as a yearly amount, a missing value as none, a description only as changed")
    func words() {
        // The tests run in English (PROCURE_LANG=en); the Japanese is held by the case story.
        #expect(
            CaseText.changeText(.init(field: .target, before: "10%", after: "¥300000"))
                == "target: 10% → ¥300,000 a year")
        #expect(CaseText.changeText(.init(field: .product, before: nil, after: "よやくくん")) == "product: none → よやくくん")
        #expect(CaseText.changeText(.init(field: .description)) == "description changed")
    }
}
