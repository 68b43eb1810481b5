import { randomUUID } from "node:crypto";
import { deleteBusNamespace, uniqueBusNamespace } from "@mkt/testing";
import { ProcessorUnavailable, type PaymentProcessor } from "../src/processor/port.js";
import { startPayment, type Json, type PaymentUnderTest } from "./support/payment.js";
import { chargeKeyOf, chargeRenewal, keepCard, renewalOf } from "./support/renewals.js";

const namespace = uniqueBusNamespace("payment-renewal");
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

async function intent(id: string): Promise<Json> {
  const [row] = await payment.database.query<Json>("SELECT * FROM sim_intent WHERE id = $1", [id]);
  return row;
}

/** The simulated processor's PaymentIntents of one subscription's renewals. */
async function subscriptionIntents(subscriptionId: string): Promise<Json[]> {
  return payment.database.query("SELECT * FROM sim_intent WHERE metadata->>'subscriptionId' = $1", [subscriptionId]);
}

async function chargeRows(idempotencyKey: string): Promise<Json[]> {
  return payment.database.query("SELECT * FROM renewal_charge WHERE idempotency_key = $1", [idempotencyKey]);
}

describe("a renewal charged off-session on the buyer's saved card", () => {
  it("captures the period's amount at once and answers the card charged", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const input = renewalOf(buyerId, { periodNumber: 3 });
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      chargeId: expect.any(String),
      subscriptionId: input.subscriptionId,
      periodNumber: 3,
      buyerId,
      vendorId: input.vendorId,
      status: "succeeded",
      amount: { amount: 12_000, currency: "EUR" },
      fee: { amount: 360, currency: "EUR" },
      failureReason: null,
      declineCode: null,
      card: { brand: "visa", last4: "4242" },
      processor: "simulated",
      processorPaymentId: expect.stringMatching(/^pi_sim_/),
      chargedAt: expect.any(String),
    });
    expect(await intent(answer.body.processorPaymentId)).toMatchObject({
      status: "succeeded",
      amount: 12_000,
      currency: "EUR",
      captured_amount: 12_000,
      payment_method: "pm_card_visa",
      customer: expect.stringMatching(/^cus_sim_/),
      metadata: expect.objectContaining({ subscriptionId: input.subscriptionId, periodNumber: "3", buyerId }),
    });
  });

  it("can be refunded through the processor like a captured authorization", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_mastercard");
    const input = renewalOf(buyerId);
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.body).toMatchObject({ status: "succeeded", card: { brand: "mastercard", last4: "4444" } });
    const { processor } = payment.service.composed.deps;
    await processor.refund(answer.body.processorPaymentId, 5_000, `test:${randomUUID()}:refund`);
    expect(await intent(answer.body.processorPaymentId)).toMatchObject({
      captured_amount: 12_000,
      refunded_amount: 5_000,
    });
  });

  it.each([
    ["pm_card_chargeDeclined", "card-declined", "generic_decline", "0002"],
    ["pm_card_chargeDeclinedInsufficientFunds", "insufficient-funds", "insufficient_funds", "9995"],
    ["pm_card_chargeCustomerFail", "card-declined", "generic_decline", "0341"],
    ["pm_card_authenticationRequired", "authentication-required", "authentication_required", "3155"],
  ])("%s: a failed charge is an answer (201), %s / %s, nothing captured", async (pm, reason, code, last4) => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, pm);
    const input = renewalOf(buyerId);
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      status: "failed",
      failureReason: reason,
      declineCode: code,
      card: { brand: "visa", last4 },
      processorPaymentId: expect.stringMatching(/^pi_sim_/),
    });
    expect(await intent(answer.body.processorPaymentId)).toMatchObject({ status: "declined", captured_amount: 0 });
  });

  it("an off-session intent that needed authentication has no 3-D Secure page", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_authenticationRequired");
    const input = renewalOf(buyerId);
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    const page = await fetch(`${base}/simulated/authentications/${answer.body.processorPaymentId}`);
    expect(page.status).toBe(404);
  });

  it("a buyer without a saved card: a failed charge `no-saved-card`, recorded, the processor not called", async () => {
    const input = renewalOf(randomUUID());
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      status: "failed",
      failureReason: "no-saved-card",
      declineCode: null,
      card: null,
      processorPaymentId: null,
    });
    expect(await chargeRows(chargeKeyOf(input))).toHaveLength(1);
    expect(await subscriptionIntents(input.subscriptionId)).toHaveLength(0);
  });

  it("charges the card the buyer saved most recently", async () => {
    const buyerId = randomUUID();
    const now = payment.service.composed.deps.clock.now().getTime();
    await keepCard(payment, buyerId, "pm_card_chargeDeclined", new Date(now - 3 * 86_400_000));
    await keepCard(payment, buyerId, "pm_card_mastercard", new Date(now - 86_400_000));
    await keepCard(payment, buyerId, "pm_card_visa", new Date(now - 2 * 86_400_000));
    const input = renewalOf(buyerId);
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.body).toMatchObject({ status: "succeeded", card: { brand: "mastercard", last4: "4444" } });
    expect(await intent(answer.body.processorPaymentId)).toMatchObject({ payment_method: "pm_card_mastercard" });
  });
});

describe("no period is charged twice", () => {
  it("the same key again answers the same charge: one intent, one row, identical answers", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const input = renewalOf(buyerId);
    const first = await chargeRenewal(base, input, chargeKeyOf(input));
    const again = await chargeRenewal(base, { ...input }, chargeKeyOf(input));
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await subscriptionIntents(input.subscriptionId)).toHaveLength(1);
    expect(await chargeRows(chargeKeyOf(input))).toHaveLength(1);
  });

  it("a declined charge is answered again too, not retried on the card", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_chargeDeclined");
    const input = renewalOf(buyerId);
    const first = await chargeRenewal(base, input, chargeKeyOf(input));
    const again = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(again.body).toEqual(first.body);
    expect(await subscriptionIntents(input.subscriptionId)).toHaveLength(1);
  });

  it("the key with another body is refused: 409 idempotency-key-reused, nothing charged", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const input = renewalOf(buyerId);
    const first = await chargeRenewal(base, input, chargeKeyOf(input));
    const other = await chargeRenewal(
      base,
      { ...input, amount: { amount: 99_000, currency: "EUR" } },
      chargeKeyOf(input),
    );
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({
      type: expect.stringContaining("idempotency-key-reused"),
      chargeId: first.body.chargeId,
    });
    expect(await subscriptionIntents(input.subscriptionId)).toHaveLength(1);
  });

  it("20 calls at once with one key (replicas racing): exactly one charge, the same answer to all", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const input = renewalOf(buyerId);
    const answers = await Promise.all(Array.from({ length: 20 }, () => chargeRenewal(base, input, chargeKeyOf(input))));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers[0]!.body.status).toBe("succeeded");
    const intents = await subscriptionIntents(input.subscriptionId);
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ status: "succeeded", captured_amount: 12_000 });
    expect(await chargeRows(chargeKeyOf(input))).toHaveLength(1);
  });

  it("a crash after the processor charged and before the row: the call again gets the processor's first answer", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const input = renewalOf(buyerId);
    const { processor } = payment.service.composed.deps;
    // What the crashed call had done: the processor charged with the key, nothing recorded.
    const charged = await processor.chargeOffSession({
      amount: 12_000,
      currency: "EUR",
      customer: null,
      paymentMethod: "pm_card_visa",
      description: input.description,
      idempotencyKey: chargeKeyOf(input),
      metadata: { subscriptionId: input.subscriptionId },
    });
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.body).toMatchObject({ status: "succeeded", processorPaymentId: charged.processorPaymentId });
    expect(await subscriptionIntents(input.subscriptionId)).toHaveLength(1);
  });

  it("processor unavailable: 503 and nothing recorded; the retry with the key charges once", async () => {
    const buyerId = randomUUID();
    await keepCard(payment, buyerId, "pm_card_visa");
    const input = renewalOf(buyerId);
    const { deps } = payment.service.composed;
    const real = deps.processor;
    const down: PaymentProcessor = Object.create(real);
    down.chargeOffSession = async () => {
      throw new ProcessorUnavailable("connection refused");
    };
    deps.processor = down;
    let first;
    try {
      first = await chargeRenewal(base, input, chargeKeyOf(input));
    } finally {
      deps.processor = real;
    }
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ type: expect.stringContaining("processor-unavailable") });
    expect(await chargeRows(chargeKeyOf(input))).toHaveLength(0);

    const retry = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(retry.status).toBe(201);
    expect(retry.body.status).toBe("succeeded");
    expect(await chargeRenewal(base, input, chargeKeyOf(input))).toMatchObject({ body: retry.body });
    expect(await subscriptionIntents(input.subscriptionId)).toHaveLength(1);
  });
});

describe("bad requests", () => {
  it("no Idempotency-Key, a fee in another currency, a negative period: 400 naming the field", async () => {
    const input = renewalOf(randomUUID());
    const noKey = await fetch(`${base}/renewal-charges`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    expect(noKey.status).toBe(400);
    const currency = await chargeRenewal(base, { ...input, fee: { amount: 360, currency: "USD" } }, chargeKeyOf(input));
    expect(currency.status).toBe(400);
    expect(currency.body.errors).toEqual([expect.objectContaining({ path: "fee.currency" })]);
    const period = await chargeRenewal(base, { ...input, periodNumber: -1 }, chargeKeyOf(input));
    expect(period.status).toBe(400);
    expect(await chargeRows(chargeKeyOf(input))).toHaveLength(0);
  });
});
