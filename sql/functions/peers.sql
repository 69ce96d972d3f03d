-- The arithmetic of peer discovery, vendor footprints and the renewal radar: tax-aligned amounts,
-- product matching keys, quartiles.
--
-- `contracts.product_key` and `contracts.tax_included_annual_amount` are generated from the first
-- three, so changing what they compute changes stored rows: that change is a migration, which
-- replaces the function itself (with the text written here) and recomputes the columns, because
-- migrations run before these files.

-- The standard consumption-tax rate (消費税, local consumption tax included) in force on a day, in
-- percent. The twin of ConsumptionTax.rate(on:) in Ledger; a test keeps them in agreement.
CREATE OR REPLACE FUNCTION consumption_tax_percent(on_date date) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN on_date >= date '2019-10-01' THEN 10
        WHEN on_date >= date '2014-04-01' THEN 8
        WHEN on_date >= date '1997-04-01' THEN 5
        WHEN on_date >= date '1989-04-01' THEN 3
        ELSE 0
    END
$$;

-- An amount with consumption tax: unchanged when it includes tax, else plus the tax at the rate in
-- force on `on_date`, rounded down to the yen (the twin of ConsumptionTax.taxIncluded).
CREATE OR REPLACE FUNCTION tax_included_amount(amount bigint, tax_included boolean, on_date date) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE WHEN tax_included THEN amount
                ELSE amount + amount / 100 * consumption_tax_percent(on_date)
                            + amount % 100 * consumption_tax_percent(on_date) / 100
           END
$$;

-- The key two contracts' products match on: NFKC (full-width Latin and digits, half-width kana),
-- lower case, no spaces. NULL for a contract without a product.
CREATE OR REPLACE FUNCTION product_key(product text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT nullif(lower(regexp_replace(normalize(product, NFKC), '[[:space:]]+', '', 'g')), '')
$$;

-- The quarter/4 quantile of an ascending array, as percentile_cont interpolates it (between the
-- closest ranks), rounded down to the yen — in integers, so exactly: with
-- h = quarter × (n − 1), the value at rank ⌊h/4⌋ plus (h mod 4)/4 of the step to the next one.
-- Annual amounts are at most 1.32 × 10¹⁶ yen (the contracts' CHECK × 12 months × 1.1), so the step
-- times 3 cannot overflow. The twin of AmountDistribution's quartiles; a test keeps them in agreement.
CREATE OR REPLACE FUNCTION sorted_quartile(sorted bigint[], quarter integer) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT sorted[h / 4 + 1]
           + CASE WHEN h % 4 = 0 THEN 0 ELSE (sorted[h / 4 + 2] - sorted[h / 4 + 1]) * (h % 4) / 4 END
    FROM (SELECT quarter * (cardinality(sorted) - 1) AS h) AS position
$$;
