import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { CartCheckoutSubmittedV1, OrderAcceptedV1, OrderRefusedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { offSessionFailureOfCardError, offSessionOutcomeOfIntent, outcomeOfIntent } from "../src/processor/stripe.js";
import { FakeStripe } from "./support/fake-stripe.js";
import { chargeKeyOf, chargeRenewal, keepCard, renewalOf } from "./support/renewals.js";
import {
  checkoutSubmitted,
  emitted,
  http,
  orderFacts,
  publish,
  startPayment,
  type Json,
  type PaymentUnderTest,
} from "./support/payment.js";

const namespace = uniqueBusNamespace("payment-stripe");
const WEBHOOK_SECRET = "whsec_test_secret";
const stripe = new FakeStripe();
let payment: PaymentUnderTest;
let base: string;
let webhookUrl: string;

beforeAll(async () => {
  await stripe.start();
  payment = await startPayment(namespace, {
    PAYMENT_PROCESSOR: "stripe",
    STRIPE_SECRET_KEY: "sk_test_fake",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: stripe.url,
    STRIPE_RETURN_URL: "https://shop.example/checkout/return",
  });
  base = payment.service.url;
  webhookUrl = `${payment.service.url}/stripe/webhooks`;
});
afterAll(async () => {
  await payment?.stop();
  await stripe.stop();
  await deleteBusNamespace(namespace);
});

const requestsTo = (path: string | RegExp) =>
  stripe.requests.filter((r) => (typeof path === "string" ? r.path === path : path.test(r.path)));
const signer = new Stripe("sk_test_signer");

async function checkoutStatus(checkoutId: string, status: string): Promise<Json> {
  return eventually(async () => {
    const answer = await http(base, "GET", `/checkouts/${checkoutId}/payments`);
    expect(answer.body.status).toBe(status);
    return answer.body;
  });
}

function webhook(payload: string, header: string | undefined) {
  return fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", ...(header ? { "stripe-signature": header } : {}) },
    body: payload,
  });
}

describe("the Stripe adapter (against a local stand-in for api.stripe.com)", () => {
  it("authorizes each order with a confirmed, manual-capture PaymentIntent and an idempotency key", async () => {
    const checkout = checkoutSubmitted("pm_card_visa", [12_000, 3_600]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const answer = await checkoutStatus(checkout.checkoutId, "authorized");
    const creates = stripe.requests.filter(
      (r) => r.path === "/v1/payment_intents" && r.params["metadata[checkoutId]"] === checkout.checkoutId,
    );
    expect(creates).toHaveLength(2);
    expect(creates[0]).toMatchObject({
      method: "POST",
      params: {
        amount: "12000",
        currency: "eur",
        payment_method: "pm_card_visa",
        capture_method: "manual",
        confirm: "true",
        return_url: "https://shop.example/checkout/return",
        "metadata[orderId]": checkout.orders[0]!.orderId,
        "expand[0]": "payment_method",
      },
    });
    expect(creates[0]!.headers["idempotency-key"]).toBe(
      `checkout:${checkout.checkoutId}:order:${checkout.orders[0]!.orderId}:authorize`,
    );
    expect(creates[1]!.headers["idempotency-key"]).toBe(
      `checkout:${checkout.checkoutId}:order:${checkout.orders[1]!.orderId}:authorize`,
    );
    expect(creates[0]!.headers.authorization).toBe("Bearer sk_test_fake");
    expect(creates[0]!.params).not.toHaveProperty("setup_future_usage");
    expect(answer.payments.map((p: Json) => [p.processor, p.processorPaymentId])).toEqual([
      ["stripe", expect.stringMatching(/^pi_fake_/)],
      ["stripe", expect.stringMatching(/^pi_fake_/)],
    ]);
    const [event] = (await emitted(payment, "payment.checkout-authorized")).filter(
      (e) => e.data.checkoutId === checkout.checkoutId,
    );
    expect(event.data.paymentMethod).toEqual({ brand: "visa", last4: "4242", savedForRenewals: false });
  });

  it("a card error (402) declines the checkout with Stripe's decline code mapped", async () => {
    const checkout = checkoutSubmitted("pm_card_chargeDeclined", [5_000]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    expect(await checkoutStatus(checkout.checkoutId, "declined")).toMatchObject({
      declineReason: "card-declined",
      payments: [{ status: "failed", processorPaymentId: expect.stringMatching(/^pi_fake_/) }],
    });
  });

  it("with consent: a customer, setup_future_usage=off_session, the card attached and listed", async () => {
    const buyerId = randomUUID();
    const checkout = checkoutSubmitted("pm_card_visa", [2_000], { saveForRenewals: true, buyerId });
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    await checkoutStatus(checkout.checkoutId, "authorized");
    const customer = requestsTo("/v1/customers").find((r) => r.params["metadata[buyerId]"] === buyerId)!;
    expect(customer.headers["idempotency-key"]).toBe(`checkout:${checkout.checkoutId}:customer`);
    const create = stripe.requests.find(
      (r) => r.path === "/v1/payment_intents" && r.params["metadata[checkoutId]"] === checkout.checkoutId,
    )!;
    expect(create.params).toMatchObject({
      setup_future_usage: "off_session",
      customer: expect.stringMatching(/^cus_fake_/),
    });
    const attach = requestsTo("/v1/payment_methods/pm_card_visa/attach").at(-1)!;
    expect(attach.headers["idempotency-key"]).toBe(`checkout:${checkout.checkoutId}:save-for-renewals`);
    expect((await http(base, "GET", `/buyers/${buyerId}/payment-methods`)).body.items).toEqual([
      expect.objectContaining({ paymentMethodId: "pm_card_visa", brand: "visa", last4: "4242" }),
    ]);
  });

  it("captures on order.accepted, cancels on order.refused, refunds: each call with its idempotency key", async () => {
    const checkout = checkoutSubmitted("pm_card_visa", [10_000, 4_000]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const { payments } = await checkoutStatus(checkout.checkoutId, "authorized");
    await publish(payment, OrderAcceptedV1, {
      order: orderFacts(checkout, 0, payments[0].paymentId),
      by: { kind: "vendor", id: "v" },
      late: false,
      acceptedAt: "2026-11-24T12:00:00.000Z",
    });
    await publish(payment, OrderRefusedV1, {
      order: orderFacts(checkout, 1, payments[1].paymentId),
      by: { kind: "vendor", id: "v" },
      reason: "No",
      refusedAt: "2026-11-24T12:00:00.000Z",
    });
    await eventually(async () =>
      expect((await http(base, "GET", `/orders/${checkout.orders[0]!.orderId}/payment`)).body.status).toBe("captured"),
    );
    await eventually(async () =>
      expect((await http(base, "GET", `/orders/${checkout.orders[1]!.orderId}/payment`)).body.status).toBe("released"),
    );
    const [capture] = requestsTo(`/v1/payment_intents/${payments[0].processorPaymentId}/capture`);
    expect(capture).toMatchObject({ method: "POST", params: { amount_to_capture: "10000" } });
    expect(capture!.headers["idempotency-key"]).toBe(`order:${checkout.orders[0]!.orderId}:capture`);
    const [cancel] = requestsTo(`/v1/payment_intents/${payments[1].processorPaymentId}/cancel`);
    expect(cancel!.headers["idempotency-key"]).toBe(`order:${checkout.orders[1]!.orderId}:release`);

    const key = randomUUID();
    const refund = await http(
      base,
      "POST",
      `/payments/${payments[0].paymentId}/refunds`,
      { amount: 2_500, reason: "Partial" },
      { "idempotency-key": key },
    );
    expect(refund.status).toBe(201);
    expect(refund.body.processorRefundId).toMatch(/^re_fake_/);
    const sent = requestsTo("/v1/refunds").find((r) => r.params.payment_intent === payments[0].processorPaymentId)!;
    expect(sent.params).toEqual({ payment_intent: payments[0].processorPaymentId, amount: "2500" });
    expect(sent.headers["idempotency-key"]).toBe(`payment:${payments[0].paymentId}:refund:${key}`);
  });

  it("3-D Secure: Stripe's redirect URL goes to the buyer; the signed webhook resumes the checkout", async () => {
    const checkout = checkoutSubmitted("pm_card_authenticationRequired", [9_900]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const waiting = await checkoutStatus(checkout.checkoutId, "action-required");
    const intentId = waiting.payments[0].processorPaymentId as string;
    expect(waiting.redirectUrl).toBe(`https://hooks.stripe.com/3d_secure_2/authenticate/${intentId}`);

    const intent = stripe.finishAuthentication(intentId, true);
    const payload = JSON.stringify(
      { id: "evt_1", object: "event", type: "payment_intent.amount_capturable_updated", data: { object: intent } },
      null,
      2,
    );
    const now = Math.floor(Date.now() / 1000);
    // Refused: no signature, a tampered body, another secret, a signature 10 minutes old.
    expect((await webhook(payload, undefined)).status).toBe(400);
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: now });
    expect((await webhook(payload.replace("9900", "1"), header)).status).toBe(400);
    expect(
      (
        await webhook(
          payload,
          signer.webhooks.generateTestHeaderString({ payload, secret: "whsec_other", timestamp: now }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await webhook(
          payload,
          signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: now - 600 }),
        )
      ).status,
    ).toBe(400);
    expect((await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`)).body.status).toBe("action-required");

    const accepted = await webhook(payload, header);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ received: true });
    await checkoutStatus(checkout.checkoutId, "authorized");
    expect(requestsTo(`/v1/payment_intents/${intentId}`).filter((r) => r.method === "GET")).toHaveLength(1);
  });

  it("3-D Secure failed: payment_intent.payment_failed declines the checkout (authentication-failed)", async () => {
    const checkout = checkoutSubmitted("pm_card_authenticationRequired", [1_500]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const waiting = await checkoutStatus(checkout.checkoutId, "action-required");
    const intent = stripe.finishAuthentication(waiting.payments[0].processorPaymentId, false);
    const payload = JSON.stringify({
      id: "evt_2",
      object: "event",
      type: "payment_intent.payment_failed",
      data: { object: intent },
    });
    const response = await webhook(
      payload,
      signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
    );
    expect(response.status).toBe(200);
    expect(await checkoutStatus(checkout.checkoutId, "declined")).toMatchObject({
      declineReason: "authentication-failed",
    });
  });

  it("the simulated processor's endpoints do not exist in Stripe mode", async () => {
    expect(
      (
        await http(base, "POST", "/simulated/payment-methods", {
          number: "4242424242424242",
          expMonth: 1,
          expYear: 2030,
          cvc: "123",
        })
      ).status,
    ).toBe(404);
  });
});

describe("renewals on Stripe: an off-session PaymentIntent on the saved card", () => {
  it("confirms it at once, automatic capture, on the customer the card was saved on, with the period's key", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const input = renewalOf(buyerId, { periodNumber: 2 });
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      status: "succeeded",
      processor: "stripe",
      processorPaymentId: expect.stringMatching(/^pi_fake_/),
      card: { brand: "visa", last4: "4242" },
    });
    const create = requestsTo("/v1/payment_intents").find(
      (r) => r.params["metadata[subscriptionId]"] === input.subscriptionId,
    )!;
    expect(create.params).toMatchObject({
      amount: "12000",
      currency: "eur",
      customer: expect.stringMatching(/^cus_fake_/),
      payment_method: "pm_card_visa",
      off_session: "true",
      confirm: "true",
      capture_method: "automatic",
      description: input.description,
      "metadata[periodNumber]": "2",
      "metadata[buyerId]": buyerId,
    });
    expect(create.params).not.toHaveProperty("return_url");
    expect(create.params).not.toHaveProperty("setup_future_usage");
    expect(create.headers["idempotency-key"]).toBe(chargeKeyOf(input));
  });

  it.each([
    ["pm_card_chargeDeclined", "card-declined", "generic_decline"],
    ["pm_card_chargeCustomerFail", "card-declined", "generic_decline"],
    ["pm_card_authenticationRequired", "authentication-required", "authentication_required"],
  ])("%s: Stripe's card error (402) is a failed charge, %s / %s", async (pm, reason, code) => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, pm);
    const input = renewalOf(buyerId);
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      status: "failed",
      failureReason: reason,
      declineCode: code,
      processorPaymentId: expect.stringMatching(/^pi_fake_/),
    });
  });

  it("Stripe down (5xx after the SDK's retries): 503, nothing recorded; the retry with the key charges once", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const input = renewalOf(buyerId);
    stripe.down = true;
    let first;
    try {
      first = await chargeRenewal(base, input, chargeKeyOf(input));
    } finally {
      stripe.down = false;
    }
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ type: expect.stringContaining("processor-unavailable") });
    const retry = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(retry.body).toMatchObject({ status: "succeeded" });
    const sent = requestsTo("/v1/payment_intents").filter(
      (r) => r.params["metadata[subscriptionId]"] === input.subscriptionId,
    );
    expect(new Set(sent.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([chargeKeyOf(input)]));
    const rows = await payment.database.query("SELECT id FROM renewal_charge WHERE idempotency_key = $1", [
      chargeKeyOf(input),
    ]);
    expect(rows).toHaveLength(1);
  });
});

describe("the buyer's renewal card on Stripe", () => {
  it("attaches the card to the customer of the earlier card with a key of the buyer's call; a card error is a 422", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const [customer] = await payment.database.query<Json>(
      "SELECT customer_id FROM saved_payment_method WHERE buyer_id = $1",
      [buyerId],
    );
    const key = randomUUID();
    const put = await http(
      base,
      "PUT",
      `/buyers/${buyerId}/renewal-card`,
      { paymentMethod: "pm_card_chargeCustomerFail", email: "a@acme.example", name: "ACME" },
      { "idempotency-key": key },
    );
    expect(put.body).toMatchObject({ brand: "visa", last4: "0341" });
    const attach = requestsTo("/v1/payment_methods/pm_card_chargeCustomerFail/attach").at(-1)!;
    expect(attach.params).toEqual({ customer: customer!.customer_id });
    expect(attach.headers["idempotency-key"]).toBe(`buyer:${buyerId}:renewal-card:${key}:attach`);
    const refused = await http(
      base,
      "PUT",
      `/buyers/${buyerId}/renewal-card`,
      { paymentMethod: "pm_card_chargeDeclined", email: "a@acme.example", name: "ACME" },
      { "idempotency-key": randomUUID() },
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ reason: "card-declined" });
  });
});

describe("an off-session PaymentIntent's state as an outcome", () => {
  const intent = (fields: Partial<Stripe.PaymentIntent>) =>
    ({
      id: "pi_2",
      status: "succeeded",
      last_payment_error: null,
      payment_method: null,
      ...fields,
    }) as Stripe.PaymentIntent;
  it("maps every status and card error the adapter may meet", () => {
    expect(offSessionOutcomeOfIntent(intent({}))).toEqual({
      kind: "succeeded",
      processorPaymentId: "pi_2",
      card: null,
    });
    expect(offSessionOutcomeOfIntent(intent({ status: "requires_action" }))).toEqual({
      kind: "failed",
      processorPaymentId: "pi_2",
      reason: "authentication-required",
      code: "authentication_required",
    });
    expect(
      offSessionOutcomeOfIntent(
        intent({
          status: "requires_payment_method",
          last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds" },
        }),
      ),
    ).toMatchObject({ kind: "failed", reason: "insufficient-funds", code: "insufficient_funds" });
    expect(offSessionOutcomeOfIntent(intent({ status: "canceled" }))).toMatchObject({ reason: "processing-error" });
    expect(() => offSessionOutcomeOfIntent(intent({ status: "processing" }))).toThrow(/processing/);
    expect(
      offSessionFailureOfCardError({
        code: "authentication_required",
        decline_code: "authentication_required",
        raw: { payment_intent: { id: "pi_3" } },
      } as unknown as Stripe.errors.StripeCardError),
    ).toEqual({
      kind: "failed",
      processorPaymentId: "pi_3",
      reason: "authentication-required",
      code: "authentication_required",
    });
    expect(
      offSessionFailureOfCardError({ code: "expired_card", raw: {} } as unknown as Stripe.errors.StripeCardError),
    ).toEqual({ kind: "failed", processorPaymentId: null, reason: "expired-card", code: "expired_card" });
  });
});

describe("a PaymentIntent's state as an outcome", () => {
  const intent = (fields: Partial<Stripe.PaymentIntent>) =>
    ({
      id: "pi_1",
      status: "requires_capture",
      next_action: null,
      last_payment_error: null,
      payment_method: null,
      ...fields,
    }) as Stripe.PaymentIntent;
  it("maps every status the adapter may meet", () => {
    expect(outcomeOfIntent(intent({}))).toEqual({ kind: "authorized", processorPaymentId: "pi_1", card: null });
    expect(
      outcomeOfIntent(
        intent({
          status: "requires_action",
          next_action: { type: "redirect_to_url", redirect_to_url: { url: "https://x.example/3ds", return_url: null } },
        }),
      ),
    ).toEqual({
      kind: "requires_action",
      processorPaymentId: "pi_1",
      redirectUrl: "https://x.example/3ds",
    });
    expect(
      outcomeOfIntent(
        intent({
          status: "requires_payment_method",
          last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds" },
        }),
      ),
    ).toMatchObject({ kind: "declined", reason: "insufficient-funds" });
    expect(
      outcomeOfIntent(
        intent({
          status: "requires_payment_method",
          last_payment_error: { type: "invalid_request_error", code: "payment_intent_authentication_failure" },
        }),
      ),
    ).toMatchObject({ kind: "declined", reason: "authentication-failed" });
    expect(outcomeOfIntent(intent({ status: "canceled" }))).toMatchObject({
      kind: "declined",
      reason: "processing-error",
    });
    expect(() => outcomeOfIntent(intent({ status: "processing" }))).toThrow(/processing/);
  });
});
