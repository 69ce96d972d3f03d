import Ledger
import ProcurementClient

extension APIHandler {
    private var categoryRegister: CategoryRepository { CategoryRepository(client: database, logger: requestLogger) }

    func listCategories(_ input: Operations.ListCategories.Input) async throws -> Operations.ListCategories.Output {
        _ = try principal()
        let categories = try await categoryRegister.list()
        return .ok(.init(body: .json(.init(items: categories.map(Components.Schemas.Category.init)))))
    }

    func createCategory(_ input: Operations.CreateCategory.Input) async throws -> Operations.CreateCategory.Output {
        guard try principal().isAdmin else { throw RequestError.adminsOnly(.addCategories) }
        let body =
            switch input.body {
            case .json(let json): json
            }
        let category = try NewCategory(code: try CategoryCode(body.code), nameJa: body.nameJa, nameEn: body.nameEn)
        let created = try await categoryRegister.create(category)
        return .created(.init(body: .json(.init(created))))
    }
}

extension Components.Schemas.Category {
    init(_ category: Ledger.Category) {
        self.init(
            code: category.code.rawValue, nameJa: category.nameJa, nameEn: category.nameEn,
            builtin: category.builtin)
    }
}
