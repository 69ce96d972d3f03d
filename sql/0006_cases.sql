-- Joint negotiation cases: a lead municipality, the municipalities taking part, the case's
-- workflow, an append-only timeline, and the agreement the savings ledger reads.

-- A case: one municipality (the lead) negotiating with a vendor for others too.
-- Workflow: open → negotiating → agreed | failed → closed; open | negotiating → withdrawn.
-- The application moves it (CasePolicy); the database only knows which statuses exist.
CREATE TABLE cases (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_municipality_code   text NOT NULL REFERENCES municipalities (code),
    vendor_id                bigint NOT NULL REFERENCES vendors (id),
    category_code            text NOT NULL REFERENCES categories (code),
    product                  text CHECK (product <> '' AND length(product) <= 300),
    title                    text NOT NULL CHECK (title <> '' AND length(title) <= 500),
    description              text CHECK (length(description) <= 10000),
    -- What the lead seeks: a reduction in whole percent, or in yen a year; at most one of them.
    target_reduction_percent integer CHECK (target_reduction_percent BETWEEN 1 AND 100),
    target_reduction_yen     bigint CHECK (target_reduction_yen > 0 AND target_reduction_yen <= 1000000000000000),
    response_deadline        date,
    status                   text NOT NULL DEFAULT 'open'
                             CHECK (status IN ('open', 'negotiating', 'agreed', 'failed', 'closed', 'withdrawn')),
    version                  integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by               bigint REFERENCES api_tokens (id),
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cases_one_target CHECK (num_nonnulls(target_reduction_percent, target_reduction_yen) <= 1)
);

CREATE INDEX cases_vendor_idx ON cases (vendor_id, id);
CREATE INDEX cases_category_idx ON cases (category_code, id);
CREATE INDEX cases_status_idx ON cases (status, id);

-- Who takes part in a case: one row per (case, municipality), its status the latest change.
-- The lead is a participant too, active from the start.
CREATE TABLE case_participants (
    case_id                bigint NOT NULL REFERENCES cases (id),
    municipality_code      text NOT NULL REFERENCES municipalities (code),
    status                 text NOT NULL
                           CHECK (status IN ('invited', 'requested', 'active', 'declined', 'refused', 'withdrawn')),
    status_changed_at      timestamptz NOT NULL DEFAULT now(),
    -- What the municipality pays now (or was quoted) a year, stated when it joins; the contract it
    -- rests on must be its own and with the case's vendor (checked by the application).
    baseline_annual_amount bigint CHECK (baseline_annual_amount >= 0 AND baseline_annual_amount <= 1000000000000000),
    baseline_tax_included  boolean,
    baseline_contract_id   bigint REFERENCES contracts (id) ON DELETE SET NULL,
    PRIMARY KEY (case_id, municipality_code),
    CONSTRAINT case_participants_baseline_complete
        CHECK ((baseline_annual_amount IS NULL) = (baseline_tax_included IS NULL)),
    CONSTRAINT case_participants_contract_needs_amount
        CHECK (baseline_contract_id IS NULL OR baseline_annual_amount IS NOT NULL)
);

CREATE INDEX case_participants_municipality_idx ON case_participants (municipality_code, case_id);

-- The log of a case: notes, meeting minutes, vendor offers, and every status and participant
-- change, each with its author and time. Append-only (see the trigger below): a mistake is
-- corrected by a later entry, never by rewriting what people read.
CREATE TABLE case_timeline (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id                 bigint NOT NULL REFERENCES cases (id),
    kind                    text NOT NULL CHECK (kind IN
                                ('opened', 'updated', 'status_changed', 'participant_changed', 'note', 'minutes',
                                 'offer', 'agreement')),
    -- The token that acted, its name and municipality (none for an admin) at the time.
    actor_id                bigint,
    actor_name              text NOT NULL,
    actor_municipality_code text REFERENCES municipalities (code),
    created_at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    body                    text CHECK (body <> '' AND length(body) <= 20000),
    -- Only the case's active participants (and admins) read the body of a participants-only note.
    participants_only       boolean NOT NULL DEFAULT false,
    from_status             text,
    to_status               text,
    -- The participant a participant change or a per-participant offer is about.
    municipality_code       text REFERENCES municipalities (code),
    offer_amount            bigint CHECK (offer_amount >= 0 AND offer_amount <= 1000000000000000),
    offer_tax_included      boolean,
    offered_on              date,
    offer_valid_until       date CHECK (offer_valid_until >= offered_on),
    CONSTRAINT case_timeline_text_needs_body CHECK (kind NOT IN ('note', 'minutes', 'updated') OR body IS NOT NULL),
    CONSTRAINT case_timeline_private_only_text CHECK (NOT participants_only OR kind IN ('note', 'minutes')),
    CONSTRAINT case_timeline_change_has_status
        CHECK (kind NOT IN ('status_changed', 'participant_changed') OR to_status IS NOT NULL),
    CONSTRAINT case_timeline_participant_change_names_one
        CHECK (kind <> 'participant_changed' OR municipality_code IS NOT NULL),
    CONSTRAINT case_timeline_offer_complete CHECK (
        (kind = 'offer') = (offer_amount IS NOT NULL AND offer_tax_included IS NOT NULL AND offered_on IS NOT NULL))
);

CREATE INDEX case_timeline_case_idx ON case_timeline (case_id, id);

-- What was agreed, per participant: the annual amount and the fiscal years (年度, April–March) it
-- covers, with the baseline it replaces. The savings ledger reads this table. Written once, with
-- the case's move to `agreed`, and append-only like the timeline.
CREATE TABLE case_agreements (
    case_id                bigint NOT NULL,
    municipality_code      text NOT NULL,
    timeline_entry_id      bigint NOT NULL REFERENCES case_timeline (id),
    annual_amount          bigint NOT NULL CHECK (annual_amount >= 0 AND annual_amount <= 1000000000000000),
    tax_included           boolean NOT NULL,
    first_fiscal_year      integer NOT NULL CHECK (first_fiscal_year BETWEEN 1989 AND 2200),
    last_fiscal_year       integer NOT NULL CHECK (last_fiscal_year BETWEEN 1989 AND 2200),
    baseline_annual_amount bigint,
    baseline_tax_included  boolean,
    agreed_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, municipality_code),
    FOREIGN KEY (case_id, municipality_code) REFERENCES case_participants (case_id, municipality_code),
    CONSTRAINT case_agreements_years CHECK (last_fiscal_year >= first_fiscal_year)
);

CREATE FUNCTION reject_case_record_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER case_timeline_append_only
BEFORE UPDATE OR DELETE ON case_timeline
FOR EACH ROW EXECUTE FUNCTION reject_case_record_change();

CREATE TRIGGER case_timeline_no_truncate
BEFORE TRUNCATE ON case_timeline
FOR EACH STATEMENT EXECUTE FUNCTION reject_case_record_change();

CREATE TRIGGER case_agreements_append_only
BEFORE UPDATE OR DELETE ON case_agreements
FOR EACH ROW EXECUTE FUNCTION reject_case_record_change();

CREATE TRIGGER case_agreements_no_truncate
BEFORE TRUNCATE ON case_agreements
FOR EACH STATEMENT EXECUTE FUNCTION reject_case_record_change();
