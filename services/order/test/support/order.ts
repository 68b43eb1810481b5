import { randomUUID } from "node:crypto";
import { join } from "node:path";
import {
  PaymentCheckoutAuthorizedV1,
  type EventData,
  type EventDefinition,
  type EventEnvelope,
  type VendorOrderDraft,
  type VendorSnapshot,
} from "@mkt/contracts";
import { ControllableClock, startService } from "@mkt/service-kit";
import { eventually, startServiceForTest, testSettings, uniqueBusNamespace, type UnderTestOf } from "@mkt/testing";
import { orderService } from "../../src/bootstrap.js";
import { companyBuyer, line, standardVat } from "./fixtures.js";

import type { Json } from "@mkt/testing";

export type { Json };
export type OrderUnderTest = UnderTestOf<typeof orderService>;
export type CheckoutAuthorized = EventData<typeof PaymentCheckoutAuthorizedV1>;

export const HOUR = 60 * 60 * 1000;
export const migrationsDir = join(__dirname, "../../prisma/migrations");

/** The order service on its own database, its clock frozen (tests move it; nothing sleeps). */
export async function startOrder(namespace = uniqueBusNamespace("order")) {
  const clock = new ControllableClock({ start: new Date("2026-03-15T09:00:00.000Z"), frozen: true });
  const order: OrderUnderTest = await startServiceForTest(orderService, { namespace, migrationsDir, clock });
  return { order, clock, namespace, api: api(order.service.url) };
}

/** The same service started again on the same database (a restart, or a second replica). */
export function restartOrder(order: OrderUnderTest, namespace: string, clock: ControllableClock) {
  return startService(orderService, {
    env: testSettings({ DATABASE_URL: order.database.url, BUS_NAMESPACE: namespace }),
    clock,
  });
}

export function api(base: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: (text ? JSON.parse(text) : undefined) as Json,
    };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body?: unknown) => call("POST", path, body ?? {}),
    file: async (path: string) => {
      const response = await fetch(`${base}${path}`);
      return {
        status: response.status,
        contentType: response.headers.get("content-type"),
        bytes: new Uint8Array(await response.arrayBuffer()),
      };
    },
  };
}

export const vendorSnapshot = (vendorId: string = randomUUID(), legalName = "Nuage Souverain SAS"): VendorSnapshot => ({
  vendorId,
  legalName,
  publicContact: {
    email: "ventes@nuage.example",
    phone: "+33 1 84 00 00 00",
    supportUrl: "https://support.nuage.example",
  },
  registrationNumber: "901234567",
  vatNumber: "FR12901234567",
  registeredAddress: { line1: "10 quai de la Rapée", postalCode: "75012", city: "Paris", country: "FR" },
  legalForm: "SAS",
  shareCapital: { amount: 5_000_000, currency: "EUR" },
});

/** One vendor's draft order: `quantity` × 49.00 EUR at 20% VAT. */
export function draft(vendor = vendorSnapshot(), quantity = 2): VendorOrderDraft & { paymentId: string } {
  const subtotal = 4900 * quantity;
  const vat = subtotal / 5;
  return {
    orderId: randomUUID(),
    paymentId: randomUUID(),
    vendor,
    lines: [{ ...line, lineId: randomUUID(), quantity, amount: { amount: subtotal, currency: "EUR" } }],
    vatTreatment: standardVat,
    totals: {
      subtotal: { amount: subtotal, currency: "EUR" },
      vat: { amount: vat, currency: "EUR" },
      total: { amount: subtotal + vat, currency: "EUR" },
      fee: { amount: Math.round((subtotal + vat) * 0.03), currency: "EUR" },
    },
  };
}

/** payment.checkout-authorized for the given drafts (one per vendor in real life). */
export function checkoutAuthorized(
  drafts: ReturnType<typeof draft>[],
  buyerId: string = randomUUID(),
): CheckoutAuthorized {
  const total = drafts.reduce((sum, d) => sum + d.totals.total.amount, 0);
  return {
    checkoutId: randomUUID(),
    buyer: { ...companyBuyer, buyerId },
    orders: drafts,
    total: { amount: total, currency: "EUR" },
    paymentMethod: { brand: "visa", last4: "4242", savedForRenewals: false },
    authorizedAt: new Date().toISOString(),
  };
}

/**
 * Publishes events as their producer does: recorded in one transaction through an outbox (here
 * the started order service's), then relayed to JetStream (as services/notification's tests do).
 */
export async function publish<D extends EventDefinition>(
  order: OrderUnderTest,
  definition: D,
  data: EventData<D>,
): Promise<EventEnvelope<EventData<D>>> {
  const { db, outbox } = order.service.deps;
  return db.client.$transaction((tx) => outbox.add(tx, definition, data));
}

/** The same event delivered again, past the broker's dedupe (another Nats-Msg-Id): the inbox must drop it. */
export async function redeliver(
  order: OrderUnderTest,
  definition: EventDefinition,
  envelope: EventEnvelope,
): Promise<void> {
  const { bus } = order.service;
  await bus.js.publish(bus.wireSubject(definition.subject), JSON.stringify(envelope), { msgID: randomUUID() });
}

/** Publishes a checkout and waits until its orders exist. */
export async function placeCheckout(order: OrderUnderTest, drafts: ReturnType<typeof draft>[], buyerId?: string) {
  const checkout = checkoutAuthorized(drafts, buyerId);
  const envelope = await publish(order, PaymentCheckoutAuthorizedV1, checkout);
  await eventually(async () => {
    const rows = await order.database.query(`SELECT id FROM orders WHERE checkout_id = $1`, [checkout.checkoutId]);
    expect(rows).toHaveLength(drafts.length);
  });
  return { checkout, envelope };
}

/** The events this service recorded of a type (its outbox), optionally about one order, oldest first. */
export async function recorded(order: OrderUnderTest, type: string, orderId?: string): Promise<Json[]> {
  const rows = await order.database.query<{ payload: Json }>(
    `SELECT payload FROM outbox_event WHERE type = $1 AND ($2::text IS NULL OR payload->'data'->'order'->>'orderId' = $2) ORDER BY occurred_at, id`,
    [type, orderId ?? null],
  );
  return rows.map((row) => row.payload.data);
}

/** Lets every due timer fire now (the runner also polls; this makes "not before" checks exact). */
export async function fireDueTimers(order: {
  service: { timerRunner: { fireNext(): Promise<"more" | "idle"> } };
}): Promise<void> {
  while ((await order.service.timerRunner.fireNext()) === "more");
}
