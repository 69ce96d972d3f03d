import ArgumentParser
import Ledger
import ProcurementClient

// Option values read by the parsers that read a contract list's cells (`ContractCell`), so the
// command line takes what a spreadsheet holds: `1,200,000円`, `￥1,200,000`, `令和8年4月1日`,
// `R8.4.1`, `年額`, `随意契約`, as well as the API's own spellings.

/// Whole yen, 0 or more: `1200000`, `1,200,000`, `¥1,200,000`, `1,200,000円`, full-width digits.
struct Yen: ExpressibleByArgument, Sendable {
    let value: Int64

    init?(argument: String) {
        guard let value = try? ContractCell.amount(argument), value >= 0 else { return nil }
        self.value = value
    }
}

/// A day: `2026-04-01`, `2026/4/1`, `2026年4月1日`, `令和8年4月1日`, `R8.4.1`; sent as `YYYY-MM-DD`.
struct Day: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let date: BusinessDate

    init?(argument: String) {
        guard let date = try? ContractCell.date(argument) else { return nil }
        self.date = date
    }

    var description: String { date.description }
}

/// `annual` / `年額`, `monthly` / `月額`, `one-time` / `一括`.
struct BillingOption: ExpressibleByArgument, Sendable {
    let basis: Components.Schemas.BillingBasis

    init?(argument: String) {
        guard let basis = try? ContractCell.billingBasis(argument),
            let value = Components.Schemas.BillingBasis(rawValue: basis.rawValue)
        else { return nil }
        self.basis = value
    }
}

/// `general-competitive` / `一般競争入札`, `designated-competitive` / `指名競争入札`,
/// `negotiated` / `随意契約`, `other` / `その他`.
struct MethodOption: ExpressibleByArgument, Sendable {
    let method: Components.Schemas.ContractMethod

    init?(argument: String) {
        guard let method = try? ContractCell.contractMethod(argument.replacingOccurrences(of: "-", with: "_")),
            let value = Components.Schemas.ContractMethod(rawValue: method.rawValue)
        else { return nil }
        self.method = value
    }
}

/// Categories by code or by name in either language (`reservation_system`, `予約システム`,
/// `Reservation system`), as a contract list names them.
enum CategoryOption {
    /// The code of the category `text` names; refused in the words an import uses.
    static func code(_ text: String, api: APIClient) async throws -> String {
        let categories = try await api.call({ try await $0.listCategories() }).ok.body.json.items
        var lookup = CategoryLookup()
        for category in categories {
            lookup.add(code: category.code, names: [category.code, category.nameJa, category.nameEn])
        }
        guard let code = lookup.code(for: text) else { throw CLIError(ContractCellError.notACategory(text).message) }
        return code
    }
}
