import { randomUUID } from "node:crypto";
import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually } from "@mkt/testing";
import {
  checkoutAuthorized,
  draft,
  fireDueTimers,
  placeCheckout,
  publish,
  recorded,
  startOrder,
  type OrderUnderTest,
} from "./support/order.js";

// The buyer's legal withdrawal (docs/business-rules.md, Cancelling and refunds) on real PostgreSQL and NATS,
// the clock frozen and moved forward only. Every order is transmitted at the start, on
// 2026-03-15T09:00Z (10:00 in Paris): a company's period ends with 22 March, at midnight in Paris
// (23:00 UTC, Paris being at UTC+1 until 29 March).

let running: Awaited<ReturnType<typeof startOrder>>;
let order: OrderUnderTest;
let api: Awaited<ReturnType<typeof startOrder>>["api"];

const buyerId = randomUUID();
const [unanswered, refused, onDay7, onDay8, individual] = [draft(), draft(), draft(), draft(), draft()];

beforeAll(async () => {
  running = await startOrder();
  ({ order, api } = running);
  await placeCheckout(order, [unanswered, refused, onDay7, onDay8], buyerId);
  // An individual in New York: 14 days, counted on its own calendar (15 March, 05:00 there).
  const checkout = checkoutAuthorized([individual]);
  await publish(order, PaymentCheckoutAuthorizedV1, {
    ...checkout,
    buyer: {
      ...checkout.buyer,
      buyerId,
      kind: "individual",
      name: "Jane Doe",
      registrationNumber: null,
      vatNumber: null,
      timeZone: "America/New_York",
    },
  });
  await eventually(async () =>
    expect(await order.database.query(`SELECT id FROM orders WHERE id = $1`, [individual.orderId])).toHaveLength(1),
  );
  for (const d of [onDay7, onDay8, individual])
    expect((await api.post(`/orders/${d.orderId}/accept`, { vendorId: d.vendor.vendorId })).status).toBe(200);
  expect(
    (await api.post(`/orders/${refused.orderId}/refuse`, { vendorId: refused.vendor.vendorId, reason: "No capacity" }))
      .status,
  ).toBe(200);
});
afterAll(async () => {
  await order.stop();
  await deleteBusNamespace(running.namespace);
});

const withdraw = (orderId: string, by = buyerId) => api.post(`/orders/${orderId}/withdrawal`, { buyerId: by });

describe("a withdrawal", () => {
  it("releases the authorization of an order not accepted yet, and its deadlines no longer apply", async () => {
    running.clock.set(new Date("2026-03-15T12:00:00.000Z"));
    const answer = await withdraw(unanswered.orderId);
    expect(answer).toMatchObject({ status: 200, body: { orderId: unanswered.orderId, state: "withdrawn" } });
    expect(answer.body.timeline.at(-1)).toMatchObject({
      from: "transmitted",
      to: "withdrawn",
      at: "2026-03-15T12:00:00.000Z",
      actor: { kind: "buyer", id: buyerId },
      note: "withdrawn by the buyer: authorization released",
    });
    expect(await recorded(order, "order.withdrawn", unanswered.orderId)).toEqual([
      {
        order: expect.objectContaining({ orderId: unanswered.orderId }),
        by: { kind: "buyer", id: buyerId },
        money: "release-authorization",
        refund: null,
        lastDay: "2026-03-22",
        withdrawnAt: "2026-03-15T12:00:00.000Z",
      },
    ]);
    const armed = await order.database.query(`SELECT type FROM timer WHERE key = $1 AND status = 'pending'`, [
      unanswered.orderId,
    ]);
    expect(armed).toEqual([]);
  });

  it("is another buyer's 404, a refused order's 409, and a 400 without a buyer", async () => {
    expect((await withdraw(onDay7.orderId, randomUUID())).status).toBe(404);
    expect((await withdraw(randomUUID())).status).toBe(404);
    expect(await withdraw(refused.orderId)).toMatchObject({
      status: 409,
      contentType: expect.stringContaining("application/problem+json"),
      body: { type: expect.stringContaining("order-state-conflict"), orderState: "refused" },
    });
    expect((await api.post(`/orders/${onDay7.orderId}/withdrawal`, {})).status).toBe(400);
  });

  it("refunds a company in full on day 7, until midnight in Paris, and answers the same when asked twice", async () => {
    running.clock.set(new Date("2026-03-22T22:59:00.000Z")); // 23:59 in Paris
    await fireDueTimers(order);
    const answer = await withdraw(onDay7.orderId);
    expect(answer).toMatchObject({ status: 200, body: { state: "withdrawn" } });
    expect(answer.body.timeline.at(-1)).toMatchObject({ from: "accepted", to: "withdrawn" });
    const again = await withdraw(onDay7.orderId);
    expect(again).toMatchObject({ status: 200, body: { state: "withdrawn", timeline: answer.body.timeline } });
    expect(await recorded(order, "order.withdrawn", onDay7.orderId)).toEqual([
      expect.objectContaining({
        money: "refund-in-full",
        refund: onDay7.totals.total,
        lastDay: "2026-03-22",
        withdrawnAt: "2026-03-22T22:59:00.000Z",
      }),
    ]);
  });

  it("is refused on day 8 with the day the period ended, and the order stays as it was", async () => {
    running.clock.set(new Date("2026-03-22T23:00:00.000Z")); // 23 March, 00:00 in Paris
    const answer = await withdraw(onDay8.orderId);
    expect(answer).toMatchObject({
      status: 409,
      contentType: expect.stringContaining("application/problem+json"),
      body: {
        type: expect.stringContaining("withdrawal-period-ended"),
        lastDay: "2026-03-22",
        orderState: "accepted",
        detail: expect.stringContaining("ended on 2026-03-22"),
      },
    });
    expect((await api.get(`/orders/${onDay8.orderId}`)).body.state).toBe("accepted");
    expect(await recorded(order, "order.withdrawn", onDay8.orderId)).toEqual([]);
  });

  it("counts an individual's 14 days on the buyer's own calendar, outside Paris", async () => {
    // 29 March, 23:59 in New York (UTC-4): already 30 March in Paris, still the last day there.
    running.clock.set(new Date("2026-03-30T03:59:00.000Z"));
    expect(await withdraw(individual.orderId)).toMatchObject({ status: 200, body: { state: "withdrawn" } });
    expect(await recorded(order, "order.withdrawn", individual.orderId)).toEqual([
      expect.objectContaining({ money: "refund-in-full", lastDay: "2026-03-29" }),
    ]);
    // Nothing left to withdraw once the period is over either: the same answer.
    running.clock.set(new Date("2026-04-10T00:00:00.000Z"));
    expect(await withdraw(individual.orderId)).toMatchObject({ status: 200, body: { state: "withdrawn" } });
  });
});
