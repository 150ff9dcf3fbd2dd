-- Resources withdrawn before migration 22 kept 0 as the part taken back; their `withdraw`
-- event says how much it was (issue 20: the card showed 已撤回 0).
UPDATE resources
SET withdrawn_quantity = COALESCE((
    SELECT json_extract(e.payload, '$.withdrawn') FROM events e
    WHERE e.entity = 'resource' AND e.entity_id = resources.id AND e.action = 'withdraw'
      AND json_valid(e.payload) AND json_type(e.payload, '$.withdrawn') = 'integer'
    ORDER BY e.seq DESC LIMIT 1
), 0)
WHERE withdrawn AND withdrawn_quantity = 0;
