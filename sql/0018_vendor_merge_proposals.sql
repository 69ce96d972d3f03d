-- Members who find one company registered twice (a typo, or a new spelling confirmed as new) ask
-- for the merge; an admin accepts it (the merge runs) or rejects it. This is the queue and its
-- record. The vendor ids are not foreign keys, for the reason vendor_merges gives: an accepted
-- proposal's vendor no longer exists, and its record must outlive it. The names are kept as they
-- were when proposed, for the same reason.
CREATE TABLE vendor_merge_proposals (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The vendor to merge away, and the one it is the same company as.
    vendor_id                 bigint NOT NULL,
    vendor_name               text NOT NULL,
    into_vendor_id            bigint NOT NULL,
    into_vendor_name          text NOT NULL,
    reason                    text CHECK (reason <> '' AND length(reason) <= 2000),
    proposed_by               bigint REFERENCES api_tokens (id),
    proposed_by_name          text NOT NULL,
    proposed_by_municipality  text REFERENCES municipalities (code),
    proposed_at               timestamptz NOT NULL DEFAULT now(),
    -- open: waits for an admin; accepted: merged; rejected: not the same company, says the admin;
    -- superseded: another merge removed one of the two vendors first.
    status                    text NOT NULL DEFAULT 'open'
                              CHECK (status IN ('open', 'accepted', 'rejected', 'superseded')),
    decided_by                bigint REFERENCES api_tokens (id),
    decided_by_name           text,
    decision_note             text CHECK (decision_note <> '' AND length(decision_note) <= 2000),
    decided_at                timestamptz,
    CHECK (vendor_id <> into_vendor_id),
    CHECK ((status = 'open') = (decided_at IS NULL))
);

-- One open proposal per pair, whichever way round it was asked.
CREATE UNIQUE INDEX vendor_merge_proposals_open_pair
    ON vendor_merge_proposals (least(vendor_id, into_vendor_id), greatest(vendor_id, into_vendor_id))
    WHERE status = 'open';
CREATE INDEX vendor_merge_proposals_open ON vendor_merge_proposals (id) WHERE status = 'open';
