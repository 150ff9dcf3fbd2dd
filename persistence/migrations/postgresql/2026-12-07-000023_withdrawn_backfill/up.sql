-- Resources withdrawn before migration 22 kept 0 as the part taken back; their `withdraw`
-- event says how much it was (issue 20: the card showed 已撤回 0).
UPDATE resources r
SET withdrawn_quantity = COALESCE((
    SELECT CASE WHEN jsonb_typeof(e.payload::jsonb -> 'withdrawn') = 'number'
                THEN (e.payload::jsonb ->> 'withdrawn')::bigint END
    FROM events e
    WHERE e.entity = 'resource' AND e.entity_id = r.id AND e.action = 'withdraw'
      AND e.payload LIKE '{%'
    ORDER BY e.seq DESC LIMIT 1
), 0)
WHERE r.withdrawn AND r.withdrawn_quantity = 0;
