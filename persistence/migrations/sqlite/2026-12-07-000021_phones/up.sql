-- Residents sign in with their mobile number as well as a username, and a demand keeps
-- the number to call its author back on when someone filed it for them (issue 20).
CREATE INDEX users_phone ON users (phone);
ALTER TABLE demands ADD COLUMN author_phone TEXT;
