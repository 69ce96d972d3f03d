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
        guard try principal().isAdmin else {
            let problem = Problem(
                .forbidden, code: "forbidden", title: "Forbidden",
                detail: "only the network's coordinators (admins) can add categories")
            return .forbidden(.init(body: .applicationProblemJson(problem.document)))
        }
        let body =
            switch input.body {
            case .json(let json): json
            }
        let category: NewCategory
        do {
            let code: CategoryCode
            do {
                code = try CategoryCode(body.code)
            } catch {
                let problem = Problem(
                    .unprocessableContent, code: "invalid_category_code", title: "Invalid category",
                    detail: error.description, errors: [.init(pointer: "/code", message: error.description)])
                return .unprocessableContent(.init(body: .applicationProblemJson(problem.document)))
            }
            category = try NewCategory(code: code, nameJa: body.nameJa, nameEn: body.nameEn)
        } catch {
            let problem = Problem(
                .unprocessableContent, code: "invalid_category", title: "Invalid category",
                detail: error.description,
                errors: error.errors.map { .init(pointer: "/\($0.field)", message: $0.message) })
            return .unprocessableContent(.init(body: .applicationProblemJson(problem.document)))
        }
        do {
            let created = try await categoryRegister.create(category)
            return .created(.init(body: .json(.init(created))))
        } catch let error as CategoryError {
            let problem = Problem(
                .conflict, code: "category_exists", title: "Category exists", detail: error.description)
            return .conflict(.init(body: .applicationProblemJson(problem.document)))
        }
    }
}

extension Components.Schemas.Category {
    init(_ category: Ledger.Category) {
        self.init(
            code: category.code.rawValue, nameJa: category.nameJa, nameEn: category.nameEn,
            builtin: category.builtin)
    }
}
