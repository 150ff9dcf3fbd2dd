-- Lists served by an index that leads with their filter and ends with their sort key,
-- measured at a million demands (docs/BENCHMARKS.md). `listed` says whether the demand is
-- on the public list (not submitted, not withdrawn): the public board filters on one value
-- instead of six states, so a backlog of unverified demands at the newest end is not
-- scanned and thrown away page after page.
ALTER TABLE demands ADD COLUMN listed BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE demands SET listed = (state NOT IN ('submitted', 'withdrawn'));
CREATE INDEX demands_listed ON demands (listed, id);
CREATE INDEX demands_street_listed ON demands (street_id, listed, id);
-- A street's, community's or compound's queue, newest first, with or without a state.
CREATE INDEX demands_street_newest ON demands (street_id, id);
CREATE INDEX demands_street_state ON demands (street_id, state, id);
CREATE INDEX demands_community_newest ON demands (community_id, id);
CREATE INDEX demands_community_state ON demands (community_id, state, id);
CREATE INDEX demands_unit_newest ON demands (unit_id, id);
-- Most co-signed first (the street's queue), per state and per street.
CREATE INDEX demands_state_cosigns ON demands (state, cosign_count, id);
CREATE INDEX demands_street_cosigns ON demands (street_id, state, cosign_count, id);
-- Superseded by the ones above.
DROP INDEX demands_street;
