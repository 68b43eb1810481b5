import { randomUUID } from "node:crypto";
import { CartCheckoutSubmittedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { checkoutSubmitted, emitted, http, publish, startPayment, type PaymentUnderTest } from "./support/payment.js";

// Saga step checkout.2's compensation (docs/sagas/checkout.md): a submitted checkout that payment
// can never record must not leave the buyer's cart locked for good. Once the consumer gives up,
// payment.checkout-declined (processing-error) tells the cart to unlock; nothing was authorized.
const namespace = uniqueBusNamespace("payment-failure");
let payment: PaymentUnderTest;

beforeAll(async () => {
  payment = await startPayment(namespace, { CONSUMER_MAX_DELIVER: "2", CONSUMER_BACKOFF_MS: "20" });
});
afterAll(async () => {
  await payment?.stop();
  await deleteBusNamespace(namespace);
});

it("declines a submitted checkout it can never record, once, so that the cart unlocks, and authorizes nothing", async () => {
  // Two draft orders with one order id (a bug upstream): one payment per order id is unique, so
  // every delivery fails on the constraint.
  const checkout = checkoutSubmitted("pm_card_visa", [3_000, 4_000]);
  const orderId = randomUUID();
  checkout.orders = checkout.orders.map((order) => ({ ...order, orderId }));
  await publish(payment, CartCheckoutSubmittedV1, checkout);

  const declined = await eventually(async () => {
    const events = (await emitted(payment, "payment.checkout-declined")).filter(
      (event) => event.data.checkoutId === checkout.checkoutId,
    );
    expect(events).toHaveLength(1);
    return events[0].data;
  });
  expect(declined).toMatchObject({
    checkoutId: checkout.checkoutId,
    buyerId: checkout.buyer.buyerId,
    reason: "processing-error",
    message: expect.stringContaining("could not be processed"),
  });
  expect((await http(payment.service.url, "GET", `/checkouts/${checkout.checkoutId}/payments`)).status).toBe(404);
  expect(
    await payment.database.query("SELECT id FROM sim_intent WHERE metadata->>'checkoutId' = $1", [checkout.checkoutId]),
  ).toEqual([]);
});
