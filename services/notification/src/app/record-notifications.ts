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
 */
export async function recordNotifications(
  tx: TxOf<Db>,
  eventId: string,
  intents: NotificationIntent[],
  deps: RecordNotificationsDeps,
): Promise<number> {
  let queued = 0;
  for (const intent of await withVendorUsers(tx, intents)) {
    const recipient = await keepRecipient(tx, intent.recipient, deps.now());
    const locale = isLocale(recipient.locale) ? recipient.locale : DEFAULT_LOCALE;
    const email = renderEmail(intent.content, locale, deps.mail);
    const { count } = await tx.notification.createMany({
      data: [
        {
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
        },
      ],
      skipDuplicates: true,
    });
    queued += count;
  }
  if (queued > 0) afterCommit(tx, deps.onQueued);
  return queued;
}

/** Each intent for a vendor's contact, followed by those for its users whose role the template names. */
async function withVendorUsers(tx: TxOf<Db>, intents: NotificationIntent[]): Promise<NotificationIntent[]> {
  const all: NotificationIntent[] = [];
  for (const intent of intents) {
    all.push(intent);
    const vendorId = intent.recipient.key.startsWith("vendor:") ? intent.recipient.key.slice("vendor:".length) : null;
    if (!vendorId || !VENDOR_TEMPLATE_ROLES[intent.content.template]) continue;
    const users = await tx.vendorUser.findMany({ where: { vendorId, active: true }, orderBy: { userId: "asc" } });
    all.push(...vendorUserIntents(intent, users));
  }
  return all;
}

/**
 * Upserts the recipient (with its language when the fact tells it); an older fact (an event
 * delivered late) never overwrites a newer one.
 */
export async function keepRecipient(tx: TxOf<Db>, facts: RecipientFacts, now: Date) {
  const asOf = new Date(facts.asOf);
  const fields = {
    email: facts.email,
    name: facts.name,
    asOf,
    updatedAt: now,
    ...(facts.locale ? { locale: facts.locale } : {}),
  };
  // Not Prisma's upsert (a read, then an insert): two consumers recording the same new recipient
  // at once would collide on the key and one would fail and retry. ON CONFLICT lets both pass.
  await tx.$executeRaw`
    INSERT INTO recipient (key, kind, email, name, locale, as_of, updated_at)
    VALUES (${facts.key}, ${facts.kind}, ${fields.email}, ${fields.name}, ${fields.locale ?? DEFAULT_LOCALE}, ${asOf}, ${now})
    ON CONFLICT (key) DO NOTHING`;
  await tx.recipient.updateMany({ where: { key: facts.key, asOf: { lt: asOf } }, data: fields });
  return tx.recipient.findUniqueOrThrow({ where: { key: facts.key } });
}
