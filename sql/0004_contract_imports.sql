-- Bulk contract imports: an import is opened, receives its rows in chunks (each row validated as
-- it arrives and staged here), then is committed into `contracts` in one transaction.

CREATE TABLE contract_imports (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Whose contracts the rows are: every row goes to this municipality.
    municipality_code text NOT NULL REFERENCES municipalities (code),
    skip_invalid      boolean NOT NULL,
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'committed', 'rejected')),
    -- Only the token that opened an import may add rows to it or commit it.
    created_by        bigint NOT NULL REFERENCES api_tokens (id),
    rows_received     integer NOT NULL DEFAULT 0 CHECK (rows_received >= 0),
    invalid_rows      integer NOT NULL DEFAULT 0 CHECK (invalid_rows >= 0 AND invalid_rows <= rows_received),
    created_at        timestamptz NOT NULL DEFAULT now(),
    -- An upload the client abandoned (crash, Ctrl-C) must not keep its staged rows forever: every
    -- chunk pushes the expiry on, and opening a new import deletes open imports past theirs.
    expires_at        timestamptz NOT NULL DEFAULT now() + interval '1 day',
    finished_at       timestamptz,
    -- What the commit did (the counts of ContractImportResult), kept as the import's record.
    result            jsonb
);

CREATE INDEX contract_imports_open_idx ON contract_imports (expires_at) WHERE status = 'open';

-- The staged rows of open imports. A valid row holds the contract's fields, parsed and checked; an
-- invalid row holds only its errors. Rows are deleted when their import is committed or rejected.
-- UNLOGGED: staging is transient (after a crash the client uploads again), and skipping the
-- write-ahead log halves the cost of the largest write an import does.
CREATE UNLOGGED TABLE contract_import_rows (
    import_id               bigint NOT NULL REFERENCES contract_imports (id) ON DELETE CASCADE,
    -- The row's line in the file, for error messages; unique within an import.
    line                    integer NOT NULL CHECK (line >= 1),
    -- [{column, message}] for an invalid row; NULL for a valid one.
    errors                  jsonb,
    -- Which vendor the row names (corporate number and name, as one key), resolved at commit.
    vendor_key              text,
    vendor_name             text,
    vendor_corporate_number text,
    category_code           text,
    title                   text,
    product                 text,
    amount                  bigint,
    tax_included            boolean,
    billing_basis           text,
    start_date              date,
    end_date                date,
    contract_method         text,
    renewal_notice_date     date,
    external_reference      text,
    notes                   text,
    source_url              text,
    PRIMARY KEY (import_id, line),
    -- A valid row has its contract's fields; a row found invalid at commit (its vendor) keeps them.
    CHECK (errors IS NOT NULL OR (title IS NOT NULL AND vendor_key IS NOT NULL))
);

-- A contract number may appear only once in an import: arriving rows are checked against it.
CREATE INDEX contract_import_rows_reference_idx ON contract_import_rows (import_id, external_reference)
    WHERE external_reference IS NOT NULL;
