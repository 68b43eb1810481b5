import type { TxOf } from "@mkt/service-kit";
import type { DeliveryAttempt } from "../delivery/queue.js";
import type { Db } from "../db/client.js";
import { messageIdFor } from "../domain/message-id.js";
import type { Mailer } from "../delivery/mailer.js";

/** Another transaction held this notification past the lock timeout (a duplicate job being sent): try again later. */
export class NotificationBusyError extends Error {
  constructor(notificationId: string) {
    super(`notification ${notificationId} is being sent by another worker`);
    this.name = "NotificationBusyError";
  }
}

export type SendOutcome = "sent" | "already-sent" | "already-failed" | "unknown";

export interface SendNotificationDeps {
  client: Db;
  mailer: Mailer;
  from: string;
  now: () => Date;
  /** Longest the row stays locked: the SMTP exchange's bound plus a margin. */
  timeoutMs: number;
  /** Longest to wait for the row while another transaction holds it. */
  lockTimeoutMs: number;
  /**
   * When a job whose attempt failed counts as lost if the email is still unsent (domain/redelivery.ts); null after the
   * last.
   */
  redeliverAfterFailure: (attempt: DeliveryAttempt) => Date | null;
}

/**
 * Sends one queued notification, at most once: see sendNotifications. Unknown when this
 * database does not hold it.
 */
export async function sendNotification(
  deps: SendNotificationDeps,
  notificationId: string,
  attempt: DeliveryAttempt,
): Promise<SendOutcome> {
  return (await sendNotifications(deps, [notificationId], attempt)).get(notificationId)!;
}

/**
 * Sends queued notifications (a delivery job's), each at most once, in one transaction: the rows
 * are locked while their emails go out (a duplicate job meanwhile finds them busy), an email
 * already sent (or failed for good) is skipped, and the sent ones are marked sent in the same
 * transaction, in one statement. A failed attempt is recorded for its notification (attempts,
 * last error; `failed` after the last one) and, after the commit, the first failure is rethrown,
 * so that the delivery queue retries the job: the emails it sent are then skipped. If the process
 * dies after the SMTP server accepted an email but before the commit, the next attempt sends it
 * again, with the same Message-ID: that one resend is the price of not holding the email back
 * until we are sure.
 */
export async function sendNotifications(
  deps: SendNotificationDeps,
  notificationIds: string[],
  attempt: DeliveryAttempt,
): Promise<Map<string, SendOutcome>> {
  let result;
  try {
    result = await deps.client.$transaction((tx) => attemptOnce(tx, deps, notificationIds, attempt), {
      // The emails go out side by side: one email's bound, plus a margin per email.
      timeout: deps.timeoutMs + 1_000 * notificationIds.length,
      maxWait: 5_000,
    });
  } catch (error) {
    if (isLockTimeout(error)) throw new NotificationBusyError(notificationIds.join(", "));
    throw error;
  }
  // Thrown after the commit, so that the failures stay recorded.
  if (result.failure) throw result.failure.error;
  return result.outcomes;
}

interface LockedNotification {
  id: string;
  status: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  locale: string;
}

async function attemptOnce(tx: TxOf<Db>, deps: SendNotificationDeps, ids: string[], attempt: DeliveryAttempt) {
  // Waits (bounded) rather than skips: the usual holder is the dispatcher, whose transaction
  // commits enqueued_at a moment after the broker handed us the job; otherwise it is a duplicate
  // job being sent, after which this one finds the notifications sent.
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(deps.lockTimeoutMs))}`);
  // Locked in id order (two jobs naming the same rows never deadlock) and read in the same statement.
  const rows = await tx.$queryRaw<LockedNotification[]>`
    SELECT id::text AS id, status, to_address, subject, text_body, html_body, locale FROM notification
    WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  const outcomes = new Map<string, SendOutcome>(ids.map((id) => [id, "unknown"]));
  const toSend: LockedNotification[] = [];
  for (const row of rows) {
    if (row.status === "sent") outcomes.set(row.id, "already-sent");
    else if (row.status === "failed") outcomes.set(row.id, "already-failed");
    else toSend.push(row);
  }
  const results = await Promise.allSettled(
    toSend.map((row) =>
      deps.mailer.send({
        notificationId: row.id,
        from: deps.from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        messageId: messageIdFor(row.id, deps.from),
        locale: row.locale,
      }),
    ),
  );
  const sent = toSend.filter((_, i) => results[i]!.status === "fulfilled").map((row) => row.id);
  const failed = toSend.flatMap((row, i) => {
    const settled = results[i]!;
    return settled.status === "rejected" ? [{ id: row.id, error: settled.reason as unknown }] : [];
  });
  if (sent.length > 0) {
    await tx.$executeRaw`
      UPDATE notification SET status = 'sent', sent_at = ${deps.now()}, message_id = m.message_id,
        attempts = attempts + 1, last_error = NULL, redeliver_at = NULL
      FROM unnest(${sent}::uuid[], ${sent.map((id) => messageIdFor(id, deps.from))}::text[]) AS m(id, message_id)
      WHERE notification.id = m.id`;
    for (const id of sent) outcomes.set(id, "sent");
  }
  if (failed.length > 0) {
    const redeliverAt = attempt.isLast ? null : deps.redeliverAfterFailure(attempt);
    await tx.$executeRaw`
      UPDATE notification SET attempts = attempts + 1, last_error = f.error,
        status = ${attempt.isLast ? "failed" : "queued"}, redeliver_at = ${redeliverAt}
      FROM unnest(${failed.map((f) => f.id)}::uuid[], ${failed.map((f) => errorText(f.error))}::text[]) AS f(id, error)
      WHERE notification.id = f.id`;
  }
  return { outcomes, failure: failed[0] };
}

/** PostgreSQL's lock_not_available (55P03), however the driver adapter wraps it. */
function isLockTimeout(error: unknown): boolean {
  return /55P03|lock timeout/i.test(
    `${(error as { code?: unknown })?.code ?? ""} ${error instanceof Error ? error.message : String(error)} ${JSON.stringify((error as { meta?: unknown })?.meta ?? "")}`,
  );
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}
