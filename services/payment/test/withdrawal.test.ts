import { randomUUID } from "node:crypto";
import { CartCheckoutSubmittedV1, OrderAcceptedV1, OrderWithdrawnV1, type EventData } from "@mkt/contracts";
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

// Saga step withdrawal.2 (docs/sagas/withdrawal.md): order.withdrawn releases the authorization of
// an order not accepted yet, or refunds a captured one in full, once however often it is delivered.
const namespace = uniqueBusNamespace("payment-withdrawal");
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

const at = "2026-11-24T12:00:00.000Z";

async function authorized(total: number) {
  const checkout = checkoutSubmitted("pm_card_visa", [total]);
  await publish(payment, CartCheckoutSubmittedV1, checkout);
  const found = await eventually(async () => {
    const answer = await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`);
    expect(answer.body.status).toBe("authorized");
    return answer.body;
  });
  const order = orderFacts(checkout, 0, found.payments[0].paymentId);
  return { checkout, order };
}

async function orderPayment(orderId: string, status: string): Promise<Json> {
  return eventually(async () => {
    const found = await http(base, "GET", `/orders/${orderId}/payment`);
    expect(found.body.status).toBe(status);
    return found.body;
  });
}

const withdrawn = (
  order: EventData<typeof OrderWithdrawnV1>["order"],
  money: "release-authorization" | "refund-in-full",
): EventData<typeof OrderWithdrawnV1> => ({
  order,
  by: { kind: "buyer", id: order.buyer.buyerId },
  money,
  refund: money === "refund-in-full" ? order.totals.total : null,
  lastDay: "2026-12-08",
  withdrawnAt: at,
});

const refundsOf = (paymentId: string) =>
  payment.database.query<Json>(
    `SELECT idempotency_key, amount, reason, status FROM refund WHERE payment_id = $1 ORDER BY created_at`,
    [paymentId],
  );

describe("order.withdrawn", () => {
  it("refunds a captured order in full through the processor, once: a redelivery and a republish refund nothing", async () => {
    const { order } = await authorized(24_000);
    await publish(payment, OrderAcceptedV1, {
      order,
      by: { kind: "vendor", id: randomUUID() },
      late: false,
      acceptedAt: at,
    });
    const captured = await orderPayment(order.orderId, "captured");

    const envelope = await publish(payment, OrderWithdrawnV1, withdrawn(order, "refund-in-full"));
    const refunded = await orderPayment(order.orderId, "refunded");
    expect(refunded).toMatchObject({ refundedAmount: { amount: 24_000 }, refundableAmount: { amount: 0 } });

    await redeliver(payment, OrderWithdrawnV1, envelope);
    await publish(payment, OrderWithdrawnV1, withdrawn(order, "refund-in-full"));
    // A barrier: the same durable reads in order, so once a later withdrawal is applied the
    // redelivery and the republish before it were too.
    const { order: later } = await authorized(1_000);
    await publish(payment, OrderWithdrawnV1, withdrawn(later, "release-authorization"));
    await orderPayment(later.orderId, "released");

    expect(await refundsOf(captured.paymentId)).toEqual([
      {
        idempotency_key: `order:${order.orderId}:withdrawal`,
        amount: 24_000,
        reason: "withdrawn",
        status: "succeeded",
      },
    ]);
    const [intent] = await payment.database.query<Json>(
      "SELECT captured_amount, refunded_amount FROM sim_intent WHERE id = $1",
      [captured.processorPaymentId],
    );
    expect(intent).toEqual({ captured_amount: 24_000, refunded_amount: 24_000 });
    const events = (await emitted(payment, "payment.refunded")).filter((e) => e.data.orderId === order.orderId);
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({
        paymentId: captured.paymentId,
        amount: { amount: 24_000, currency: "EUR" },
        reason: "withdrawn",
      }),
    ]);
  });

  it("releases the authorization of an order not accepted yet: nothing is charged or refunded", async () => {
    const { order } = await authorized(9_000);
    await publish(payment, OrderWithdrawnV1, withdrawn(order, "release-authorization"));
    const released = await orderPayment(order.orderId, "released");
    expect(released).toMatchObject({ releasedAmount: { amount: 9_000 }, capturedAmount: { amount: 0 } });
    expect(await refundsOf(released.paymentId)).toEqual([]);
  });
});
