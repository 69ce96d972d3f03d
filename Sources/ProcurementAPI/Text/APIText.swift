import Ledger

/// The API layer's catalogue: problem titles, and the details of refusals the HTTP layer makes
/// itself (parameters, headers, bodies, routes). The Ledger's refusals say their own details.
enum APIText {
    // MARK: Titles

    static let authenticationRequired = Bilingual(ja: "認証が必要です", en: "Authentication required")
    static let notFound = Bilingual(ja: "見つかりません", en: "Not found")
    static let databaseUnavailable = Bilingual(ja: "データベースを使えません", en: "Database unavailable")
    static let internalError = Bilingual(ja: "サーバー内部のエラー", en: "Internal server error")
    static let invalidRequest = Bilingual(ja: "不正な依頼", en: "Invalid request")
    static let invalidParameter = Bilingual(ja: "不正なパラメーター", en: "Invalid parameter")
    static let invalidBody = Bilingual(ja: "不正な本文", en: "Invalid request body")
    static let malformedJSON = Bilingual(ja: "JSON の誤り", en: "Malformed JSON")
    static let malformedRequest = Bilingual(ja: "依頼の誤り", en: "Malformed request")
    static let invalidText = Bilingual(ja: "使えない文字", en: "Invalid text")
    static let bodyTooLarge = Bilingual(ja: "本文が大きすぎます", en: "Request body too large")
    static let methodNotAllowed = Bilingual(ja: "使えないメソッド", en: "Method not allowed")
    static let forbidden = Bilingual(ja: "権限がありません", en: "Forbidden")
    static let conflict = Bilingual(ja: "競合", en: "Conflict")
    static let unprocessable = Bilingual(ja: "受け付けられない値", en: "Unprocessable content")
    static let versionMismatch = Bilingual(ja: "版が違います", en: "Version mismatch")
    static let ifMatchRequired = Bilingual(ja: "If-Match が必要です", en: "If-Match required")
    static let noSuchCase = Bilingual(ja: "案件がありません", en: "No such case")
    static let noSuchContract = Bilingual(ja: "契約がありません", en: "No such contract")
    static let noSuchVendor = Bilingual(ja: "事業者がありません", en: "No such vendor")
    static let noSuchEntry = Bilingual(ja: "削減記録がありません", en: "No such savings entry")
    static let noSuchGovernment = Bilingual(ja: "自治体がありません", en: "No such local government")
    static let noSuchMunicipality = Bilingual(ja: "自治体がありません", en: "No such municipality")
    static let noSuchImport = Bilingual(ja: "取込がありません", en: "No such import")
    static let importClosed = Bilingual(ja: "取込は終わっています", en: "Import closed")
    static let importExpired = Bilingual(ja: "取込の期限切れ", en: "Import expired")
    static let importRejected = Bilingual(ja: "取込できません", en: "Import rejected")
    static let lineReceived = Bilingual(ja: "受け取り済みの行", en: "Line already received")
    static let invalidTransition = Bilingual(ja: "できない状況の変更", en: "Invalid transition")
    static let idempotencyKeyReused = Bilingual(ja: "冪等キーの再利用", en: "Idempotency key reused")
    static let invalidContract = Bilingual(ja: "不正な契約", en: "Invalid contract")
    static let duplicateReference = Bilingual(ja: "契約番号の重複", en: "Duplicate external reference")
    static let invalidVendor = Bilingual(ja: "不正な事業者", en: "Invalid vendor")
    static let vendorExists = Bilingual(ja: "登録済みの事業者", en: "Vendor exists")
    static let vendorConflict = Bilingual(ja: "事業者の食い違い", en: "Vendor conflict")
    static let similarVendor = Bilingual(ja: "似た名前の事業者", en: "Similar vendor")
    static let mergeProposalConflict = Bilingual(ja: "統合の申し出の食い違い", en: "Merge proposal conflict")
    static let vendorsNotMergeable = Bilingual(ja: "統合できない事業者", en: "Vendors cannot be merged")
    static let invalidCategory = Bilingual(ja: "不正な分野", en: "Invalid category")
    static let categoryExists = Bilingual(ja: "登録済みの分野", en: "Category exists")
    static let schemaNotCurrent = Bilingual(ja: "データベースの構成が最新ではありません", en: "Database schema not current")

    // MARK: Details of the HTTP layer's refusals

    static let databaseUnreachable = Bilingual(
        ja: "データベースに接続できません。しばらくしてからやり直してください",
        en: "the database is not reachable; retry shortly")
    static let internalErrorDetail = Bilingual(
        ja: "サーバーが応答できませんでした。この依頼の ID とともに記録されています",
        en: "the server failed to answer; the failure is logged with this request's id")
    static let bearerRequired = Bilingual(
        ja: "この依頼には Authorization: Bearer <トークン> ヘッダーが必要です",
        en: "this request needs an Authorization: Bearer <token> header")
    static let bearerFormat = Bilingual(
        ja: "Authorization ヘッダーは 'Bearer <トークン>' の形です", en: "the Authorization header must be 'Bearer <token>'")
    static let tokenInvalid = Bilingual(
        ja: "トークンが正しくないか、失効しています", en: "the token is not valid or has been revoked")

    static func noRoute(_ method: String, _ path: String) -> Bilingual {
        Bilingual(ja: "\(method) \(path) はありません", en: "there is no \(method) \(path)")
    }

    static func methodNotAllowed(_ path: String, allowed: String, method: String) -> Bilingual {
        Bilingual(
            ja: "\(path) が受け付けるのは \(allowed) です（\(method) ではありません）",
            en: "\(path) answers \(allowed), not \(method)")
    }

    static let bodyLarger = Bilingual(
        ja: "本文がこのサーバーの受け付ける大きさを超えています", en: "the request body is larger than this server accepts")

    static func bodyLargerThan(_ bytes: Int) -> Bilingual {
        Bilingual(
            ja: "本文は\(bytes)バイトまでです", en: "the request body is larger than \(bytes) bytes")
    }

    static let nulCharacter = Bilingual(
        ja: "文字列に NUL 文字（U+0000）は使えません", en: "text must not contain the NUL character (U+0000)")
    static let parameterInvalid = Bilingual(
        ja: "この操作のパスまたはクエリのパラメーターが正しくありません",
        en: "a path or query parameter is not valid for this operation")
    enum ParameterKind {
        case integer
        case boolean
        /// One of these values.
        case oneOf([String])
    }

    private static func oneOf(_ name: String, values: String, value: String) -> Bilingual {
        Bilingual(
            ja: "?\(name) は \(values) のどれかです（'\(value)' は使えません）",
            en: "?\(name) must be one of \(values), not '\(value)'")
    }

    static func parameterMistyped(_ name: String, value: String, kind: ParameterKind) -> Bilingual {
        switch kind {
        case .integer:
            Bilingual(ja: "?\(name) は整数です（'\(value)' は使えません）", en: "?\(name) must be a whole number, not '\(value)'")
        case .boolean:
            Bilingual(
                ja: "?\(name) は true か false です（'\(value)' は使えません）",
                en: "?\(name) must be true or false, not '\(value)'")
        case .oneOf(let values):
            oneOf(name, values: values.joined(separator: ", "), value: value)
        }
    }

    static let bodyNotJSON = Bilingual(
        ja: "本文がこの操作の JSON として正しくありません。構文の誤りか、範囲外の数です（金額は整数の円で、最大 9223372036854775807）",
        en:
            "the request body is not valid JSON for this operation: a syntax error, or a number out of range (amounts are whole yen, at most 9223372036854775807)"
    )
    static let tooManyAttempts = Bilingual(ja: "失敗が多すぎます", en: "Too many failed attempts")
    static func tooManyAttemptsWait(_ seconds: Int) -> Bilingual {
        Bilingual(
            ja: "このアドレスからのトークンの確認が 1 分間に何度も失敗しました。\(seconds) 秒後にやり直してください",
            en: "too many failed token checks from this address in a minute; try again in \(seconds) s")
    }
    static let headersTooLarge = Bilingual(
        ja: "ヘッダーが大きすぎるか多すぎます（1 行 80 KiB、合わせて 80 KiB、1,000 個まで）",
        en: "the request's headers are too large or too many (80 KiB a line, 80 KiB in all, 1,000 headers)")
    static let bodyLengthUnclear = Bilingual(
        ja: "本文の長さが読み取れません（Content-Length の誤り、Transfer-Encoding: chunked との併用、チャンクの誤り）",
        en:
            "the request body's length cannot be read (an invalid Content-Length, one sent with Transfer-Encoding: chunked, or a malformed chunk)"
    )
    static let requestNotHTTP = Bilingual(
        ja: "HTTP/1.1 の依頼として読めません", en: "the request cannot be read as HTTP/1.1")
    static let bodyNotUTF8 = Bilingual(
        ja: "本文が UTF-8 のテキストではありません", en: "the request body is not UTF-8 text")
    static let nullValue = Bilingual(
        ja: "null はどの項目の値にもなりません。項目ごと省いてください",
        en: "null is not a value of any field; leave the field out instead")
    static let trailingComma = Bilingual(
        ja: "本文が JSON として正しくありません。閉じかっこの前にカンマがあります",
        en: "the request body is not valid JSON: a comma before a closing bracket")

    static func queryTooLong(_ name: String, maximum: Int) -> Bilingual {
        Bilingual(
            ja: "?\(name) が\(maximum)文字を超えています", en: "?\(name) is longer than \(maximum) characters")
    }

    static func queryNotUTF8(_ name: String) -> Bilingual {
        Bilingual(
            ja: "?\(name) の値が UTF-8 の文字列ではありません（パーセントエンコードされたバイトを確かめてください）",
            en: "?\(name) is not UTF-8 text once its percent-encoding is decoded")
    }

    static let metricsTokenRequired = Bilingual(
        ja: "このサーバーの /metrics には、設定されたメトリクス用トークンが必要です（Authorization: Bearer …）",
        en: "this server's /metrics needs its metrics token (Authorization: Bearer …)")

    static let incompleteRequest = Bilingual(
        ja: "リクエストが終わる前に接続が切れました", en: "the connection ended before the request was complete")

    static let notUTF8 = Bilingual(ja: "UTF-8 の文字列ではありません", en: "not UTF-8 text")

    static func longerThan(_ maximum: Int) -> Bilingual {
        Bilingual(ja: "\(maximum)文字を超えています", en: "longer than \(maximum) characters")
    }

    /// A body field the generated code could not decode: `/amount is required`.
    static func bodyField(_ pointer: String, _ what: BodyFieldFault) -> Bilingual {
        .verbatim("\(pointer) ") + what.text
    }

    enum BodyFieldFault {
        case invalid
        case required
        case wrongType
        case null

        var text: Bilingual {
            switch self {
            case .invalid: Bilingual(ja: "が正しくありません", en: "is not valid")
            case .required: Bilingual(ja: "が必要です", en: "is required")
            case .wrongType: Bilingual(ja: "の型が違います", en: "has the wrong type")
            case .null: Bilingual(ja: "は null にできません", en: "must not be null")
            }
        }
    }

    // MARK: Request values

    static func invalidID(_ kind: RequestError.IDKind, _ text: String, example: Bool) -> Bilingual {
        let noun: Bilingual =
            switch kind {
            case .case: Bilingual(ja: "案件 ID", en: "a case id")
            case .contract: Bilingual(ja: "契約 ID", en: "a contract id")
            case .vendor: Bilingual(ja: "事業者 ID", en: "a vendor id")
            case .savingsEntry: Bilingual(ja: "削減記録 ID", en: "a savings entry id")
            case .mergeProposal: Bilingual(ja: "統合の申し出の ID", en: "a merge proposal id")
            }
        return example
            ? Bilingual(
                ja: "'\(text)' は\(noun.japanese)ではありません（ID は整数です。例: 12）",
                en: "'\(text)' is not \(noun.english) (ids are whole numbers, e.g. 12)")
            : Bilingual(ja: "'\(text)' は\(noun.japanese)ではありません", en: "'\(text)' is not \(noun.english)")
    }

    static func invalidDate(_ text: String) -> Bilingual {
        Bilingual(ja: "'\(text)' は日付（YYYY-MM-DD）ではありません", en: "'\(text)' is not a date (YYYY-MM-DD)")
    }

    static func unknownPrefecture(_ text: String) -> Bilingual {
        Bilingual(
            ja: "'\(text)' は都道府県ではありません（香川県、香川 または 37 のように書いてください）",
            en: "'\(text)' is not a prefecture (give 香川県, 香川 or 37)")
    }

    static func searchTooLong(_ maximum: Int) -> Bilingual {
        Bilingual(ja: "検索語は\(maximum)文字までです", en: "a search text has at most \(maximum) characters")
    }

    static func outOfRange(_ name: String, value: Int32, lower: Int, upper: Int) -> Bilingual {
        Bilingual(
            ja: "\(name) は\(lower)〜\(upper)です（\(value) は使えません）",
            en: "\(name) must be \(lower) to \(upper), not \(value)")
    }

    static let idempotencyKey = Bilingual(
        ja: "Idempotency-Key は1〜200文字です（UUID など）", en: "Idempotency-Key must be 1 to 200 characters (a UUID)")
    static let adminHasNoMunicipalityMine = Bilingual(
        ja: "管理者のトークンには自分の自治体がありません。mine を外してください",
        en: "an admin token has no municipality of its own: leave out mine")
    static let adminHasNoMunicipalityReport = Bilingual(
        ja: "管理者のトークンには自分の自治体がありません。自治体を指定してください（?municipality=コード、procure では --municipality）",
        en: "an admin token has no municipality of its own: name one (?municipality=CODE; --municipality in procure)")
    static let adminNamesImportOwner = Bilingual(
        ja: "管理者はどの自治体の契約かを指定してください（municipalityCode）",
        en: "an admin must say whose contracts these are (municipalityCode)")
    static let targetBothWays = Bilingual(
        ja: "削減目標はパーセントか円のどちらかで書いてください（両方は不可）",
        en: "give the target in percent or in yen, not both")

    static func ifMatchRequired(_ path: String) -> Bilingual {
        Bilingual(
            ja: "GET \(path) の ETag を If-Match で送ってください。その間の変更が失われないためです",
            en: "send If-Match with the ETag from GET \(path), so a change made meanwhile is not lost")
    }

    static func ifMatchNotAVersion(_ ifMatch: String, _ resource: RequestError.Versioned) -> Bilingual {
        Bilingual(
            ja: "If-Match \(ifMatch) は\(resource.name.japanese)の版ではありません。GET \(resource.path) の ETag を送ってください",
            en:
                "If-Match \(ifMatch) is not a version of \(resource.name.english); send the ETag from GET \(resource.path)"
        )
    }

    static func changedMeanwhile(_ resource: RequestError.Versioned, current: Int32) -> Bilingual {
        Bilingual(
            ja: "\(resource.name.japanese)は読んだ後にほかの人が変更しました（今は版 \(current)）",
            en:
                "\(resource.name.english) was changed by someone else since you read it (it is at version \(current) now)"
        )
    }

    static func versionedName(_ resource: RequestError.Versioned) -> Bilingual {
        switch resource {
        case .case(let id): Bilingual(ja: "案件 \(id)", en: "case \(id)")
        case .contract(let id): Bilingual(ja: "契約 \(id)", en: "contract \(id)")
        }
    }

    static func adminsOnly(_ action: RequestError.AdminAction) -> Bilingual {
        switch action {
        case .mergeVendors:
            Bilingual(
                ja: "事業者を統合できるのはネットワークの管理者だけです",
                en: "only the network's coordinators (admins) can merge vendors")
        case .decideMerges:
            Bilingual(
                ja: "統合の申し出を判断できるのはネットワークの管理者だけです。申し出は管理者を待っています",
                en: "only the network's coordinators (admins) decide merge proposals; the proposal waits for one")
        case .addCategories:
            Bilingual(
                ja: "分野を追加できるのはネットワークの管理者だけです",
                en: "only the network's coordinators (admins) can add categories")
        }
    }

    static let othersPendingWork = Bilingual(
        ja: "見られるのは自分の自治体の未処理の用件だけです（municipality を外してください）",
        en: "you see your own municipality's pending work only (leave out municipality)")

    static func foreignImport(caller: String, owner: String) -> Bilingual {
        Bilingual(
            ja: "取り込めるのは\(caller)の契約だけです（\(owner)の契約は不可）",
            en: "you can only import \(caller)'s contracts, not \(owner)'s")
    }

    static func foreignMove(owner: String, target: String) -> Bilingual {
        Bilingual(
            ja: "この契約は\(owner)の契約です。ほかの自治体（\(target)）に移せるのは管理者だけです",
            en: "a contract belongs to \(owner); only an admin can move it to another municipality (\(target))")
    }

    static func noVendorWithNumber(_ number: CorporateNumber) -> Bilingual {
        Bilingual(ja: "法人番号 \(number) の事業者はありません", en: "no vendor has corporate number \(number)")
    }

    static func contractNeverExisted(_ id: Int64) -> Bilingual {
        Bilingual(ja: "契約 \(id) は存在したことがありません", en: "there never was a contract \(id)")
    }

    static func vendorExists(_ requested: String, id: Int64, name: String) -> Bilingual {
        Bilingual(
            ja: "事業者 \(requested) は #\(id)（\(name)）としてすでにあります",
            en: "vendor \(requested) already exists as #\(id) (\(name))")
    }

    static func unknownCategoryParameter(_ code: String) -> Bilingual {
        Bilingual(
            ja: "'\(code)' は分野ではありません（一覧は procure categories list）",
            en: "'\(code)' is not a category (procure categories list shows them)")
    }

    static func schemaNotCurrent(_ summary: String) -> Bilingual {
        Bilingual(ja: "データベースの構成が最新ではありません。\(summary)", en: "\(summary)")
    }
}
