-- Service-kit platform tables: commits that give the relay or the timer runner work NOTIFY them,
-- so that an idle service sends no statement at all (no polling) and still wakes at once for
-- rows written by another replica or a CLI. The payload is the writer's application_name.
-- Canonical copy: packages/service-kit/prisma/migrations/. Every service carries it verbatim.

CREATE FUNCTION "platform_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_ARGV[0], current_setting('application_name'));
  RETURN NULL;
END
$$;

-- New events: once per INSERT statement, not per row.
CREATE TRIGGER "outbox_event_notify_insert" AFTER INSERT ON "outbox_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "platform_notify"('mkt_outbox');

-- An event handed back to the relay (a dead event retried, a published one re-published). The
-- relay's own claims and marks do not match, so they cost a condition, not a notification.
CREATE TRIGGER "outbox_event_notify_pending_again" AFTER UPDATE ON "outbox_event"
  FOR EACH ROW WHEN (NEW."published_at" IS NULL AND NEW."dead_at" IS NULL
                     AND (OLD."published_at" IS NOT NULL OR OLD."dead_at" IS NOT NULL))
  EXECUTE FUNCTION "platform_notify"('mkt_outbox');

-- A timer scheduled or moved (INSERT … ON CONFLICT DO UPDATE is an INSERT statement).
CREATE TRIGGER "timer_notify_insert" AFTER INSERT ON "timer"
  FOR EACH STATEMENT EXECUTE FUNCTION "platform_notify"('mkt_timer');
