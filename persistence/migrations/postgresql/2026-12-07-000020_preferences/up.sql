-- What an account keeps for its holder across devices: 长辈模式 (SPEC, residents first).
ALTER TABLE users ADD COLUMN elder_mode BOOLEAN NOT NULL DEFAULT FALSE;
