import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { EventData, EventDefinition, EventEnvelope } from "@mkt/contracts";
import { ControllableClock } from "@mkt/service-kit";
import { startServiceForTest, uniqueBusNamespace, type Json, type ServiceUnderTest } from "@mkt/testing";
import { payoutService, type Db } from "../../src/bootstrap.js";

export type PayoutUnderTest = ServiceUnderTest<Db, Record<string, never>>;

export const DAY = 24 * 60 * 60 * 1000;
export const migrationsDir = join(__dirname, "../../prisma/migrations");

/** The payout service on its own database, its clock frozen (tests move it; nothing sleeps). */
export async function startPayout(namespace = uniqueBusNamespace("payout")) {
  const clock = new ControllableClock({ start: new Date("2026-03-02T09:00:00.000Z"), frozen: true });
  const payout: PayoutUnderTest = await startServiceForTest(payoutService, { namespace, migrationsDir, clock });
  return { payout, clock, namespace, get: getter(payout.service.url) };
}

/** A money fact as payment (or subscription) would publish it: through this service's own outbox. */
export async function publish<D extends EventDefinition>(
  payout: PayoutUnderTest,
  definition: D,
  data: EventData<D>,
): Promise<EventEnvelope<EventData<D>>> {
  const { db, outbox } = payout.service.deps;
  return db.client.$transaction((tx) => outbox.add(tx, definition, data));
}

/**
 * The same event delivered again, past the broker's dedupe (another Nats-Msg-Id): the ledger must not book it twice.
 */
export async function redeliver(payout: PayoutUnderTest, definition: EventDefinition, envelope: EventEnvelope) {
  const { bus } = payout.service;
  await bus.js.publish(bus.wireSubject(definition.subject), JSON.stringify(envelope), { msgID: randomUUID() });
}

function getter(base: string) {
  return async (path: string) => {
    const response = await fetch(`${base}${path}`);
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: (text ? JSON.parse(text) : undefined) as Json,
    };
  };
}

export const captured = (
  overrides: { amount?: number; vendorId?: string; paymentId?: string; capturedAt?: string } = {},
) => {
  const amount = overrides.amount ?? 10_000;
  return {
    orderId: randomUUID(),
    paymentId: overrides.paymentId ?? randomUUID(),
    vendorId: overrides.vendorId ?? randomUUID(),
    buyerId: randomUUID(),
    amount: { amount, currency: "EUR" },
    fee: { amount: Math.round((amount * 3) / 100), currency: "EUR" },
    capturedAt: overrides.capturedAt ?? "2026-03-02T09:00:00.000Z",
  };
};
