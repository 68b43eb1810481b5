import { randomUUID } from "node:crypto";
import {
  CartCheckoutSubmittedV1,
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderCheckoutFailedV1,
  OrderRefusedV1,
  type EventData,
} from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import {
  checkoutSubmitted,
  emitted,
  http,
  orderFacts,
  publish,
  redeliver,
  startPayment,
  type Json,
  type PaymentUnderTest,
} from "./support/payment.js";

const namespace = uniqueBusNamespace("payment-settle");
let payment: PaymentUnderTest;
let base: string;

beforeAll(async () => {
  payment = await startPayment(namespace);
  base = payment.service.url;
});
afterAll(async () => {
  await payment?.stop();
  await deleteBusNamespace(namespace);
});

/** A checkout authorized on pm_card_visa, with its payments. */
async function authorized(
  totals: number[],
): Promise<{ checkout: EventData<typeof CartCheckoutSubmittedV1>; payments: Json[] }> {
  const checkout = checkoutSubmitted("pm_card_visa", totals);
  await publish(payment, CartCheckoutSubmittedV1, checkout);
  const answer = await eventually(async () => {
    const found = await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`);
    expect(found.body.status).toBe("authorized");
    return found.body;
  });
  return { checkout, payments: answer.payments };
}

async function orderPayment(orderId: string, status: string): Promise<Json> {
  return eventually(async () => {
    const found = await http(base, "GET", `/orders/${orderId}/payment`);
    expect(found.body.status).toBe(status);
    return found.body;
  });
}

const vendor = { kind: "vendor" as const, id: randomUUID() };
const at = "2026-11-24T12:00:00.000Z";

describe("an order's authorization after the vendor's answer", () => {
  it("order.accepted captures it: payment.captured with the 3% fee", async () => {
    const { checkout, payments } = await authorized([12_000]);
    const envelope = await publish(payment, OrderAcceptedV1, {
      order: orderFacts(checkout, 0, payments[0].paymentId),
      by: vendor,
      late: false,
      acceptedAt: at,
    });
    const captured = await orderPayment(checkout.orders[0]!.orderId, "captured");
    expect(captured).toMatchObject({
      capturedAmount: { amount: 12_000 },
      refundableAmount: { amount: 12_000 },
      releasedAmount: { amount: 0 },
    });
    await redeliver(payment, OrderAcceptedV1, envelope);
    const events = await eventually(async () => {
      const found = (await emitted(payment, "payment.captured")).filter(
        (e) => e.data.orderId === checkout.orders[0]!.orderId,
      );
      expect(found).toHaveLength(1);
      return found;
    });
    expect(events[0].data).toMatchObject({
      paymentId: payments[0].paymentId,
      vendorId: checkout.orders[0]!.vendor.vendorId,
      buyerId: checkout.buyer.buyerId,
      amount: { amount: 12_000, currency: "EUR" },
      fee: { amount: 360, currency: "EUR" },
    });
    const [intent] = await payment.database.query<Json>(
      "SELECT status, captured_amount FROM sim_intent WHERE id = $1",
      [captured.processorPaymentId],
    );
    expect(intent).toEqual({ status: "succeeded", captured_amount: 12_000 });
  });

  it("order.refused releases it: payment.released, nothing captured", async () => {
    const { checkout, payments } = await authorized([5_000, 2_000]);
    await publish(payment, OrderRefusedV1, {
      order: orderFacts(checkout, 0, payments[0].paymentId),
      by: vendor,
      reason: "Out of capacity",
      refusedAt: at,
    });
    const released = await orderPayment(checkout.orders[0]!.orderId, "released");
    expect(released).toMatchObject({ releasedAmount: { amount: 5_000 }, capturedAmount: { amount: 0 } });
    const [intent] = await payment.database.query<Json>("SELECT status FROM sim_intent WHERE id = $1", [
      released.processorPaymentId,
    ]);
    expect(intent.status).toBe("canceled");
    const events = await eventually(async () => {
      const found = (await emitted(payment, "payment.released")).filter(
        (e) => e.data.orderId === checkout.orders[0]!.orderId,
      );
      expect(found).toHaveLength(1);
      return found;
    });
    expect(events[0].data).toMatchObject({
      paymentId: payments[0].paymentId,
      amount: { amount: 5_000, currency: "EUR" },
    });
    // The other vendor's order is untouched.
    expect((await http(base, "GET", `/orders/${checkout.orders[1]!.orderId}/payment`)).body.status).toBe("authorized");
  });

  it("order.checkout-failed releases every authorization of the checkout (no order was created)", async () => {
    const { checkout } = await authorized([3_000, 4_000]);
    await publish(payment, OrderCheckoutFailedV1, {
      checkoutId: checkout.checkoutId,
      buyerId: checkout.buyer.buyerId,
      orderIds: checkout.orders.map((o) => o.orderId),
      reason: "duplicate key",
      failedAt: at,
    });
    for (const order of checkout.orders) await orderPayment(order.orderId, "released");
  });

  it("order.cancelled releases it; an acceptance arriving after the release is ignored", async () => {
    const { checkout, payments } = await authorized([8_000]);
    await publish(payment, OrderCancelledV1, {
      order: orderFacts(checkout, 0, payments[0].paymentId),
      by: { kind: "system", id: null },
      reason: "expired-unanswered",
      cancelledAt: at,
    });
    await orderPayment(checkout.orders[0]!.orderId, "released");
    await publish(payment, OrderAcceptedV1, {
      order: orderFacts(checkout, 0, payments[0].paymentId),
      by: vendor,
      late: true,
      acceptedAt: at,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await http(base, "GET", `/orders/${checkout.orders[0]!.orderId}/payment`)).body.status).toBe("released");
    expect(
      (await emitted(payment, "payment.captured")).filter((e) => e.data.orderId === checkout.orders[0]!.orderId),
    ).toHaveLength(0);
  });
});

describe("refunds (POST /payments/:paymentId/refunds)", () => {
  async function capturedPayment(total: number): Promise<Json> {
    const { checkout, payments } = await authorized([total]);
    await publish(payment, OrderAcceptedV1, {
      order: orderFacts(checkout, 0, payments[0].paymentId),
      by: vendor,
      late: false,
      acceptedAt: at,
    });
    return orderPayment(checkout.orders[0]!.orderId, "captured");
  }
  const refund = (paymentId: string, body: unknown, key = randomUUID()) =>
    http(base, "POST", `/payments/${paymentId}/refunds`, body, { "idempotency-key": key });

  it("refund everything captured: payment.refunded, the payment refunded", async () => {
    const captured = await capturedPayment(10_000);
    const answer = await refund(captured.paymentId, { reason: "Service never delivered" });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      amount: { amount: 10_000, currency: "EUR" },
      reason: "Service never delivered",
      payment: { status: "refunded", refundedAmount: { amount: 10_000 }, refundableAmount: { amount: 0 } },
    });
    expect(answer.body.processorRefundId).toMatch(/^re_sim_/);
    const events = (await emitted(payment, "payment.refunded")).filter((e) => e.data.paymentId === captured.paymentId);
    expect(events.map((e) => e.data.amount.amount)).toEqual([10_000]);
    expect(events[0].data).toMatchObject({
      refundId: answer.body.refundId,
      orderId: captured.orderId,
      reason: "Service never delivered",
    });
    const nothingLeft = await refund(captured.paymentId, { reason: "again" });
    expect(nothingLeft.status).toBe(409);
    expect(nothingLeft.body.type).toBe("/problems/payment-fully-refunded");
  });

  it("partial refunds add up to what was captured, never more", async () => {
    const captured = await capturedPayment(10_000);
    const first = await refund(captured.paymentId, { amount: 3_000, reason: "One seat unused" });
    expect(first.body.payment).toMatchObject({
      status: "captured",
      refundedAmount: { amount: 3_000 },
      refundableAmount: { amount: 7_000 },
    });
    const over = await refund(captured.paymentId, { amount: 7_001, reason: "Too much" });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      type: "/problems/refund-exceeds-captured",
      refundable: { amount: 7_000, currency: "EUR" },
    });
    const rest = await refund(captured.paymentId, { amount: 7_000, reason: "The rest" });
    expect(rest.body.payment).toMatchObject({ status: "refunded", refundedAmount: { amount: 10_000 } });
    const [intent] = await payment.database.query<Json>("SELECT refunded_amount FROM sim_intent WHERE id = $1", [
      captured.processorPaymentId,
    ]);
    expect(intent.refunded_amount).toBe(10_000);
  });

  it("the same Idempotency-Key answers the same refund, once", async () => {
    const captured = await capturedPayment(6_000);
    const key = randomUUID();
    const first = await refund(captured.paymentId, { amount: 1_000, reason: "Goodwill" }, key);
    const second = await refund(captured.paymentId, { amount: 1_000, reason: "Goodwill" }, key);
    expect(second.status).toBe(201);
    expect(second.body.refundId).toBe(first.body.refundId);
    expect(second.body.payment.refundedAmount.amount).toBe(1_000);
    expect(
      (await emitted(payment, "payment.refunded")).filter((e) => e.data.paymentId === captured.paymentId),
    ).toHaveLength(1);
    expect((await refund(captured.paymentId, { amount: 2_000, reason: "Goodwill" }, key)).status).toBe(409);
  });

  it("an uncaptured payment cannot be refunded (409); unknown payment 404; bad input 400", async () => {
    const { payments } = await authorized([4_000]);
    const answer = await refund(payments[0].paymentId, { reason: "Changed my mind" });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ type: "/problems/payment-not-captured", paymentStatus: "authorized" });
    expect((await refund(randomUUID(), { reason: "x" })).status).toBe(404);
    expect((await refund(payments[0].paymentId, { amount: -5, reason: "" })).status).toBe(400);
    expect((await http(base, "POST", `/payments/${payments[0].paymentId}/refunds`, { reason: "no key" })).status).toBe(
      400,
    );
  });

  it("reads of unknown checkouts and orders are 404s", async () => {
    expect((await http(base, "GET", `/checkouts/${randomUUID()}/payments`)).status).toBe(404);
    expect((await http(base, "GET", `/orders/${randomUUID()}/payment`)).status).toBe(404);
  });
});
