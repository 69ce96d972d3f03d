-- Functions of the municipality register.

-- The check digit of a local-government code (全国地方公共団体コード, JIS X 0402): over the first
-- five digits d1..d5, S = 6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5 and the sixth digit is (11 - S % 11) % 10.
-- `municipalities.code` is checked by it.
CREATE OR REPLACE FUNCTION municipality_code_is_valid(code text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT code ~ '^[0-9]{6}$'
       AND substr(code, 6, 1)::int = (11 - (
             6 * substr(code, 1, 1)::int + 5 * substr(code, 2, 1)::int
           + 4 * substr(code, 3, 1)::int + 3 * substr(code, 4, 1)::int
           + 2 * substr(code, 5, 1)::int) % 11) % 10
$$;
