-- The cost-reduction ledger: what joint negotiation saved, per case, participating municipality
-- and fiscal year (年度, April–March). Append-only and hash-chained: an entry is never changed or
-- removed; a correction is a reversal entry that cancels the original, and the corrected figure a
-- new entry. Reports count an entry with sign +1 and its reversal with sign -1 (`savings_signed`).

-- Where the chain stands: one row, locked (`FOR UPDATE`) by every transaction that appends to the
-- ledger, so entries are chained one at a time, in the order their transactions commit.
CREATE TABLE savings_chain_head (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_position bigint NOT NULL DEFAULT 0,
    last_hash     text NOT NULL DEFAULT ''
);

INSERT INTO savings_chain_head DEFAULT VALUES;

CREATE TABLE savings_entries (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id           bigint NOT NULL,
    municipality_code text NOT NULL,
    -- The fiscal year the effective date falls in: 2022-03-31 is FY2021, 2022-04-01 FY2022.
    fiscal_year       integer NOT NULL CHECK (fiscal_year BETWEEN 1989 AND 2200),
    effective_date    date NOT NULL,
    baseline_amount   bigint NOT NULL CHECK (baseline_amount >= 0 AND baseline_amount <= 1000000000000000),
    negotiated_amount bigint NOT NULL CHECK (negotiated_amount >= 0 AND negotiated_amount <= 1000000000000000),
    -- Negative when the negotiated amount is above the baseline: the ledger records it as it is.
    savings           bigint GENERATED ALWAYS AS (baseline_amount - negotiated_amount) STORED,
    tax_included      boolean NOT NULL,
    note              text CHECK (note <> '' AND length(note) <= 2000),
    -- A reversal names the entry it cancels (at most one reversal each) and says why; it repeats
    -- the original's case, municipality, year and amounts, so the sums net out.
    reverses_id       bigint UNIQUE REFERENCES savings_entries (id),
    reason            text CHECK (reason <> '' AND length(reason) <= 2000),
    recorded_by       bigint REFERENCES api_tokens (id),
    recorded_by_name  text NOT NULL CHECK (recorded_by_name <> ''),
    recorded_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- The hash chain (set by the trigger below): position in the chain, the previous entry's hash
    -- ('' for the first) and SHA-256 over this entry's content and that hash.
    chain_position    bigint NOT NULL UNIQUE,
    previous_hash     text NOT NULL,
    hash              text NOT NULL,
    FOREIGN KEY (case_id, municipality_code) REFERENCES case_participants (case_id, municipality_code),
    CONSTRAINT savings_entries_fiscal_year_of_date CHECK (
        fiscal_year = extract(year FROM effective_date)::integer
                      - CASE WHEN extract(month FROM effective_date) < 4 THEN 1 ELSE 0 END),
    CONSTRAINT savings_entries_reversal_has_reason CHECK ((reverses_id IS NULL) = (reason IS NULL))
);

CREATE INDEX savings_entries_case_idx ON savings_entries (case_id, id);
CREATE INDEX savings_entries_municipality_idx ON savings_entries (municipality_code, id);
CREATE INDEX savings_entries_fiscal_year_idx ON savings_entries (fiscal_year, id);

-- The canonical text an entry's hash covers, and the hash. The only place the chain is computed:
-- the insert trigger and `GET /savings/verify` both call it. Dates and times are formatted
-- explicitly so the text does not depend on the session's DateStyle or TimeZone.
CREATE FUNCTION savings_entry_hash(e savings_entries, previous text) RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT encode(sha256(convert_to(json_build_array(
        e.chain_position, e.id, e.case_id, e.municipality_code, e.fiscal_year,
        to_char(e.effective_date, 'YYYY-MM-DD'), e.baseline_amount, e.negotiated_amount, e.tax_included,
        e.note, e.reverses_id, e.reason, e.recorded_by, e.recorded_by_name,
        to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        previous)::text, 'UTF8')), 'hex')
$$;

-- Chains every new entry under the head's row lock, and refuses a reversal that does not cancel
-- an original entry exactly.
CREATE FUNCTION savings_entry_before_insert() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    head savings_chain_head;
    original savings_entries;
BEGIN
    IF NEW.reverses_id IS NOT NULL THEN
        SELECT * INTO original FROM savings_entries WHERE id = NEW.reverses_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'savings entry % does not exist', NEW.reverses_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF original.reverses_id IS NOT NULL THEN
            RAISE EXCEPTION 'savings entry % is a reversal; a reversal cannot be reversed', NEW.reverses_id
                USING ERRCODE = 'check_violation';
        END IF;
        IF (original.case_id, original.municipality_code, original.fiscal_year, original.effective_date,
            original.baseline_amount, original.negotiated_amount, original.tax_included)
           IS DISTINCT FROM
           (NEW.case_id, NEW.municipality_code, NEW.fiscal_year, NEW.effective_date,
            NEW.baseline_amount, NEW.negotiated_amount, NEW.tax_included) THEN
            RAISE EXCEPTION 'a reversal repeats the figures of savings entry %', NEW.reverses_id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    SELECT * INTO head FROM savings_chain_head FOR UPDATE;
    NEW.chain_position := head.last_position + 1;
    NEW.previous_hash := head.last_hash;
    NEW.hash := savings_entry_hash(NEW, head.last_hash);
    UPDATE savings_chain_head SET last_position = NEW.chain_position, last_hash = NEW.hash;
    RETURN NEW;
END
$$;

CREATE TRIGGER savings_entries_chain
BEFORE INSERT ON savings_entries
FOR EACH ROW EXECUTE FUNCTION savings_entry_before_insert();

CREATE FUNCTION reject_savings_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the savings ledger is append-only: % on % is not allowed; record a reversal instead',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER savings_entries_append_only
BEFORE UPDATE OR DELETE ON savings_entries
FOR EACH ROW EXECUTE FUNCTION reject_savings_change();

CREATE TRIGGER savings_entries_no_truncate
BEFORE TRUNCATE ON savings_entries
FOR EACH STATEMENT EXECUTE FUNCTION reject_savings_change();

-- Each entry counted with its sign: +1 for an entry, -1 for a reversal (which repeats the
-- figures of the entry it cancels). Reports sum over this view, so reversals net out.
CREATE VIEW savings_signed AS
SELECT e.*,
       CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END AS sign,
       CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END * e.baseline_amount AS signed_baseline,
       CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END * e.negotiated_amount AS signed_negotiated,
       CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END * e.savings AS signed_savings
FROM savings_entries e;

-- Idempotency keys of savings writes: a retry with the same key (per token) and the same request
-- gets the stored response back; written in the transaction that writes the entry.
CREATE TABLE idempotency_keys (
    scope           text NOT NULL,
    key             text NOT NULL CHECK (key <> '' AND length(key) <= 200),
    request_hash    text NOT NULL,
    response_status integer NOT NULL,
    response_body   text NOT NULL,
    entry_id        bigint REFERENCES savings_entries (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
