-- What the renewal radar reads, kept ready: per vendor, category and end date, the contracts ending
-- that day (how many, their tax-aligned annual total) and which municipalities hold them.
--
-- The radar's question for a contract due for renewal is "who else buys this category from this
-- vendor under contracts ending within six months of it?" Asked of `contracts`, it reads every such
-- contract (about 600 a window at national scale, 25–45 windows for a median municipality) and
-- groups them by municipality to count the peers. Most of a window's contracts share a few end
-- dates (fiscal years end on 31 March, most others at a month's end), so a window here is about
-- 80–110 rows, and the peers are counted by OR-ing the rows' municipality sets, kept as bitmaps:
-- one bit per municipality, at the municipality's `ordinal`. The same report, with the same
-- numbers, from a sixth of the rows.
--
-- The rows follow every change of `contracts` in the same transaction (the triggers below, under
-- the same advisory lock as the peer links, so two writers of the same day cannot each miss the
-- other's contract). Unlike the peer links they do not depend on the day asked about, so every
-- vendor, category and end date is kept, always.

-- A municipality's position in the bitmaps. Existing municipalities are numbered in code order;
-- one added later takes the next number. 2,048 positions hold Japan's 1,788 local governments; more
-- would need wider bitmaps (a new migration), and the CHECK says so before any bitmap is wrong.
ALTER TABLE municipalities ADD COLUMN ordinal integer;
UPDATE municipalities m SET ordinal = o.ordinal
FROM (SELECT code, (row_number() OVER (ORDER BY code) - 1)::integer AS ordinal FROM municipalities) o
WHERE o.code = m.code;
ALTER TABLE municipalities
    ALTER COLUMN ordinal SET NOT NULL,
    ADD CONSTRAINT municipalities_ordinal_key UNIQUE (ordinal),
    ADD CONSTRAINT municipalities_ordinal_check CHECK (ordinal BETWEEN 0 AND 2047);
CREATE SEQUENCE municipalities_ordinal_seq MINVALUE 0 OWNED BY municipalities.ordinal;
SELECT setval('municipalities_ordinal_seq', (SELECT count(*) FROM municipalities), false);
ALTER TABLE municipalities ALTER COLUMN ordinal SET DEFAULT nextval('municipalities_ordinal_seq');

-- The bitmap of one municipality's position.
CREATE FUNCTION municipality_bit(ordinal integer) RETURNS bit(2048)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT B'1'::bit(2048) >> ordinal
$$;

CREATE TABLE renewal_days (
    vendor_id bigint NOT NULL,
    category_code text NOT NULL,
    end_date date NOT NULL,
    contracts integer NOT NULL CHECK (contracts > 0),
    -- The contracts' tax-included annual amounts, summed exactly (a sum of many can pass bigint).
    annual_amount numeric NOT NULL CHECK (annual_amount >= 0),
    -- The municipalities holding them: how many, as a bitmap by ordinal, and their codes in order.
    municipality_count integer NOT NULL CHECK (municipality_count > 0),
    municipalities bit(2048) NOT NULL,
    municipality_codes text[] NOT NULL,
    PRIMARY KEY (vendor_id, category_code, end_date)
);

-- The rows of the given (vendor, category, end date) triples, recomputed from `contracts` (by
-- `contracts_vendor_category_end_idx`). The triples must be distinct.
CREATE FUNCTION renewal_days_refresh(vendor_ids bigint[], category_codes text[], end_dates date[]) RETURNS void
LANGUAGE sql VOLATILE
AS $$
    DELETE FROM renewal_days r
    USING unnest(vendor_ids, category_codes, end_dates) AS t (vendor_id, category_code, end_date)
    WHERE r.vendor_id = t.vendor_id AND r.category_code = t.category_code AND r.end_date = t.end_date;

    INSERT INTO renewal_days (vendor_id, category_code, end_date, contracts, annual_amount, municipality_count,
                              municipalities, municipality_codes)
    SELECT t.vendor_id, t.category_code, t.end_date, count(*), sum(c.tax_included_annual_amount),
           count(DISTINCT c.municipality_code), bit_or(municipality_bit(m.ordinal)),
           array_agg(DISTINCT c.municipality_code ORDER BY c.municipality_code)
    FROM unnest(vendor_ids, category_codes, end_dates) AS t (vendor_id, category_code, end_date)
    JOIN contracts c ON c.vendor_id = t.vendor_id AND c.category_code = t.category_code AND c.end_date = t.end_date
    JOIN municipalities m ON m.code = c.municipality_code
    GROUP BY t.vendor_id, t.category_code, t.end_date;
$$;

-- After each statement that changes contracts: the triples it touched are recomputed. An update
-- touches the triples of the rows whose vendor, category, end date, municipality or amount changed
-- (before and after the change); editing a title or a note touches none.
CREATE FUNCTION renewal_days_follow_contracts() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    vendor_ids bigint[];
    category_codes text[];
    end_dates date[];
BEGIN
    PERFORM lock_peer_links();
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(vendor_id), array_agg(category_code), array_agg(end_date)
        INTO vendor_ids, category_codes, end_dates
        FROM (SELECT DISTINCT vendor_id, category_code, end_date FROM new_contracts) AS changed;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(vendor_id), array_agg(category_code), array_agg(end_date)
        INTO vendor_ids, category_codes, end_dates
        FROM (SELECT DISTINCT vendor_id, category_code, end_date FROM old_contracts) AS changed;
    ELSE
        SELECT array_agg(vendor_id), array_agg(category_code), array_agg(end_date)
        INTO vendor_ids, category_codes, end_dates
        FROM (
            SELECT o.vendor_id, o.category_code, o.end_date
            FROM old_contracts o JOIN new_contracts n ON n.id = o.id
            WHERE (o.vendor_id, o.category_code, o.end_date, o.municipality_code, o.tax_included_annual_amount)
                  IS DISTINCT FROM (n.vendor_id, n.category_code, n.end_date, n.municipality_code, n.tax_included_annual_amount)
            UNION
            SELECT n.vendor_id, n.category_code, n.end_date
            FROM old_contracts o JOIN new_contracts n ON n.id = o.id
            WHERE (o.vendor_id, o.category_code, o.end_date, o.municipality_code, o.tax_included_annual_amount)
                  IS DISTINCT FROM (n.vendor_id, n.category_code, n.end_date, n.municipality_code, n.tax_included_annual_amount)
        ) AS changed;
    END IF;
    IF vendor_ids IS NOT NULL THEN
        PERFORM renewal_days_refresh(vendor_ids, category_codes, end_dates);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER contracts_renewal_days_insert AFTER INSERT ON contracts
    REFERENCING NEW TABLE AS new_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION renewal_days_follow_contracts();
CREATE TRIGGER contracts_renewal_days_update AFTER UPDATE ON contracts
    REFERENCING OLD TABLE AS old_contracts NEW TABLE AS new_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION renewal_days_follow_contracts();
CREATE TRIGGER contracts_renewal_days_delete AFTER DELETE ON contracts
    REFERENCING OLD TABLE AS old_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION renewal_days_follow_contracts();

CREATE FUNCTION renewal_days_forget() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM lock_peer_links();
    DELETE FROM renewal_days;
    RETURN NULL;
END
$$;

CREATE TRIGGER contracts_renewal_days_truncate AFTER TRUNCATE ON contracts
    FOR EACH STATEMENT EXECUTE FUNCTION renewal_days_forget();

-- The rows of the contracts already registered.
INSERT INTO renewal_days (vendor_id, category_code, end_date, contracts, annual_amount, municipality_count,
                          municipalities, municipality_codes)
SELECT c.vendor_id, c.category_code, c.end_date, count(*), sum(c.tax_included_annual_amount),
       count(DISTINCT c.municipality_code), bit_or(municipality_bit(m.ordinal)),
       array_agg(DISTINCT c.municipality_code ORDER BY c.municipality_code)
FROM contracts c
JOIN municipalities m ON m.code = c.municipality_code
GROUP BY c.vendor_id, c.category_code, c.end_date;

-- A peer's contracts in one category ending within a window (the radar's summary of each peer it
-- shows), and the municipality's own there: one range of this index each. It replaces the index of
-- 0005 on (vendor, municipality), whose uses (peers, footprints) read the same leading columns.
CREATE INDEX contracts_vendor_municipality_category_idx ON contracts (vendor_id, municipality_code, category_code, end_date)
    INCLUDE (product_key, start_date, tax_included_annual_amount, id);
DROP INDEX contracts_vendor_municipality_idx;
