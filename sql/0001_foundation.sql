-- procure foundation: the municipality registry and API tokens.

-- The check digit of a local-government code (全国地方公共団体コード, JIS X 0402): over the first
-- five digits d1..d5, S = 6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5 and the sixth digit is (11 - S % 11) % 10.
CREATE FUNCTION municipality_code_is_valid(code text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT code ~ '^[0-9]{6}$'
       AND substr(code, 6, 1)::int = (11 - (
             6 * substr(code, 1, 1)::int + 5 * substr(code, 2, 1)::int
           + 4 * substr(code, 3, 1)::int + 3 * substr(code, 4, 1)::int
           + 2 * substr(code, 5, 1)::int) % 11) % 10
$$;

CREATE TABLE municipalities (
    code            text PRIMARY KEY CHECK (municipality_code_is_valid(code)),
    prefecture_code text NOT NULL CHECK (prefecture_code ~ '^(0[1-9]|[1-3][0-9]|4[0-7])$'
                                         AND prefecture_code = substr(code, 1, 2)),
    prefecture      text NOT NULL CHECK (prefecture <> ''),
    -- The municipality's own name; for a prefecture's own row, the prefecture's name.
    name            text NOT NULL CHECK (name <> ''),
    -- Full-width katakana (the official list publishes half-width; it is normalised on load).
    kana            text NOT NULL CHECK (kana <> ''),
    kind            text NOT NULL CHECK (kind IN ('prefecture', 'city', 'special_ward', 'town', 'village'))
);

CREATE INDEX municipalities_prefecture_idx ON municipalities (prefecture_code, code);

-- A bearer token is an account: a member of one municipality, or an admin of the network.
-- Only the SHA-256 of the token is stored; the token itself is shown once, at creation.
CREATE TABLE api_tokens (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              text NOT NULL CHECK (name <> '' AND length(name) <= 200),
    role              text NOT NULL CHECK (role IN ('member', 'admin')),
    municipality_code text REFERENCES municipalities (code),
    token_hash        bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at        timestamptz NOT NULL DEFAULT now(),
    revoked_at        timestamptz,
    CHECK ((role = 'member') = (municipality_code IS NOT NULL))
);
