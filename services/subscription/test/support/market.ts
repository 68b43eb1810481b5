import { randomUUID } from "node:crypto";
import {
  OrderAcceptedV1,
  PaymentCheckoutAuthorizedV1,
  type EventData,
  type EventEnvelope,
  type OrderLine,
} from "@mkt/contracts";
import { authorizedCheckoutData } from "@mkt/demo-world";
import { orderService } from "@mkt/order/bootstrap";
import { paymentService } from "@mkt/payment/bootstrap";
import { ControllableClock } from "@mkt/service-kit";
import { call, eventually, startServices, type Json, type UnderTestOf } from "@mkt/testing";
import { subscriptionService } from "../../src/bootstrap.js";

export type { Json };
export interface Market {
  payment: UnderTestOf<typeof paymentService>;
  order: UnderTestOf<typeof orderService>;
  subscription: UnderTestOf<typeof subscriptionService>;
  clock: ControllableClock;
  namespace: string;
  api: ReturnType<typeof api>;
  stop(): Promise<void>;
}
type Checkout = EventData<typeof PaymentCheckoutAuthorizedV1>;

/**
 * The payment, order and subscription services in-process, one bus namespace, one frozen clock
 * (tests move it; nothing sleeps): real orders are accepted through order's API, the subscription
 * service consumes the real order.accepted, and its renewal worker charges through payment's API
 * (the simulated processor) and has order issue the invoices.
 */
export async function startMarket(start: Date): Promise<Market> {
  const clock = new ControllableClock({ start, frozen: true });
  const started = await startServices(
    "subscription",
    [
      { name: "payment", definition: paymentService },
      { name: "order", definition: orderService },
      { name: "subscription", definition: subscriptionService },
    ],
    { clock },
  );
  const payment: UnderTestOf<typeof paymentService> = started.services.payment;
  const order: UnderTestOf<typeof orderService> = started.services.order;
  const subscription: UnderTestOf<typeof subscriptionService> = started.services.subscription;
  return {
    payment,
    order,
    subscription,
    clock,
    namespace: started.namespace,
    api: api(subscription.service.url),
    stop: started.stop,
  };
}

/** The subscription service's internal API, as the gateways call it. */
export function api(base: string) {
  return {
    get: (path: string) => call(base, "GET", path),
    post: (path: string, body: Json) => call(base, "POST", path, { body }),
    delete: (path: string) => call(base, "DELETE", path),
  };
}

/**
 * Keeps a card for the buyer's renewals in payment, as a consented checkout (or the buyer's card
 * update) keeps it: a processor customer, the card attached, the saved_payment_method row at the
 * clock's now (the most recent card is the one renewals charge).
 */
export async function keepCard(market: Market, buyerId: string, paymentMethod: string): Promise<void> {
  const { processor, db, clock } = market.payment.service.composed.deps;
  const customerId = await processor.createCustomer(
    { buyerId, email: "buyer@acme.example", name: "ACME Industries SAS" },
    `test:${randomUUID()}:customer`,
  );
  const card = await processor.saveForRenewals(customerId, paymentMethod, `test:${randomUUID()}:attach`);
  await db.client.savedPaymentMethod.create({
    data: {
      buyerId,
      paymentMethodId: paymentMethod,
      customerId,
      ...card,
      consentCheckoutId: randomUUID(),
      savedAt: clock.now(),
    },
  });
}

export interface Purchase {
  checkout: Checkout;
  orderId: string;
  buyerId: string;
  vendorId: string;
  lines: OrderLine[];
}

/**
 * A buyer's checkout of one vendor's plans, as payment publishes it (through the order service's
 * outbox), built with demo-world's builder; waits until its order is transmitted (at the clock's
 * now: the purchase). `lines` changes the builder's one line (or adds more), `timeZone` is the
 * buyer's profile zone carried by the snapshot.
 */
export async function buy(
  market: Market,
  options: { buyerId?: string; vendorId?: string; timeZone?: string; lines?: Partial<OrderLine>[] } = {},
): Promise<Purchase> {
  const vendorId = options.vendorId ?? randomUUID();
  const data = authorizedCheckoutData(
    { vendorIds: [vendorId], ...(options.buyerId ? { buyerId: options.buyerId } : {}) },
    market.clock.now(),
  );
  const draft = data.orders[0]!;
  const base = draft.lines[0]!;
  const lines = (options.lines ?? [{}]).map((change) => ({ ...base, lineId: randomUUID(), ...change }));
  const checkout: Checkout = {
    ...data,
    buyer: { ...data.buyer, ...(options.timeZone ? { timeZone: options.timeZone } : {}) },
    orders: [{ ...draft, lines }],
  };
  const { db, outbox } = market.order.service.deps;
  await db.transaction((tx) => outbox.add(tx, PaymentCheckoutAuthorizedV1, checkout));
  await eventually(async () =>
    expect(await market.order.database.query(`SELECT id FROM orders WHERE id = $1`, [draft.orderId])).toHaveLength(1),
  );
  return { checkout, orderId: draft.orderId, buyerId: checkout.buyer.buyerId, vendorId, lines };
}

/** The vendor accepts the order through the order service's API (order.accepted goes on the bus). */
export async function accept(market: Market, purchase: Purchase): Promise<void> {
  const answer = await call(market.order.service.url, "POST", `/orders/${purchase.orderId}/accept`, {
    body: { vendorId: purchase.vendorId },
  });
  expect(answer.status).toBe(200);
}

/**
 * Buys and has the vendor accept, then waits until the order's subscriptions exist; answers their rows' ids by line.
 */
export async function buyAndAccept(market: Market, options: Parameters<typeof buy>[1] = {}) {
  const purchase = await buy(market, options);
  await accept(market, purchase);
  const ids = await subscriptionsOf(market, purchase.orderId, purchase.lines.length);
  return { ...purchase, subscriptionIds: ids };
}

/** Waits until the order has `count` subscriptions; their ids, in the order's line order. */
export async function subscriptionsOf(market: Market, orderId: string, count: number): Promise<string[]> {
  let rows: { id: string; line_id: string }[] = [];
  await eventually(async () => {
    rows = await market.subscription.database.query(`SELECT id, line_id FROM subscriptions WHERE order_id = $1`, [
      orderId,
    ]);
    expect(rows).toHaveLength(count);
  });
  return rows.map((row) => row.id);
}

/** The order.accepted the order service recorded for an order (its outbox), as the bus carried it. */
export async function acceptedEnvelope(market: Market, orderId: string): Promise<EventEnvelope> {
  const rows = await market.order.database.query<{ payload: EventEnvelope }>(
    `SELECT payload FROM outbox_event WHERE type = $1 AND payload->'data'->'order'->>'orderId' = $2`,
    [OrderAcceptedV1.type, orderId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.payload;
}

/** The same event delivered again, past the broker's dedupe (another Nats-Msg-Id): the inbox must drop it. */
export async function redeliver(market: Market, envelope: EventEnvelope): Promise<void> {
  const { bus } = market.subscription.service;
  await bus.js.publish(bus.wireSubject(OrderAcceptedV1.subject), JSON.stringify(envelope), { msgID: randomUUID() });
}

/** The same fact published again under a new event id (an outbox republished by an operator). */
export async function republish(market: Market, envelope: EventEnvelope): Promise<string> {
  const { db, outbox } = market.order.service.deps;
  const again = await db.transaction((tx) =>
    outbox.add(tx, OrderAcceptedV1, envelope.data as EventData<typeof OrderAcceptedV1>),
  );
  return again.id;
}

/**
 * The events the subscription service recorded of a type (its outbox), optionally about one subscription, oldest first.
 */
export async function recorded(market: Market, type: string, subscriptionId?: string): Promise<Json[]> {
  const rows = await market.subscription.database.query<{ payload: Json }>(
    `SELECT payload FROM outbox_event WHERE type = $1
       AND ($2::text IS NULL OR payload->'data'->'subscription'->>'subscriptionId' = $2) ORDER BY occurred_at, id`,
    [type, subscriptionId ?? null],
  );
  return rows.map((row) => row.payload.data);
}

/**
 * Lets every due timer of the subscription service fire now (the runner also polls; this makes "not before" checks
 * exact).
 */
export async function fireDueTimers(market: Market): Promise<void> {
  while ((await market.subscription.service.timerRunner.fireNext()) === "more");
}
