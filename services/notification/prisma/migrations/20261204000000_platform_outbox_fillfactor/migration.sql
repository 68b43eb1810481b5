-- Service-kit platform tables: the relay claims a batch by setting next_attempt_at (a lease; no
-- index covers it), then marks it published. Free room on each page lets the claim stay a HOT
-- update (no new index entries); the mark changes the indexed published_at, so it cannot be HOT.
-- Canonical copy: packages/service-kit/prisma/migrations/. Every service carries it verbatim.

-- AlterTable
ALTER TABLE "outbox_event" SET (fillfactor = 70);
