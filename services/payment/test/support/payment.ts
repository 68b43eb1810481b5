import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { CartCheckoutSubmittedV1, EventData, EventDefinition, EventEnvelope, OrderFacts } from "@mkt/contracts";
import { startServiceForTest, type ServiceUnderTest } from "@mkt/testing";
import { paymentService, type Db, type PaymentComposition } from "../../src/bootstrap.js";
import type { PaymentSettings } from "../../src/settings.js";

import type { Json } from "@mkt/testing";

export type { Json };
export type PaymentUnderTest = ServiceUnderTest<Db, PaymentSettings, PaymentComposition>;

export function startPayment(namespace: string, env: Record<string, string> = {}): Promise<PaymentUnderTest> {
  return startServiceForTest(paymentService, {
    namespace,
    migrationsDir: join(__dirname, "../../prisma/migrations"),
    env: { PAYMENT_WORK_POLL_MS: "50", PAYMENT_PUBLIC_URL: "http://payment.test", ...env },
  });
}

/**
 * Publishes an event as its producer does: through an outbox (here the started payment
 * service's own, whose relay puts it on the bus), so these tests depend on the event contracts only.
 */
export async function publish<D extends EventDefinition>(
  service: PaymentUnderTest,
  definition: D,
  data: EventData<D>,
): Promise<EventEnvelope<EventData<D>>> {
  const { db, outbox } = service.service.deps;
  return db.transaction(async (tx) => outbox.add(tx, definition, data));
}

/** The same event delivered again, past the broker's dedupe (another Nats-Msg-Id): the inbox must drop it. */
export async function redeliver(
  service: PaymentUnderTest,
  definition: EventDefinition,
  envelope: EventEnvelope,
): Promise<void> {
  const { bus } = service.service;
  await bus.js.publish(bus.wireSubject(definition.subject), JSON.stringify(envelope), { msgID: randomUUID() });
}

export async function http(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; text: string }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: Json;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text };
}

/** Events the payment service recorded in its outbox, of one type, oldest first. */
export async function emitted(service: PaymentUnderTest, type: string): Promise<Json[]> {
  const rows = await service.database.query<{ payload: Json }>(
    "SELECT payload FROM outbox_event WHERE type = $1 ORDER BY created_at, id",
    [type],
  );
  return rows.map((row) => row.payload);
}

export function buyer(buyerId: string = randomUUID()) {
  return {
    buyerId,
    kind: "company" as const,
    name: "ACME Industries SAS",
    email: "buyer@acme.example",
    locale: "en" as const,
    registrationNumber: "732829320",
    vatNumber: "FR44732829320",
    address: { line1: "1 rue de Rivoli", postalCode: "75001", city: "Paris", country: "FR" },
    country: "FR",
  };
}

export function draft(total: number, vendorId: string = randomUUID()) {
  const subtotal = Math.round(total / 1.2);
  return {
    orderId: randomUUID(),
    vendor: {
      vendorId,
      legalName: "Nuage Souverain SAS",
      publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00" },
      registrationNumber: "732829320",
      vatNumber: "FR44732829320",
      registeredAddress: { line1: "12 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
    },
    lines: [
      {
        lineId: randomUUID(),
        productId: randomUUID(),
        productName: "Kubernetes managé",
        planId: randomUUID(),
        planName: "Standard",
        billingCycle: "monthly" as const,
        commitmentMonths: 0,
        trialDays: 0,
        quantity: 1,
        unitPrice: { amount: subtotal, currency: "EUR" },
        amount: { amount: subtotal, currency: "EUR" },
      },
    ],
    vatTreatment: { kind: "standard" as const, rateBasisPoints: 2000, mention: null },
    totals: {
      subtotal: { amount: subtotal, currency: "EUR" },
      vat: { amount: total - subtotal, currency: "EUR" },
      total: { amount: total, currency: "EUR" },
      fee: { amount: Math.round(total * 0.03), currency: "EUR" },
    },
  };
}

export function checkoutSubmitted(
  paymentMethod: string,
  totals: number[] = [12_000],
  options: { saveForRenewals?: boolean; buyerId?: string } = {},
): EventData<typeof CartCheckoutSubmittedV1> {
  const orders = totals.map((total) => draft(total));
  return {
    checkoutId: randomUUID(),
    buyer: buyer(options.buyerId),
    orders,
    total: { amount: totals.reduce((a, b) => a + b, 0), currency: "EUR" },
    payment: { paymentMethod, saveForRenewals: options.saveForRenewals ?? false },
    submittedAt: "2026-11-24T10:00:00.000Z",
  };
}

/** The order as order.* events carry it, once transmitted. */
export function orderFacts(
  checkout: EventData<typeof CartCheckoutSubmittedV1>,
  index: number,
  paymentId: string,
): OrderFacts {
  const order = checkout.orders[index]!;
  return {
    ...order,
    checkoutId: checkout.checkoutId,
    buyer: checkout.buyer,
    paymentId,
    transmittedAt: "2026-11-24T10:00:01.000Z",
    reminderAt: "2026-11-25T10:00:01.000Z",
    validationDueAt: "2026-11-26T10:00:01.000Z",
    autoCancelAt: "2026-11-29T10:00:01.000Z",
  };
}

/**
 * A checkout's PaymentIntents at the simulated processor, in its orders' order (they are created at once: the creation
 * time ties).
 */
export async function checkoutIntents(service: PaymentUnderTest, checkoutId: string): Promise<Json[]> {
  return service.database.query(
    `SELECT i.* FROM sim_intent i LEFT JOIN payment p ON p.id = i.metadata->>'paymentId'
     WHERE i.metadata->>'checkoutId' = $1 ORDER BY p.position, i.created_at`,
    [checkoutId],
  );
}
