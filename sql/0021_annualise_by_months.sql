-- One-time contracts over whole months are annualised by months (amount × 12 ÷ months), so a term
-- with 29 February in it is not a few hundred yen cheaper a year; other terms by days as before.
-- One owner for the rule: annualised_amount() (sql/functions/contracts.sql, the same text here),
-- which both generated columns call. PostgreSQL 15 cannot change a generated column's expression,
-- so the columns are made again (their indexes with them), and the kept sums of them — the peer
-- links of every kept day, the renewal days — are rebuilt.
-- The months of a term that is whole months, NULL for any other: the day after its end is its
-- start that many months later, as PostgreSQL adds months (2024-04-01 … 2027-03-31 is 36;
-- 2024-04-15 … 2025-04-14 is 12).
-- One expression (the months written out where they are used), so that PostgreSQL inlines it
-- into the generated columns instead of calling a function for every row written.
CREATE OR REPLACE FUNCTION term_months(start_date date, end_date date) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
               WHEN start_date + make_interval(months => ((extract(year FROM end_date + 1) - extract(year FROM start_date)) * 12
                                                          + extract(month FROM end_date + 1) - extract(month FROM start_date))::integer)
                    = end_date + 1
                    AND end_date >= start_date
               THEN ((extract(year FROM end_date + 1) - extract(year FROM start_date)) * 12
                     + extract(month FROM end_date + 1) - extract(month FROM start_date))::integer
           END
$$;

-- What a contract costs a year, so prices on different bases compare (`contracts.annual_amount`,
-- and `tax_included_annual_amount` with tax): monthly × 12; annual as is; a one-time amount spread
-- over its term, counted as at least a year — by whole months when the term is whole months
-- (amount × 12 ÷ months, so a three-year term with 29 February in it costs the same a year as one
-- without), else by days (amount × 365 ÷ days). Yen, rounded down.
CREATE OR REPLACE FUNCTION annualised_amount(amount bigint, billing_basis text, start_date date, end_date date)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE billing_basis
               WHEN 'monthly' THEN amount * 12
               WHEN 'annual' THEN amount
               -- (greatest() skips a NULL, so the months are tested first.)
               ELSE CASE WHEN term_months(start_date, end_date) IS NOT NULL
                         THEN amount * 12 / greatest(term_months(start_date, end_date), 12)
                         ELSE amount * 365 / greatest(end_date - start_date + 1, 365)
                    END
           END
$$;

ALTER TABLE contracts DROP COLUMN tax_included_annual_amount, DROP COLUMN annual_amount;
ALTER TABLE contracts
    ADD COLUMN annual_amount bigint GENERATED ALWAYS AS (
        annualised_amount(amount, billing_basis, start_date, end_date)) STORED,
    ADD COLUMN tax_included_annual_amount bigint GENERATED ALWAYS AS (
        tax_included_amount(annualised_amount(amount, billing_basis, start_date, end_date), tax_included, start_date)
    ) STORED;

CREATE INDEX contracts_vendor_category_end_idx ON contracts (vendor_id, category_code, end_date)
    INCLUDE (municipality_code, tax_included_annual_amount, id);
CREATE INDEX contracts_vendor_municipality_category_idx ON contracts (vendor_id, municipality_code, category_code, end_date)
    INCLUDE (product_key, start_date, tax_included_annual_amount, id);

SELECT peer_links_build(as_of) FROM peer_link_days;

DELETE FROM renewal_days;
INSERT INTO renewal_days (vendor_id, category_code, end_date, contracts, annual_amount, municipality_count,
                          municipalities, municipality_codes)
SELECT c.vendor_id, c.category_code, c.end_date, count(*), sum(c.tax_included_annual_amount),
       count(DISTINCT c.municipality_code), bit_or(municipality_bit(m.ordinal)),
       array_agg(DISTINCT c.municipality_code ORDER BY c.municipality_code)
FROM contracts c
JOIN municipalities m ON m.code = c.municipality_code
GROUP BY c.vendor_id, c.category_code, c.end_date;
