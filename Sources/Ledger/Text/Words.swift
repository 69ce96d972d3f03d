/// The register's vocabulary in both languages: the word a person reads for each value the API
/// writes as a code (`annual` is 年額). The CLI's tables, the workspace's pages and the problem
/// documents all say these words, so there is one vocabulary.
extension BillingBasis {
    public var word: Bilingual {
        switch self {
        case .oneTime: Bilingual(ja: "一括", en: "one-time")
        case .monthly: Bilingual(ja: "月額", en: "monthly")
        case .annual: Bilingual(ja: "年額", en: "annual")
        }
    }
}

extension ContractMethod {
    public var word: Bilingual {
        switch self {
        case .generalCompetitive: Bilingual(ja: "一般競争入札", en: "general competitive bidding")
        case .designatedCompetitive: Bilingual(ja: "指名競争入札", en: "designated competitive bidding")
        case .negotiated: Bilingual(ja: "随意契約", en: "negotiated")
        case .other: Bilingual(ja: "その他", en: "other")
        }
    }
}

extension Municipality.Kind {
    public var word: Bilingual {
        switch self {
        case .prefecture: Bilingual(ja: "都道府県", en: "prefecture")
        case .city: Bilingual(ja: "市", en: "city")
        case .specialWard: Bilingual(ja: "特別区", en: "special ward")
        case .town: Bilingual(ja: "町", en: "town")
        case .village: Bilingual(ja: "村", en: "village")
        }
    }
}

extension CaseStatus {
    public var word: Bilingual {
        switch self {
        case .open: Bilingual(ja: "募集中", en: "open")
        case .negotiating: Bilingual(ja: "交渉中", en: "negotiating")
        case .agreed: Bilingual(ja: "合意", en: "agreed")
        case .failed: Bilingual(ja: "不調", en: "failed")
        case .closed: Bilingual(ja: "終了", en: "closed")
        case .withdrawn: Bilingual(ja: "取り下げ", en: "withdrawn")
        }
    }
}

extension ParticipantStatus {
    public var word: Bilingual {
        switch self {
        case .invited: Bilingual(ja: "招待中", en: "invited")
        case .requested: Bilingual(ja: "参加申請中", en: "requested")
        case .active: Bilingual(ja: "参加", en: "active")
        case .declined: Bilingual(ja: "辞退", en: "declined")
        case .refused: Bilingual(ja: "参加不可", en: "refused")
        case .withdrawn: Bilingual(ja: "離脱", en: "withdrawn")
        }
    }
}

extension ParticipantAction {
    /// The action as a verb (`invite`, `招待する`) for "only the lead may …".
    public var verb: Bilingual {
        switch self {
        case .invite: Bilingual(ja: "招待する", en: "invite")
        case .accept: Bilingual(ja: "招待を受ける", en: "accept")
        case .decline: Bilingual(ja: "招待を辞退する", en: "decline")
        case .join: Bilingual(ja: "参加を申請する", en: "ask to join")
        case .approve: Bilingual(ja: "参加を承認する", en: "approve")
        case .refuse: Bilingual(ja: "参加を断る", en: "refuse")
        case .withdraw: Bilingual(ja: "離脱する", en: "withdraw")
        case .restate: Bilingual(ja: "基準額を示す", en: "restate the baseline")
        }
    }
}

extension CaseTimelineEntry.Kind {
    public var word: Bilingual {
        switch self {
        case .opened: Bilingual(ja: "開始", en: "opened")
        case .updated: Bilingual(ja: "内容の変更", en: "details changed")
        case .statusChanged: Bilingual(ja: "状況の変更", en: "status changed")
        case .participantChanged: Bilingual(ja: "参加の変更", en: "participation changed")
        case .note: Bilingual(ja: "メモ", en: "note")
        case .minutes: Bilingual(ja: "議事録", en: "minutes")
        case .offer: Bilingual(ja: "見積提示", en: "offer")
        case .agreement: Bilingual(ja: "合意内容", en: "agreement")
        }
    }
}

extension ContractHistoryEntry.Action {
    public var word: Bilingual {
        switch self {
        case .created: Bilingual(ja: "登録", en: "created")
        case .updated: Bilingual(ja: "変更", en: "updated")
        case .deleted: Bilingual(ja: "削除", en: "deleted")
        }
    }
}

extension ContractImport.Status {
    public var word: Bilingual {
        switch self {
        case .open: Bilingual(ja: "受付中", en: "open")
        case .committed: Bilingual(ja: "取込済み", en: "committed")
        case .rejected: Bilingual(ja: "取込不可", en: "rejected")
        }
    }
}

extension SavingsGrouping {
    public var word: Bilingual {
        switch self {
        case .fiscalYear: Bilingual(ja: "年度", en: "fiscal year")
        case .municipality: Bilingual(ja: "自治体", en: "municipality")
        case .prefecture: Bilingual(ja: "都道府県", en: "prefecture")
        case .vendor: Bilingual(ja: "事業者", en: "vendor")
        case .category: Bilingual(ja: "分野", en: "category")
        case .case: Bilingual(ja: "案件", en: "case")
        }
    }
}

extension Bool {
    /// A tax flag: 税込 / 税抜.
    public var taxWord: Bilingual {
        self ? Bilingual(ja: "税込", en: "incl. tax") : Bilingual(ja: "税抜", en: "excl. tax")
    }
}

extension LedgerText {
    /// A fiscal year as people say it: `2025年度（令和7年度）`, `FY2025`.
    public static func fiscalYear(_ year: Int) -> Bilingual {
        let western = Bilingual(ja: "\(year)年度", en: "FY\(year)")
        // The era's name is said in Japanese only.
        guard let era = JapanTime.eraFiscalYear(year) else { return western }
        return Bilingual(ja: western.japanese + "（" + era + "）", en: western.english)
    }
}

extension PeerMatch {
    public var word: Bilingual {
        switch self {
        case .product: Bilingual(ja: "製品が一致", en: "same product")
        case .category: Bilingual(ja: "分野が一致", en: "same category")
        case .vendor: Bilingual(ja: "事業者のみ", en: "vendor only")
        }
    }
}

extension LedgerText {
    /// A token's role.
    public static func role(admin: Bool) -> Bilingual {
        admin ? Bilingual(ja: "管理者", en: "admin") : Bilingual(ja: "職員", en: "member")
    }

    /// A municipality's part in a case.
    public static func casePart(lead: Bool) -> Bilingual {
        lead ? Bilingual(ja: "幹事", en: "lead") : Bilingual(ja: "参加", en: "participant")
    }
}
