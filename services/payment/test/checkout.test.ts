import { CartCheckoutSubmittedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import {
  checkoutIntents,
  checkoutSubmitted,
  emitted,
  http,
  publish,
  redeliver,
  startPayment,
  type Json,
  type PaymentUnderTest,
} from "./support/payment.js";

const namespace = uniqueBusNamespace("payment");
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

async function settled(checkoutId: string, status: string | string[] = ["authorized", "declined"]): Promise<Json> {
  const wanted = Array.isArray(status) ? status : [status];
  return eventually(async () => {
    const answer = await http(base, "GET", `/checkouts/${checkoutId}/payments`);
    expect(answer.status).toBe(200);
    expect(wanted).toContain(answer.body.status);
    return answer.body;
  });
}

const intentsOf = (checkoutId: string) => checkoutIntents(payment, checkoutId);

describe("cart.checkout-submitted with Stripe's test payment methods", () => {
  it.each([
    ["pm_card_visa", "visa", "4242"],
    ["pm_card_mastercard", "mastercard", "4444"],
  ])(
    "%s: every order authorized (manual capture), then payment.checkout-authorized with the drafts and payment ids",
    async (pm, brand, last4) => {
      const checkout = checkoutSubmitted(pm, [12_000, 3_600]);
      await publish(payment, CartCheckoutSubmittedV1, checkout);
      const answer = await settled(checkout.checkoutId, "authorized");
      expect(answer.payments).toHaveLength(2);
      expect(answer.payments.map((p: Json) => [p.orderId, p.status, p.amount.amount, p.fee.amount])).toEqual([
        [checkout.orders[0]!.orderId, "authorized", 12_000, 360],
        [checkout.orders[1]!.orderId, "authorized", 3_600, 108],
      ]);
      const [event] = await eventually(async () => {
        const events = (await emitted(payment, "payment.checkout-authorized")).filter(
          (e) => e.data.checkoutId === checkout.checkoutId,
        );
        expect(events).toHaveLength(1);
        return events;
      });
      expect(event.data.orders.map((o: Json) => [o.orderId, o.paymentId])).toEqual(
        answer.payments.map((p: Json) => [p.orderId, p.paymentId]),
      );
      expect(event.data.orders[0].lines).toEqual(checkout.orders[0]!.lines);
      expect(event.data.paymentMethod).toEqual({ brand, last4, savedForRenewals: false });
      const intents = await intentsOf(checkout.checkoutId);
      expect(intents.map((i) => [i.amount, i.status])).toEqual([
        [12_000, "requires_capture"],
        [3_600, "requires_capture"],
      ]);
    },
  );

  it.each([
    ["pm_card_chargeDeclined", "card-declined", /declined/],
    ["pm_card_chargeDeclinedInsufficientFunds", "insufficient-funds", /insufficient funds/],
    ["pm_card_chargeDeclinedExpiredCard", "expired-card", /expired/],
  ])("%s: payment.checkout-declined (%s) with a message for the buyer", async (pm, reason, message) => {
    const checkout = checkoutSubmitted(pm, [5_000]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const answer = await settled(checkout.checkoutId, "declined");
    expect(answer).toMatchObject({ status: "declined", declineReason: reason });
    expect(answer.payments[0]).toMatchObject({ status: "failed", failureReason: reason });
    const events = await eventually(async () => {
      const found = (await emitted(payment, "payment.checkout-declined")).filter(
        (e) => e.data.checkoutId === checkout.checkoutId,
      );
      expect(found).toHaveLength(1);
      return found;
    });
    expect(events[0].data).toMatchObject({ buyerId: checkout.buyer.buyerId, reason });
    expect(events[0].data.message).toMatch(message);
    expect(events[0].data.message).not.toMatch(/_/);
  });

  it("an unknown payment method declines as a processing error", async () => {
    const checkout = checkoutSubmitted("pm_does_not_exist");
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    expect(await settled(checkout.checkoutId, "declined")).toMatchObject({ declineReason: "processing-error" });
  });

  it("the same event delivered twice authorizes each order once", async () => {
    const checkout = checkoutSubmitted("pm_card_visa", [1_000, 2_000, 3_000]);
    const envelope = await publish(payment, CartCheckoutSubmittedV1, checkout);
    await redeliver(payment, CartCheckoutSubmittedV1, envelope);
    await settled(checkout.checkoutId, "authorized");
    await redeliver(payment, CartCheckoutSubmittedV1, envelope);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let a wrongly handled redelivery show
    expect(await intentsOf(checkout.checkoutId)).toHaveLength(3);
    expect(
      (await emitted(payment, "payment.checkout-authorized")).filter((e) => e.data.checkoutId === checkout.checkoutId),
    ).toHaveLength(1);
  });

  it("a pass redone after a crash between the processor's answer and the commit gets the first answer back (idempotency key)", async () => {
    const checkout = checkoutSubmitted("pm_card_visa", [4_200]);
    // The processor was already called for this order (the process died before committing).
    const { SimulatedProcessor } = await import("../src/processor/simulated.js");
    const simulated = new SimulatedProcessor(
      payment.service.deps.db.client,
      payment.service.deps.clock,
      "http://payment.test",
    );
    const first = await simulated.authorize({
      amount: 4_200,
      currency: "EUR",
      paymentMethod: "pm_card_visa",
      customer: null,
      saveForFutureUse: false,
      idempotencyKey: `checkout:${checkout.checkoutId}:order:${checkout.orders[0]!.orderId}:authorize`,
      metadata: { checkoutId: checkout.checkoutId },
    });
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const answer = await settled(checkout.checkoutId, "authorized");
    expect(answer.payments[0].processorPaymentId).toBe(first.processorPaymentId);
    expect(await intentsOf(checkout.checkoutId)).toHaveLength(1);
  });
});

describe("3-D Secure (pm_card_authenticationRequired)", () => {
  async function actionRequired(checkoutId: string): Promise<Json> {
    return eventually(async () => {
      const found = (await emitted(payment, "payment.checkout-action-required")).filter(
        (e) => e.data.checkoutId === checkoutId,
      );
      expect(found.length).toBeGreaterThan(0);
      return found[found.length - 1];
    });
  }

  it("asks the buyer to authenticate on the service's own page; approving authorizes the checkout", async () => {
    const checkout = checkoutSubmitted("pm_card_authenticationRequired", [9_900]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const event = await actionRequired(checkout.checkoutId);
    const answer = await settled(checkout.checkoutId, "action-required");
    expect(answer.redirectUrl).toBe(event.data.redirectUrl);
    expect(event.data.redirectUrl).toMatch(
      /^http:\/\/payment\.test\/simulated\/authentications\/pi_sim_[0-9a-f]+\/page$/,
    );
    const path = new URL(event.data.redirectUrl).pathname;

    const page = await http(base, "GET", path);
    expect(page.status).toBe(200);
    expect(page.text).toContain("99.00 EUR");
    expect(page.text).toContain('value="approve"');

    const form = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "outcome=approve",
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Authentication completed");
    const authorized = await settled(checkout.checkoutId, "authorized");
    expect(authorized.payments[0].status).toBe("authorized");
    // Answering again changes nothing.
    const again = await http(base, "POST", path.replace(/\/page$/, ""), { outcome: "fail" });
    expect(again.body).toMatchObject({ status: "succeeded", checkoutId: checkout.checkoutId });
  });

  it("failing the authentication declines the checkout (authentication-failed)", async () => {
    const checkout = checkoutSubmitted("pm_card_authenticationRequired", [9_900]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const event = await actionRequired(checkout.checkoutId);
    const id = new URL(event.data.redirectUrl).pathname.split("/")[3]!;
    expect((await http(base, "GET", `/simulated/authentications/${id}`)).body).toMatchObject({
      status: "pending",
      amount: { amount: 9_900, currency: "EUR" },
    });
    const answer = await http(base, "POST", `/simulated/authentications/${id}`, { outcome: "fail" });
    expect(answer.body).toMatchObject({ status: "failed" });
    expect(await settled(checkout.checkoutId, "declined")).toMatchObject({ declineReason: "authentication-failed" });
  });

  it("a decline after one order was authorized releases that authorization", async () => {
    // Two orders: each PaymentIntent asks for its own authentication; the buyer approves the first, fails the second.
    const checkout = checkoutSubmitted("pm_card_authenticationRequired", [7_000, 3_000]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const first = await actionRequired(checkout.checkoutId);
    await http(base, "POST", new URL(first.data.redirectUrl).pathname.replace(/\/page$/, ""), { outcome: "approve" });
    const second = await eventually(async () => {
      const found = (await emitted(payment, "payment.checkout-action-required")).filter(
        (e) => e.data.checkoutId === checkout.checkoutId,
      );
      expect(found).toHaveLength(2);
      return found[1];
    });
    expect(second.data.redirectUrl).not.toBe(first.data.redirectUrl);
    await http(base, "POST", new URL(second.data.redirectUrl).pathname.replace(/\/page$/, ""), { outcome: "fail" });
    const answer = await settled(checkout.checkoutId, "declined");
    expect(answer.payments.map((p: Json) => [p.status, p.releasedAmount.amount])).toEqual([
      ["released", 7_000],
      ["failed", 0],
    ]);
    const intents = await intentsOf(checkout.checkoutId);
    expect(intents.map((i) => i.status)).toEqual(["canceled", "declined"]);
    expect(
      (await emitted(payment, "payment.checkout-authorized")).filter((e) => e.data.checkoutId === checkout.checkoutId),
    ).toHaveLength(0);
  });

  it("the page and its endpoints answer 404 for an unknown authentication", async () => {
    expect((await http(base, "GET", "/simulated/authentications/pi_sim_nope/page")).status).toBe(404);
    expect((await http(base, "POST", "/simulated/authentications/pi_sim_nope", { outcome: "approve" })).status).toBe(
      404,
    );
    expect((await http(base, "POST", "/simulated/authentications/pi_sim_nope", { outcome: "maybe" })).status).toBe(400);
  });
});
