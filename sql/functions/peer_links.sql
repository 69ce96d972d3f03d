-- What the peers report ranks, kept ready in `peer_links` (see migration 0007): for each kept day,
-- per vendor, municipality, category and product key, the contracts in force on that day.
--
-- A day is kept once built (`peer_links_build`, which `procure serve` runs for today in Japan) and
-- follows every change of `contracts` from then on, in the same transaction (the triggers below),
-- so a report reading it sees exactly what it would compute from `contracts`. Builders and the
-- triggers take one advisory lock, so a day being built cannot miss a change committed meanwhile.

-- The lock that orders builders and the contract triggers (an arbitrary constant, used nowhere else).
CREATE OR REPLACE FUNCTION lock_peer_links() RETURNS void
LANGUAGE sql VOLATILE
AS $$
    SELECT pg_advisory_xact_lock(7305202611)
$$;

-- The rows of the given (vendor, municipality) pairs on every kept day, recomputed from
-- `contracts`. The pairs must be distinct.
CREATE OR REPLACE FUNCTION peer_links_refresh(vendor_ids bigint[], municipality_codes text[]) RETURNS void
LANGUAGE sql VOLATILE
AS $$
    DELETE FROM peer_links l
    USING peer_link_days d, unnest(vendor_ids, municipality_codes) AS p (vendor_id, municipality_code)
    WHERE l.as_of = d.as_of AND l.vendor_id = p.vendor_id AND l.municipality_code = p.municipality_code;

    INSERT INTO peer_links (as_of, vendor_id, municipality_code, category_code, product_key, contracts,
                            annual_amount, first_end, products)
    SELECT d.as_of, c.vendor_id, c.municipality_code, c.category_code, c.product_key, count(*),
           least(sum(c.tax_included_annual_amount), 9223372036854775807)::bigint, min(c.end_date),
           coalesce(array_agg(DISTINCT c.product ORDER BY c.product) FILTER (WHERE c.product IS NOT NULL), '{}')
    FROM peer_link_days d
    CROSS JOIN unnest(vendor_ids, municipality_codes) AS p (vendor_id, municipality_code)
    JOIN contracts c ON c.vendor_id = p.vendor_id AND c.municipality_code = p.municipality_code
    WHERE c.start_date <= d.as_of AND c.end_date >= d.as_of
    GROUP BY d.as_of, c.vendor_id, c.municipality_code, c.category_code, c.product_key;
$$;

-- Keeps (or rebuilds) a day; returns how many rows it has.
CREATE OR REPLACE FUNCTION peer_links_build(day date) RETURNS bigint
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    built bigint;
BEGIN
    PERFORM lock_peer_links();
    DELETE FROM peer_link_days WHERE as_of = day;
    INSERT INTO peer_link_days (as_of) VALUES (day);
    INSERT INTO peer_links (as_of, vendor_id, municipality_code, category_code, product_key, contracts,
                            annual_amount, first_end, products)
    SELECT day, c.vendor_id, c.municipality_code, c.category_code, c.product_key, count(*),
           least(sum(c.tax_included_annual_amount), 9223372036854775807)::bigint, min(c.end_date),
           coalesce(array_agg(DISTINCT c.product ORDER BY c.product) FILTER (WHERE c.product IS NOT NULL), '{}')
    FROM contracts c
    WHERE c.start_date <= day AND c.end_date >= day
    GROUP BY c.vendor_id, c.municipality_code, c.category_code, c.product_key
    ORDER BY c.vendor_id, c.municipality_code;
    GET DIAGNOSTICS built = ROW_COUNT;
    RETURN built;
END
$$;

-- After each statement that changes contracts: the pairs it touched (before and after the change)
-- are recomputed on every kept day. Transition tables hold the changed rows.
CREATE OR REPLACE FUNCTION peer_links_follow_contracts() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    vendor_ids bigint[];
    municipality_codes text[];
BEGIN
    PERFORM lock_peer_links();
    IF NOT EXISTS (SELECT 1 FROM peer_link_days) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(vendor_id), array_agg(municipality_code) INTO vendor_ids, municipality_codes
        FROM (SELECT DISTINCT vendor_id, municipality_code FROM new_contracts) AS changed;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(vendor_id), array_agg(municipality_code) INTO vendor_ids, municipality_codes
        FROM (SELECT DISTINCT vendor_id, municipality_code FROM old_contracts) AS changed;
    ELSE
        SELECT array_agg(vendor_id), array_agg(municipality_code) INTO vendor_ids, municipality_codes
        FROM (SELECT vendor_id, municipality_code FROM old_contracts
              UNION SELECT vendor_id, municipality_code FROM new_contracts) AS changed;
    END IF;
    IF vendor_ids IS NOT NULL THEN
        PERFORM peer_links_refresh(vendor_ids, municipality_codes);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER contracts_peer_links_insert AFTER INSERT ON contracts
    REFERENCING NEW TABLE AS new_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION peer_links_follow_contracts();
CREATE OR REPLACE TRIGGER contracts_peer_links_update AFTER UPDATE ON contracts
    REFERENCING OLD TABLE AS old_contracts NEW TABLE AS new_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION peer_links_follow_contracts();
CREATE OR REPLACE TRIGGER contracts_peer_links_delete AFTER DELETE ON contracts
    REFERENCING OLD TABLE AS old_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION peer_links_follow_contracts();

CREATE OR REPLACE FUNCTION peer_links_forget() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM lock_peer_links();
    DELETE FROM peer_links;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER contracts_peer_links_truncate AFTER TRUNCATE ON contracts
    FOR EACH STATEMENT EXECUTE FUNCTION peer_links_forget();
