-- The search index of the demand list: every character bigram of a demand's title and
-- description (docs/BENCHMARKS.md). Chinese has no spaces between words, and a search
-- for a two-character word (楼道, 电梯) is what residents and workers type; a substring
-- scan of a million descriptions takes seconds. Written in the filing transaction and
-- never changed after (a demand's text is fixed once filed). Existing demands get theirs
-- from `gongzhi` on start, after this migration (persistence::demand_terms::backfill).
CREATE TABLE demand_terms (
    term TEXT NOT NULL,
    demand_id TEXT NOT NULL REFERENCES demands (id),
    PRIMARY KEY (term, demand_id)
) WITHOUT ROWID;
-- Similar live demands of a community and category, newest first, without reading the
-- community's other categories.
CREATE INDEX demands_community_category ON demands (community_id, category, id);
-- Earliest deadline first (`sort=due`), district-wide and per street and community.
CREATE INDEX demands_deadline ON demands (due_at, id);
CREATE INDEX demands_street_deadline ON demands (street_id, due_at, id);
CREATE INDEX demands_community_deadline ON demands (community_id, due_at, id);
