-- A withdrawn resource keeps what it offered: its quantity shrinks to what projects hold,
-- and the part taken back is kept here (issue 20: it showed 总量 0 and forgot the offer).
-- Resources withdrawn before this keep 0 here; their `withdraw` event says how much.
ALTER TABLE resources ADD COLUMN withdrawn_quantity BIGINT NOT NULL DEFAULT 0;
