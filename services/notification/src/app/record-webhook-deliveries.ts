import { afterCommit, uuidv7, type TxOf } from "@mkt/service-kit";
import type { EventEnvelope } from "@mkt/contracts";
import type { Db } from "../db/client.js";
import { webhookBody } from "../domain/webhook-payload.js";

export interface RecordWebhookDeliveriesDeps {
  now: () => Date;
  /** Called once the transaction that recorded deliveries has committed (wakes the dispatcher). */
  onRecorded: () => void;
}

export { webhookBody } from "../domain/webhook-payload.js";

/**
 * In the event handler's transaction: one pending delivery per enabled endpoint of the vendor
 * the event concerns that subscribed to its type. UNIQUE(endpoint, event) makes a second
 * recording of the same event a no-op. Returns how many deliveries were recorded.
 */
export async function recordWebhookDeliveries(
  tx: TxOf<Db>,
  vendorId: string,
  event: EventEnvelope,
  deps: RecordWebhookDeliveriesDeps,
): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { vendorId, disabledAt: null, eventTypes: { has: event.type } },
    select: { id: true },
  });
  if (endpoints.length === 0) return 0;
  const now = deps.now();
  const payload = webhookBody(event) as object;
  const { count } = await tx.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({
      id: uuidv7(now.getTime()),
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      payload,
      status: "pending",
      createdAt: now,
    })),
    skipDuplicates: true,
  });
  if (count > 0) afterCommit(tx, deps.onRecorded);
  return count;
}
