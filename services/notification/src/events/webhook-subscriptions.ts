import { WEBHOOK_EVENT_TYPES, type EventEnvelope } from "@mkt/contracts";
import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordWebhookDeliveries, type RecordWebhookDeliveriesDeps } from "../app/record-webhook-deliveries.js";

// Vendors' webhooks are recorded by the same consumer as the event's emails (subscriptions.ts), in
// the same inbox transaction: one durable read and one inbox row per event, where a second durable
// per event (`notification--<event>-v<n>-webhooks`, retired) read every order event a second time.
// Both recordings are idempotent (UNIQUE keys), so a retry of one redoes the other harmlessly.

/** Whether an endpoint may subscribe to this type: the contract's list (WEBHOOK_EVENT_TYPES) decides. */
export function offeredAsWebhook(type: string): boolean {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * What an event's consumer calls for webhooks: the deliveries to the endpoints of the vendor it
 * concerns, when the contract offers its type to endpoints (an event not offered records nothing,
 * without a query). Bank-details events go out without the full IBAN (webhookBody).
 */
export const webhookRecorder =
  (deps: RecordWebhookDeliveriesDeps | undefined) =>
  async (tx: TxOf<Db>, vendorId: string, event: EventEnvelope): Promise<void> => {
    if (deps && offeredAsWebhook(event.type)) await recordWebhookDeliveries(tx, vendorId, event, deps);
  };
