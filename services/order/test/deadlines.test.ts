import { deleteBusNamespace, eventually } from "@mkt/testing";
import {
  draft,
  fireDueTimers,
  HOUR,
  placeCheckout,
  recorded,
  restartOrder,
  startOrder,
  type OrderUnderTest,
} from "./support/order.js";

// The 24 h / 48 h / 5 day deadlines, on a frozen clock that the tests move (nothing sleeps).
// Each test runs its own service and database: moving time must not disturb another test's orders.

let running: Awaited<ReturnType<typeof startOrder>>;
let order: OrderUnderTest;
let api: Awaited<ReturnType<typeof startOrder>>["api"];

beforeEach(async () => {
  running = await startOrder();
  ({ order, api } = running);
});
afterEach(async () => {
  await order.stop();
  await deleteBusNamespace(running.namespace);
});

/**
 * Moves the clock to `hours` after the checkout's transmission (2026-03-15T09:00Z) and waits until
 * every timer due by then has fired (committed), whichever runner claimed it.
 */
async function at(hours: number) {
  const now = running.clock.set(new Date(new Date("2026-03-15T09:00:00.000Z").getTime() + hours * HOUR));
  await fireDueTimers(order);
  await eventually(async () => {
    const due = await order.database.query(`SELECT 1 FROM timer WHERE status = 'pending' AND due_at <= $1`, [now]);
    expect(due).toHaveLength(0);
  });
}

describe("the validation reminder", () => {
  it("reminds the vendor at 24 hours, not before, and only while it has not answered", async () => {
    const [waiting, answered] = [draft(), draft()];
    await placeCheckout(order, [waiting, answered]);
    await api.post(`/orders/${answered.orderId}/accept`, { vendorId: answered.vendor.vendorId });

    await at(23.99);
    expect(await recorded(order, "order.validation-reminder")).toHaveLength(0);

    await at(24);
    await eventually(async () =>
      expect(await recorded(order, "order.validation-reminder", waiting.orderId)).toHaveLength(1),
    );
    expect((await recorded(order, "order.validation-reminder", waiting.orderId))[0]).toMatchObject({
      remindedAt: "2026-03-16T09:00:00.000Z",
    });
    expect(await recorded(order, "order.validation-reminder", answered.orderId)).toHaveLength(0);
    expect((await api.get(`/orders/${waiting.orderId}`)).body).toMatchObject({
      state: "transmitted",
      remindedAt: "2026-03-16T09:00:00.000Z",
    });
  });
});

describe("an unanswered order", () => {
  it("becomes overdue at 48 hours: order.overdue, listed for operators, the buyer may cancel from then on", async () => {
    const d = draft();
    const { checkout } = await placeCheckout(order, [d]);
    const buyerId = checkout.buyer.buyerId;

    await at(47.99);
    const early = await api.post(`/orders/${d.orderId}/cancel`, { buyerId });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      type: "/problems/order-not-overdue-yet",
      orderState: "transmitted",
      possibleFrom: "2026-03-17T09:00:00.000Z",
    });
    expect(early.body.detail).toContain("2026-03-17T09:00:00.000Z");
    expect(await recorded(order, "order.overdue")).toHaveLength(0);
    expect((await api.get(`/orders?overdue=true`)).body.items).toHaveLength(0);

    await at(48);
    await eventually(async () =>
      expect(await recorded(order, "order.overdue", d.orderId)).toEqual([
        expect.objectContaining({ overdueAt: "2026-03-17T09:00:00.000Z" }),
      ]),
    );
    const overdue = await api.get(`/orders?overdue=true`);
    expect(overdue.body.items).toEqual([expect.objectContaining({ orderId: d.orderId, state: "overdue" })]);

    const refusal = await api.post(`/orders/${d.orderId}/refuse`, { vendorId: d.vendor.vendorId, reason: "too late" });
    expect(refusal.status).toBe(409);

    const { status, body } = await api.post(`/orders/${d.orderId}/cancel`, { buyerId });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      state: "cancelled",
      cancellationReason: "buyer-cancelled-overdue",
      timeline: [
        { to: "transmitted" },
        { from: "transmitted", to: "overdue", actor: { kind: "system" } },
        { from: "overdue", to: "cancelled", actor: { kind: "buyer", id: buyerId } },
      ],
    });
    expect(await recorded(order, "order.cancelled", d.orderId)).toEqual([
      expect.objectContaining({ reason: "buyer-cancelled-overdue", by: { kind: "buyer", id: buyerId } }),
    ]);
    expect((await api.get(`/orders?overdue=true`)).body.items).toHaveLength(0);

    // Nothing fires any more for it.
    await at(120);
    expect(await recorded(order, "order.cancelled", d.orderId)).toHaveLength(1);
  });

  it("can still be accepted late, and is then neither cancelled nor reminded", async () => {
    const d = draft();
    await placeCheckout(order, [d]);
    await at(50);
    await eventually(async () => expect((await api.get(`/orders/${d.orderId}`)).body.state).toBe("overdue"));
    const { status, body } = await api.post(`/orders/${d.orderId}/accept`, { vendorId: d.vendor.vendorId });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      state: "accepted",
      acceptedLate: true,
      timeline: [{}, { to: "overdue" }, { from: "overdue", to: "accepted", note: expect.stringContaining("late") }],
    });
    expect(await recorded(order, "order.accepted", d.orderId)).toEqual([expect.objectContaining({ late: true })]);

    await at(121);
    expect((await api.get(`/orders/${d.orderId}`)).body.state).toBe("accepted");
    expect(await recorded(order, "order.cancelled", d.orderId)).toHaveLength(0);
  });

  it("is cancelled automatically 5 days after transmission (expired-unanswered), and can no longer be accepted", async () => {
    const d = draft();
    await placeCheckout(order, [d]);
    await at(24);
    await at(48);
    await eventually(async () => expect(await recorded(order, "order.overdue", d.orderId)).toHaveLength(1));
    await at(119.99);
    expect(await recorded(order, "order.cancelled")).toHaveLength(0);

    await at(120);
    await eventually(async () =>
      expect(await recorded(order, "order.cancelled", d.orderId)).toEqual([
        expect.objectContaining({
          reason: "expired-unanswered",
          by: { kind: "system", id: null },
          cancelledAt: "2026-03-20T09:00:00.000Z",
        }),
      ]),
    );
    expect((await api.get(`/orders/${d.orderId}`)).body).toMatchObject({
      state: "cancelled",
      cancellationReason: "expired-unanswered",
    });
    expect(await recorded(order, "order.validation-reminder", d.orderId)).toHaveLength(1);
    expect(await recorded(order, "order.overdue", d.orderId)).toHaveLength(1);
    const late = await api.post(`/orders/${d.orderId}/accept`, { vendorId: d.vendor.vendorId });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ orderState: "cancelled" });
  });
});

describe("the deadlines' timers", () => {
  it("survive a restart: what came due while the service was down fires when it is back, once", async () => {
    const d = draft();
    await placeCheckout(order, [d]);
    await order.service.stop();

    // Two replicas come back: each due timer still fires once between them.
    running.clock.set(new Date("2026-03-20T10:00:00.000Z")); // 5 days and an hour later, service down
    const [first, second] = await Promise.all([
      restartOrder(order, running.namespace, running.clock),
      restartOrder(order, running.namespace, running.clock),
    ]);
    try {
      await eventually(async () => {
        const rows = await order.database.query<{ state: string }>(`SELECT state FROM orders WHERE id = $1`, [
          d.orderId,
        ]);
        expect(rows[0]?.state).toBe("cancelled");
      });
      await eventually(async () => {
        const timers = await order.database.query<{ status: string }>(
          `SELECT status FROM timer WHERE key = $1 ORDER BY due_at`,
          [d.orderId],
        );
        // All three were due at once: the auto-cancel fires, and the reminder and the overdue timer
        // either fired first or were disarmed by the cancellation (the replicas race; both are right).
        expect(timers).toHaveLength(3);
        expect(timers.slice(0, 2).every((t) => t.status === "fired" || t.status === "cancelled")).toBe(true);
        expect(timers[2]?.status).toBe("fired");
      });
      // Reminder skipped (the order was already overdue when it fired late), overdue then cancelled, once each.
      expect(await recorded(order, "order.validation-reminder", d.orderId)).toHaveLength(0);
      expect(await recorded(order, "order.overdue", d.orderId)).toHaveLength(1);
      expect(await recorded(order, "order.cancelled", d.orderId)).toEqual([
        expect.objectContaining({ reason: "expired-unanswered" }),
      ]);
      const timeline = await order.database.query<{ to_state: string }>(
        `SELECT to_state FROM order_transition WHERE order_id = $1 ORDER BY seq`,
        [d.orderId],
      );
      expect(timeline.map((t) => t.to_state)).toEqual(["transmitted", "overdue", "cancelled"]);
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
