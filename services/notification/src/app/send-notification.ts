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
  /** When a job whose attempt failed counts as lost if the email is still unsent (domain/redelivery.ts); null after the last. */
  redeliverAfterFailure: (attempt: DeliveryAttempt) => Date | null;
}

/**
 * Sends one queued notification, at most once: the row is locked while its email goes out (a
 * duplicate job meanwhile finds it busy), an email already sent is skipped, and it is marked sent
 * in the same transaction. A failed attempt is recorded (attempts, last error; `failed` after the
 * last one) and rethrown, so the delivery queue retries it. If the process dies after the SMTP
 * server accepted the email but before the commit, the next attempt sends it again, with the same
 * Message-ID: that one resend is the price of not holding the email back until we are sure.
 */
export async function sendNotification(
  deps: SendNotificationDeps,
  notificationId: string,
  attempt: DeliveryAttempt,
): Promise<SendOutcome> {
  let result;
  try {
    result = await deps.client.$transaction((tx) => attemptOnce(tx, deps, notificationId, attempt), {
      timeout: deps.timeoutMs,
      maxWait: 5_000,
    });
  } catch (error) {
    if (isLockTimeout(error)) throw new NotificationBusyError(notificationId);
    throw error;
  }
  // Thrown after the commit, so that the failure stays recorded.
  if (result.outcome === "attempt-failed") throw result.error;
  return result.outcome;
}

async function attemptOnce(tx: TxOf<Db>, deps: SendNotificationDeps, notificationId: string, attempt: DeliveryAttempt) {
  // Waits (bounded) rather than skips: the usual holder is the dispatcher, whose transaction
  // commits enqueued_at a moment after the broker handed us the job; otherwise it is a duplicate
  // job being sent, after which this one finds the notification sent.
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(deps.lockTimeoutMs))}`);
  const locked = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id::text AS id FROM notification WHERE id = ${notificationId}::uuid FOR UPDATE`;
  if (locked.length === 0) return { outcome: "unknown" as const };
  const notification = await tx.notification.findUniqueOrThrow({ where: { id: notificationId } });
  if (notification.status === "sent") return { outcome: "already-sent" as const };
  if (notification.status === "failed") return { outcome: "already-failed" as const };

  const messageId = messageIdFor(notification.id, deps.from);
  try {
    await deps.mailer.send({
      notificationId: notification.id,
      from: deps.from,
      to: notification.toAddress,
      subject: notification.subject,
      text: notification.textBody,
      html: notification.htmlBody,
      messageId,
      locale: notification.locale,
    });
  } catch (error) {
    await tx.notification.update({
      where: { id: notification.id },
      data: {
        attempts: { increment: 1 },
        lastError: errorText(error),
        status: attempt.isLast ? "failed" : "queued",
        redeliverAt: attempt.isLast ? null : deps.redeliverAfterFailure(attempt),
      },
    });
    return { outcome: "attempt-failed" as const, error };
  }
  await tx.notification.update({
    where: { id: notification.id },
    data: {
      status: "sent",
      sentAt: deps.now(),
      messageId,
      attempts: { increment: 1 },
      lastError: null,
      redeliverAt: null,
    },
  });
  return { outcome: "sent" as const };
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
