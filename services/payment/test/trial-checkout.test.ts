import { randomUUID } from "node:crypto";
import { CartCheckoutSubmittedV1, OrderAcceptedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import {
  checkoutIntents,
  checkoutSubmitted,
  emitted,
  http,
  orderFacts,
  publish,
  startPayment,
  type Json,
  type PaymentUnderTest,
} from "./support/payment.js";

// A checkout of free trials only (the cart leaves a trial's line out of what is charged now): the
// card is verified by keeping it for renewals, nothing is held on it, and the vendor's acceptance
// captures nothing. The subscription charges the first period at the trial's end.

const namespace = uniqueBusNamespace("payment-trial");
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

async function settled(checkoutId: string): Promise<Json> {
  return eventually(async () => {
    const found = await http(base, "GET", `/checkouts/${checkoutId}/payments`);
    expect(["authorized", "declined"]).toContain(found.body.status);
    return found.body;
  });
}

describe("a checkout that charges nothing now (free trials only)", () => {
  it("keeps the card without holding anything on it, and the acceptance captures nothing", async () => {
    const buyerId = randomUUID();
    const checkout = checkoutSubmitted("pm_card_visa", [0, 12_000], { saveForRenewals: true, buyerId });
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const answer = await settled(checkout.checkoutId);
    expect(answer.status).toBe("authorized");
    // One PaymentIntent: the paid order's; none for the free one.
    const intents = await checkoutIntents(payment, checkout.checkoutId);
    expect(intents.map((intent) => intent.amount)).toEqual([12_000]);
    const saved = await payment.database.query(
      `SELECT payment_method_id FROM saved_payment_method WHERE buyer_id = $1`,
      [buyerId],
    );
    expect(saved).toEqual([{ payment_method_id: "pm_card_visa" }]);

    const free = answer.payments.find((p: Json) => p.orderId === checkout.orders[0]!.orderId);
    await publish(payment, OrderAcceptedV1, {
      order: orderFacts(checkout, 0, free.paymentId),
      by: { kind: "vendor", id: randomUUID() },
      late: false,
      acceptedAt: "2026-11-24T12:00:00.000Z",
    });
    await eventually(async () => {
      const found = await http(base, "GET", `/orders/${checkout.orders[0]!.orderId}/payment`);
      expect(found.body).toMatchObject({ status: "captured", capturedAmount: { amount: 0 } });
    });
    const captured = (await emitted(payment, "payment.captured")).filter(
      (event) => event.data.orderId === checkout.orders[0]!.orderId,
    );
    expect(captured.map((event) => event.data.amount)).toEqual([{ amount: 0, currency: "EUR" }]);
  });

  it("is declined when the card cannot be kept (a declining card), nothing held", async () => {
    const checkout = checkoutSubmitted("pm_card_chargeDeclined", [0], { saveForRenewals: true });
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const answer = await settled(checkout.checkoutId);
    expect(answer.status).toBe("declined");
    expect(await checkoutIntents(payment, checkout.checkoutId)).toEqual([]);
    await eventually(async () =>
      expect(
        (await emitted(payment, "payment.checkout-declined")).filter(
          (event) => event.data.checkoutId === checkout.checkoutId,
        ),
      ).toEqual([expect.objectContaining({ data: expect.objectContaining({ reason: "card-declined" }) })]),
    );
  });
});
