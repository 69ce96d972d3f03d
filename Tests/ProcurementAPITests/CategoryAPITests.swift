import HTTPTypes
import HummingbirdTesting
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

@Suite("categories API")
struct CategoryAPITests {
    private let schoolLunch = Components.Schemas.NewCategory(
        code: "school_lunch", nameJa: "学校給食システム", nameEn: "School lunch systems")

    @Test("any member lists the built-in taxonomy, in Japanese and English")
    func builtins() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/categories", token: accounts.member)
            #expect(response.status == .ok)
            let categories = try response.decode(Components.Schemas.CategoryList.self).items
            #expect(categories.allSatisfy { $0.builtin })
            let codes = Set(categories.map(\.code))
            for code in [
                "reservation_system", "resident_records", "tax_system", "lgwan_network", "website_cms", "call_centre",
                "vaccination_operations", "data_centre_cloud", "other",
            ] {
                #expect(codes.contains(code), "\(code)")
            }
            let reservation = categories.first { $0.code == "reservation_system" }
            #expect(reservation?.nameJa == "予約システム")
            #expect(reservation?.nameEn == "Reservation systems")
        }
    }

    @Test("an added category is listed after the built-in ones")
    func addedAfterBuiltins() async throws {
        try await withAPI { client, accounts, _ in
            let created = try await client.send(.post, "/categories", json: schoolLunch, token: accounts.admin)
            #expect(created.status == .created)
            let category = try created.decode(Components.Schemas.Category.self)
            #expect(category.code == "school_lunch")
            #expect(!category.builtin)
            let listed = try await client.get("/categories", token: accounts.otherMember)
                .decode(Components.Schemas.CategoryList.self).items
            #expect(listed.last?.code == "school_lunch")
            #expect(listed.dropLast().allSatisfy { $0.builtin })
        }
    }

    @Test("a member cannot add a category: 403 forbidden")
    func memberForbidden() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(.post, "/categories", json: schoolLunch, token: accounts.member)
            #expect(response.status == .forbidden)
            #expect(try response.problem().code == "forbidden")
        }
    }

    @Test("a category whose code exists is 409 category_exists")
    func duplicate() async throws {
        try await withAPI { client, accounts, _ in
            let builtin = Components.Schemas.NewCategory(code: "tax_system", nameJa: "税", nameEn: "Tax")
            let response = try await client.send(.post, "/categories", json: builtin, token: accounts.admin)
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "category_exists")
        }
    }

    @Test("a code that is not lower-case letters, digits and _ is 422 invalid_category_code")
    func invalidCode() async throws {
        try await withAPI { client, accounts, _ in
            for code in ["School_Lunch", "1lunch", "x", "学校給食", "school-lunch"] {
                let body = Components.Schemas.NewCategory(code: code, nameJa: "学校給食システム", nameEn: "School lunch")
                let response = try await client.send(.post, "/categories", json: body, token: accounts.admin)
                #expect(response.status == .unprocessableContent, "\(code)")
                #expect(try response.problem().code == "invalid_category_code")
            }
        }
    }

    @Test("a blank name is 422, pointing at the name")
    func blankName() async throws {
        try await withAPI { client, accounts, _ in
            let body = Components.Schemas.NewCategory(code: "school_lunch", nameJa: " ", nameEn: "School lunch")
            let response = try await client.send(.post, "/categories", json: body, token: accounts.admin)
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.code == "invalid_category")
            #expect(problem.errors?.map(\.pointer) == ["/nameJa"])
        }
    }
}
