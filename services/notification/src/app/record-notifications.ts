import { afterCommit, uuidv7, type TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { DEFAULT_LOCALE, isLocale } from "../domain/locale.js";
import type { NotificationIntent, RecipientFacts } from "../domain/notification-rules.js";
import { renderEmail, type MailContext } from "../domain/templates/index.js";
import { VENDOR_TEMPLATE_ROLES, vendorUserIntents } from "../domain/vendor-user-roles.js";

export interface RecordNotificationsDeps {
  mail: MailContext;
  now: () => Date;
  /** Called once the transaction that queued notifications has committed (wakes the dispatcher). */
  onQueued: () => void;
}

/**
 * Records, in the event handler's transaction, what an event means to send: keeps each
 * recipient's copy current, then queues one notification per intent, rendered in the recipient's
 * language. UNIQUE(event id, recipient, template) makes a second recording of the same event a
 * no-op, whatever the inbox let through. Returns how many notifications were queued.
 *
 * A fixed number of statements whatever the number of emails (vendor users, recipients,
 * notifications: one each), not four per email: an order event means up to six.
 */
export async function recordNotifications(
  tx: TxOf<Db>,
  eventId: string,
  intents: NotificationIntent[],
  deps: RecordNotificationsDeps,
): Promise<number> {
  const all = await withVendorUsers(tx, intents);
  if (all.length === 0) return 0;
  const recipients = await keepRecipients(
    tx,
    all.map((intent) => intent.recipient),
    deps.now(),
  );
  const { count } = await tx.notification.createMany({
    data: all.map((intent) => {
      const recipient = recipients.get(intent.recipient.key)!;
      const locale = isLocale(recipient.locale) ? recipient.locale : DEFAULT_LOCALE;
      const email = renderEmail(intent.content, locale, deps.mail);
      return {
        id: uuidv7(),
        eventId,
        recipientKey: recipient.key,
        channel: intent.channel,
        template: intent.content.template,
        locale,
        subject: email.subject,
        toAddress: recipient.email,
        textBody: email.text,
        htmlBody: email.html,
        status: "queued",
      };
    }),
    skipDuplicates: true,
  });
  if (count > 0) afterCommit(tx, deps.onQueued);
  return count;
}

/** Each intent for a vendor's contact, followed by those for its users whose role the template names. */
async function withVendorUsers(tx: TxOf<Db>, intents: NotificationIntent[]): Promise<NotificationIntent[]> {
  const vendorIdOf = (intent: NotificationIntent) =>
    intent.recipient.key.startsWith("vendor:") && VENDOR_TEMPLATE_ROLES[intent.content.template]
      ? intent.recipient.key.slice("vendor:".length)
      : null;
  const vendorIds = [...new Set(intents.map(vendorIdOf).filter((id): id is string => id !== null))];
  const users =
    vendorIds.length === 0
      ? []
      : await tx.vendorUser.findMany({
          where: { vendorId: { in: vendorIds }, active: true },
          orderBy: { userId: "asc" },
        });
  const all: NotificationIntent[] = [];
  for (const intent of intents) {
    all.push(intent);
    const vendorId = vendorIdOf(intent);
    if (vendorId)
      all.push(
        ...vendorUserIntents(
          intent,
          users.filter((user) => user.vendorId === vendorId),
        ),
      );
  }
  return all;
}

/**
 * Upserts the recipient (with its language when the fact tells it); an older fact (an event
 * delivered late) never overwrites a newer one.
 */
export async function keepRecipient(tx: TxOf<Db>, facts: RecipientFacts, now: Date): Promise<KeptRecipient> {
  return (await keepRecipients(tx, [facts], now)).get(facts.key)!;
}

export interface KeptRecipient {
  key: string;
  email: string;
  name: string;
  locale: string;
}

/**
 * keepRecipient for several recipients in one statement, answering each as it stands after it.
 * Facts for the same key: the newest wins (the first of them on a tie), as one after the other would.
 */
async function keepRecipients(tx: TxOf<Db>, facts: RecipientFacts[], now: Date): Promise<Map<string, KeptRecipient>> {
  const newest = new Map<string, RecipientFacts>();
  for (const fact of facts) {
    const kept = newest.get(fact.key);
    if (!kept || new Date(fact.asOf) > new Date(kept.asOf)) newest.set(fact.key, fact);
  }
  const rows = [...newest.values()].map((fact) => ({
    key: fact.key,
    kind: fact.kind,
    email: fact.email,
    name: fact.name,
    locale: fact.locale ?? null,
    as_of: new Date(fact.asOf).toISOString(),
  }));
  // Not Prisma's upsert (a read, then an insert): two consumers recording the same new recipient
  // at once would collide on the key and one would fail and retry. ON CONFLICT lets both pass.
  // The rows it did not change are read in the same statement (its snapshot: as they stood).
  const answered = await tx.$queryRaw<KeptRecipient[]>`
    WITH facts AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS f(key text, kind text, email text, name text, locale text, as_of timestamptz)
    ), kept AS (
      INSERT INTO recipient (key, kind, email, name, locale, as_of, updated_at)
      SELECT key, kind, email, name, COALESCE(locale, ${DEFAULT_LOCALE}), as_of, ${now} FROM facts
      ON CONFLICT (key) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, as_of = EXCLUDED.as_of,
        updated_at = EXCLUDED.updated_at,
        locale = COALESCE((SELECT f.locale FROM facts f WHERE f.key = EXCLUDED.key), recipient.locale)
      WHERE recipient.as_of < EXCLUDED.as_of
      RETURNING key, email, name, locale
    )
    SELECT key, email, name, locale FROM kept
    UNION ALL
    SELECT key, email, name, locale FROM recipient
    WHERE key IN (SELECT key FROM facts) AND key NOT IN (SELECT key FROM kept)`;
  return new Map(answered.map((recipient) => [recipient.key, recipient]));
}
