-- Vendors, categories and the contract register, with the history of every contract change.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The check digit of a corporate number (法人番号): the first of its 13 digits, over the other 12.
-- With Pn the n-th digit from the right of the 12-digit base and Qn = 1 for odd n, 2 for even n,
-- check = 9 - (sum of Pn * Qn) mod 9.
CREATE FUNCTION corporate_number_is_valid(number text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT number ~ '^[0-9]{13}$'
       AND substr(number, 1, 1)::int = 9 - (
           SELECT sum(substr(number, 14 - n, 1)::int * (CASE WHEN n % 2 = 1 THEN 1 ELSE 2 END))
           FROM generate_series(1, 12) AS n
       )::int % 9
$$;

CREATE TABLE vendors (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The name as registered, and its matching key (see VendorNameKey): one vendor per key.
    name             text NOT NULL CHECK (name <> '' AND length(name) <= 300),
    name_key         text NOT NULL UNIQUE CHECK (name_key <> ''),
    corporate_number text UNIQUE CHECK (corporate_number_is_valid(corporate_number)),
    -- The reading, folded to full-width katakana (see SearchText), so that one typed in hiragana or
    -- half-width katakana finds it.
    kana             text CHECK (kana <> '' AND length(kana) <= 300),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Fuzzy search (VendorRepository.search) compares the normalised query with the name keys (of
-- vendors and aliases) and the readings by pg_trgm's `<%` (word similarity), which these indexes
-- serve; the name itself is searched through its key, so legal forms and width differences
-- neither help nor hurt a match. pg_trgm only makes trigrams of characters the database's LC_CTYPE
-- calls letters or digits: under the C ctype Japanese text has none.
CREATE INDEX vendors_name_key_trgm_idx ON vendors USING gin (name_key gin_trgm_ops);
CREATE INDEX vendors_kana_trgm_idx ON vendors USING gin (kana gin_trgm_ops);

-- Every other spelling of a vendor's name that has been seen (imports, merges).
CREATE TABLE vendor_aliases (
    vendor_id  bigint NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (name <> '' AND length(name) <= 300),
    name_key   text NOT NULL CHECK (name_key <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vendor_id, name)
);

CREATE INDEX vendor_aliases_key_idx ON vendor_aliases (name_key);
CREATE INDEX vendor_aliases_name_key_trgm_idx ON vendor_aliases USING gin (name_key gin_trgm_ops);

-- Two vendor rows found to be one company: the loser's contracts moved to the winner, its names
-- became the winner's aliases, and the loser row was deleted. This is the record of that. Neither
-- id is a foreign key: a winner may itself be merged later, and its record must outlive it (the
-- later merge's row continues the chain).
CREATE TABLE vendor_merges (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    winner_id              bigint NOT NULL,
    loser_id               bigint NOT NULL,
    loser_name             text NOT NULL,
    loser_corporate_number text,
    contracts_moved        integer NOT NULL CHECK (contracts_moved >= 0),
    merged_by              bigint REFERENCES api_tokens (id),
    merged_at              timestamptz NOT NULL DEFAULT now()
);

-- What municipalities buy. Built-in categories are seeded here; admins add more.
CREATE TABLE categories (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    name_ja    text NOT NULL CHECK (name_ja <> '' AND length(name_ja) <= 100),
    name_en    text NOT NULL CHECK (name_en <> '' AND length(name_en) <= 100),
    builtin    boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO categories (code, name_ja, name_en, builtin) VALUES
    ('reservation_system', '予約システム', 'Reservation systems', true),
    ('resident_records', '住民記録・基幹系システム', 'Resident-record and core systems', true),
    ('tax_system', '税務システム', 'Tax systems', true),
    ('welfare_system', '福祉・介護システム', 'Welfare and long-term care systems', true),
    ('health_system', '健康管理システム', 'Public-health systems', true),
    ('lgwan_network', 'LGWAN・ネットワーク', 'LGWAN and networks', true),
    ('website_cms', 'ウェブサイト・CMS', 'Web sites and CMS', true),
    ('call_centre', 'コールセンター', 'Call centres', true),
    ('vaccination_operations', 'ワクチン接種事務', 'Vaccination operations', true),
    ('data_centre_cloud', 'データセンター・クラウド', 'Data centres and cloud', true),
    ('groupware_office', 'グループウェア・事務用ソフト', 'Groupware and office software', true),
    ('document_management', '文書管理・電子決裁', 'Document management and e-approval', true),
    ('hardware_lease', '機器賃貸借', 'Hardware leases', true),
    ('maintenance_support', '保守・運用支援', 'Maintenance and operations support', true),
    ('other', 'その他', 'Other', true);

CREATE TABLE contracts (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_code   text NOT NULL REFERENCES municipalities (code),
    vendor_id           bigint NOT NULL REFERENCES vendors (id),
    category_code       text NOT NULL REFERENCES categories (code),
    title               text NOT NULL CHECK (title <> '' AND length(title) <= 500),
    product             text CHECK (length(product) <= 300),
    amount              bigint NOT NULL CHECK (amount >= 0 AND amount <= 1000000000000000),
    tax_included        boolean NOT NULL,
    billing_basis       text NOT NULL CHECK (billing_basis IN ('one_time', 'monthly', 'annual')),
    start_date          date NOT NULL,
    end_date            date NOT NULL CHECK (end_date >= start_date),
    -- What the contract costs a year, so prices on different bases compare: monthly × 12; annual
    -- as is; a one-time amount spread over the contract's term, counted as at least one year.
    annual_amount       bigint GENERATED ALWAYS AS (
        CASE billing_basis
            WHEN 'monthly' THEN amount * 12
            WHEN 'annual' THEN amount
            ELSE amount * 365 / greatest(end_date - start_date + 1, 365)
        END
    ) STORED,
    -- The fiscal year (年度) of the start: April to March, FY2021 = 2021-04-01 … 2022-03-31.
    fiscal_year         integer GENERATED ALWAYS AS (
        (extract(year FROM start_date)::integer - CASE WHEN extract(month FROM start_date) < 4 THEN 1 ELSE 0 END)
    ) STORED,
    contract_method     text NOT NULL CHECK (contract_method IN
                            ('general_competitive', 'designated_competitive', 'negotiated', 'other')),
    renewal_notice_date date CHECK (renewal_notice_date <= end_date),
    external_reference  text CHECK (external_reference <> '' AND length(external_reference) <= 100),
    notes               text CHECK (length(notes) <= 4000),
    source_url          text CHECK (source_url ~ '^https?://' AND length(source_url) <= 2000),
    version             integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- A municipality's own contract number identifies the contract on re-import.
    CONSTRAINT contracts_external_reference_key UNIQUE (municipality_code, external_reference)
);

CREATE INDEX contracts_municipality_idx ON contracts (municipality_code, id);
CREATE INDEX contracts_vendor_idx ON contracts (vendor_id, id);
CREATE INDEX contracts_category_idx ON contracts (category_code, id);
CREATE INDEX contracts_fiscal_year_idx ON contracts (fiscal_year, id);
CREATE INDEX contracts_end_date_idx ON contracts (end_date, id);

-- Every change of a contract: who (the token's account), when, and the row before and after.
-- Written by a trigger, so no code path can change a contract without leaving its history; the
-- application names the actor with set_config('procure.actor', …, true) in the same transaction.
CREATE TABLE contract_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id bigint NOT NULL,
    action      text NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
    actor_id    bigint,
    actor_name  text,
    changed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    before      jsonb,
    after       jsonb
);

CREATE INDEX contract_history_contract_idx ON contract_history (contract_id, id);

CREATE FUNCTION record_contract_history() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    actor text := nullif(current_setting('procure.actor', true), '');
    actor_id bigint;
    actor_name text;
BEGIN
    IF actor IS NOT NULL THEN
        actor_id := split_part(actor, ':', 1)::bigint;
        actor_name := substr(actor, length(split_part(actor, ':', 1)) + 2);
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO contract_history (contract_id, action, actor_id, actor_name, after)
        VALUES (NEW.id, 'created', actor_id, actor_name, to_jsonb(NEW));
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        IF to_jsonb(OLD) - 'updated_at' - 'version' = to_jsonb(NEW) - 'updated_at' - 'version' THEN
            RETURN NEW;
        END IF;
        INSERT INTO contract_history (contract_id, action, actor_id, actor_name, before, after)
        VALUES (NEW.id, 'updated', actor_id, actor_name, to_jsonb(OLD), to_jsonb(NEW));
        RETURN NEW;
    ELSE
        INSERT INTO contract_history (contract_id, action, actor_id, actor_name, before)
        VALUES (OLD.id, 'deleted', actor_id, actor_name, to_jsonb(OLD));
        RETURN OLD;
    END IF;
END
$$;

CREATE TRIGGER contracts_history
AFTER INSERT OR UPDATE OR DELETE ON contracts
FOR EACH ROW EXECUTE FUNCTION record_contract_history();
