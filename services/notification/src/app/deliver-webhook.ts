import { uuidv7 } from "@mkt/service-kit";
import { type DeliveryAttempt } from "../delivery/queue.js";
import type { Db } from "../db/client.js";
import { WEBHOOK_HEADERS, signWebhook } from "../domain/webhook-signature.js";

/** The receiver did not answer 2xx (or did not answer): recorded, and thrown so the queue retries. */
export class WebhookAttemptFailed extends Error {
  constructor(
    readonly deliveryId: string,
    readonly reason: string,
  ) {
    super(`webhook delivery ${deliveryId} failed: ${reason}`);
    this.name = "WebhookAttemptFailed";
  }
}

export type WebhookOutcome = "delivered" | "already-delivered" | "already-failed" | "endpoint-disabled" | "unknown";

export interface DeliverWebhookDeps {
  client: Db;
  now: () => Date;
  timeoutMs: number;
  /** Real time for the signature's timestamp: receivers compare it with their own clock. */
  unixSeconds?: () => number;
  /**
   * When a job whose attempt failed counts as lost if still undelivered (domain/redelivery.ts); null after the last.
   */
  redeliverAfterFailure: (attempt: DeliveryAttempt) => Date | null;
}

/**
 * One attempt at POSTing a delivery: signed `{ id, type, version, occurredAt, data }`, 2xx =
 * delivered. Every attempt is recorded (time, status or network error, duration); a failed one
 * is rethrown so the delivery queue retries it, and the delivery is `failed` after the last.
 * At-least-once: a crash between the receiver's 2xx and our commit sends it again, with the same
 * Marketplace-Event-Id, on which receivers dedupe.
 */
export async function deliverWebhook(
  deps: DeliverWebhookDeps,
  deliveryId: string,
  attempt: DeliveryAttempt,
): Promise<WebhookOutcome> {
  const delivery = await deps.client.webhookDelivery.findUnique({
    where: { id: deliveryId },
    include: { endpoint: true },
  });
  if (!delivery) return "unknown";
  if (delivery.status === "delivered") return "already-delivered";
  if (delivery.status === "failed") return "already-failed";
  if (delivery.endpoint.disabledAt) {
    await deps.client.webhookDelivery.updateMany({
      where: { id: deliveryId, status: "pending" },
      data: { status: "failed", lastError: "endpoint disabled" },
    });
    return "endpoint-disabled";
  }

  const body = JSON.stringify(delivery.payload);
  const timestamp = deps.unixSeconds?.() ?? Math.floor(Date.now() / 1000);
  const startedAt = deps.now();
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.endpoint.url, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/json",
        "user-agent": "Marketplace-Webhooks/1.0",
        [WEBHOOK_HEADERS.signature]: signWebhook(delivery.endpoint.secret, timestamp, body),
        [WEBHOOK_HEADERS.eventId]: delivery.eventId,
        [WEBHOOK_HEADERS.eventType]: delivery.eventType,
      },
      body,
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    statusCode = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
  } catch (failure) {
    error = networkError(failure, deps.timeoutMs);
  }
  const durationMs = Math.max(0, Math.round(performance.now() - started));
  const ok = error === null;

  await deps.client.$transaction([
    deps.client.webhookAttempt.create({
      data: {
        id: uuidv7(startedAt.getTime()),
        deliveryId,
        at: startedAt,
        statusCode,
        error: ok ? null : error,
        durationMs,
      },
    }),
    deps.client.webhookDelivery.update({
      where: { id: deliveryId },
      data: ok
        ? {
            status: "delivered",
            deliveredAt: deps.now(),
            attempts: { increment: 1 },
            lastStatusCode: statusCode,
            lastError: null,
            redeliverAt: null,
          }
        : {
            status: attempt.isLast ? "failed" : "pending",
            attempts: { increment: 1 },
            lastStatusCode: statusCode,
            lastError: error,
            redeliverAt: attempt.isLast ? null : deps.redeliverAfterFailure(attempt),
          },
    }),
  ]);
  if (!ok) throw new WebhookAttemptFailed(deliveryId, error!);
  return "delivered";
}

function networkError(failure: unknown, timeoutMs: number): string {
  if (failure instanceof Error && (failure.name === "TimeoutError" || failure.name === "AbortError"))
    return `no answer within ${timeoutMs} ms`;
  const cause = (failure as { cause?: { code?: string; message?: string } })?.cause;
  const text = cause?.code
    ? `${cause.code}${cause.message ? `: ${cause.message}` : ""}`
    : failure instanceof Error
      ? failure.message
      : String(failure);
  return text.slice(0, 2000);
}
