import { randomUUID } from "node:crypto";
import { CartCheckoutSubmittedV1, OrderAcceptedV1, OrderWithdrawnV1, type EventData } from "@mkt/contracts";
import { authorizedCheckoutData } from "@mkt/demo-world";
import { call, eventually } from "@mkt/testing";
import {
  acceptedEnvelope,
  fireDueTimers,
  keepCard,
  recorded,
  startMarket,
  subscriptionsOf,
  type Json,
  type Market,
} from "./support/market.js";

// The buyer's withdrawal end to end in-process (docs/sagas/withdrawal.md): a real checkout through
// payment (the simulated processor authorizes, captures and refunds), order decides the
// withdrawal, payment refunds in full, the subscription ends at once (`withdrawn`) and nothing is
// charged after. Real PostgreSQL and NATS, a frozen clock moved forward; nothing sleeps.

/** The demo line: €299.00 a month before VAT, 20% VAT. */
const ORDER_TOTAL = 35_880;
let market: Market;

beforeAll(async () => {
  // 15 March 2026, 10:00 in Paris: an individual's 14 days end with 29 March, midnight in Paris
  // (22:00 UTC, summer time since that morning).
  market = await startMarket(new Date("2026-03-15T09:00:00.000Z"));
});
afterAll(() => market?.stop());

/**
 * An individual buyer's checkout of one vendor's plan, submitted as the cart does: payment authorizes, order transmits.
 */
async function buyAsIndividual(buyerId: string, vendorId: string) {
  const data = authorizedCheckoutData({ buyerId, vendorIds: [vendorId] }, market.clock.now());
  const submitted: EventData<typeof CartCheckoutSubmittedV1> = {
    checkoutId: data.checkoutId,
    buyer: { ...data.buyer, kind: "individual", name: "Marie Curie", registrationNumber: null, vatNumber: null },
    orders: data.orders.map(({ paymentId: _paymentId, ...order }) => order),
    total: data.total,
    payment: { paymentMethod: "pm_card_visa", saveForRenewals: false },
    submittedAt: market.clock.now().toISOString(),
  };
  const { db, outbox } = market.payment.service.deps;
  await db.transaction((tx) => outbox.add(tx, CartCheckoutSubmittedV1, submitted));
  const orderId = submitted.orders[0]!.orderId;
  await eventually(async () =>
    expect(await market.order.database.query(`SELECT id FROM orders WHERE id = $1`, [orderId])).toHaveLength(1),
  );
  return orderId;
}

const paymentOf = (orderId: string) => call(market.payment.service.url, "GET", `/orders/${orderId}/payment`);

it("refunds an individual in full on day 14, ends its subscription as withdrawn, and charges nothing after", async () => {
  const [buyerId, vendorId] = [randomUUID(), randomUUID()];
  // A saved card, so that a renewal could be charged if the subscription were still running.
  await keepCard(market, buyerId, "pm_card_visa");
  const orderId = await buyAsIndividual(buyerId, vendorId);
  const accepted = await call(market.order.service.url, "POST", `/orders/${orderId}/accept`, { body: { vendorId } });
  expect(accepted.status).toBe(200);
  const [subscriptionId] = await subscriptionsOf(market, orderId, 1);
  await eventually(async () => expect((await paymentOf(orderId)).body.status).toBe("captured"));

  // 29 March, 23:30 in Paris: the last day.
  market.clock.set(new Date("2026-03-29T21:30:00.000Z"));
  const answer = await call(market.order.service.url, "POST", `/orders/${orderId}/withdrawal`, { body: { buyerId } });
  expect(answer).toMatchObject({ status: 200, body: { state: "withdrawn" } });

  const refunded = await eventually(async () => {
    const found = await paymentOf(orderId);
    expect(found.body).toMatchObject({ status: "refunded", refundedAmount: { amount: ORDER_TOTAL } });
    return found.body as Json;
  });
  const [intent] = await market.payment.database.query<Json>(
    "SELECT captured_amount, refunded_amount FROM sim_intent WHERE id = $1",
    [refunded.processorPaymentId],
  );
  expect(intent).toEqual({ captured_amount: ORDER_TOTAL, refunded_amount: ORDER_TOTAL });

  const ended = await eventually(async () => {
    const events = await recorded(market, "subscription.ended", subscriptionId);
    expect(events).toHaveLength(1);
    return events[0]!;
  });
  expect(ended).toMatchObject({ reason: "withdrawn", subscription: { state: "ended", orderId } });
  const [row] = await market.subscription.database.query<Json>(
    `SELECT state, end_reason FROM subscriptions WHERE id = $1`,
    [subscriptionId],
  );
  expect(row).toEqual({ state: "ended", end_reason: "withdrawn" });

  // The next period would have been due on 15 April: nothing is charged.
  market.clock.set(new Date("2026-04-16T09:00:00.000Z"));
  await fireDueTimers(market);
  expect(
    await market.payment.database.query(`SELECT id FROM renewal_charge WHERE subscription_id = $1`, [subscriptionId]),
  ).toEqual([]);
  expect(await recorded(market, "subscription.renewed", subscriptionId)).toEqual([]);
});

it("starts nothing for an order whose withdrawal it heard of before its acceptance (each event has its own consumer)", async () => {
  const [buyerId, vendorId] = [randomUUID(), randomUUID()];
  const orderId = await buyAsIndividual(buyerId, vendorId);
  const accepted = await call(market.order.service.url, "POST", `/orders/${orderId}/accept`, { body: { vendorId } });
  expect(accepted.status).toBe(200);
  await eventually(async () =>
    expect(
      await market.subscription.database.query(`SELECT id FROM subscriptions WHERE order_id = $1`, [orderId]),
    ).toHaveLength(1),
  );
  // The same facts as another order, whose two events reach the subscription service swapped.
  const facts = (await acceptedEnvelope(market, orderId)).data as EventData<typeof OrderAcceptedV1>;
  const swapped = {
    ...facts.order,
    orderId: randomUUID(),
    lines: facts.order.lines.map((line) => ({ ...line, lineId: randomUUID() })),
  };
  const { db, outbox } = market.order.service.deps;
  const now = market.clock.now().toISOString();
  await db.transaction((tx) =>
    outbox.add(tx, OrderWithdrawnV1, {
      order: swapped,
      by: { kind: "buyer", id: buyerId },
      money: "refund-in-full",
      refund: swapped.totals.total,
      lastDay: "2026-03-29",
      withdrawnAt: now,
    }),
  );
  await eventually(async () =>
    expect(
      await market.subscription.database.query(`SELECT 1 FROM withdrawn_order WHERE order_id = $1`, [swapped.orderId]),
    ).toHaveLength(1),
  );
  const late = await db.transaction((tx) =>
    outbox.add(tx, OrderAcceptedV1, { ...facts, order: swapped, acceptedAt: now }),
  );
  await eventually(async () =>
    expect(
      await market.subscription.database.query(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [late.id]),
    ).toHaveLength(1),
  );
  expect(
    await market.subscription.database.query(`SELECT id FROM subscriptions WHERE order_id = $1`, [swapped.orderId]),
  ).toEqual([]);
  expect(
    (await recorded(market, "subscription.started")).filter((data) => data.subscription.orderId === swapped.orderId),
  ).toEqual([]);
});
