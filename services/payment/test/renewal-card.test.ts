import { randomUUID } from "node:crypto";
import { deleteBusNamespace, uniqueBusNamespace } from "@mkt/testing";
import { ProcessorUnavailable, type PaymentProcessor } from "../src/processor/port.js";
import { http, startPayment, type Json, type PaymentUnderTest } from "./support/payment.js";
import { chargeKeyOf, chargeRenewal, keepCard, renewalOf } from "./support/renewals.js";

const namespace = uniqueBusNamespace("payment-renewal-card");
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

const buyerInfo = { email: "achats@acme.example", name: "ACME Industries SAS" };

function putCard(buyerId: string, paymentMethod: string, key: string = randomUUID()) {
  return http(
    base,
    "PUT",
    `/buyers/${buyerId}/renewal-card`,
    { paymentMethod, ...buyerInfo },
    { "idempotency-key": key },
  );
}

async function savedRows(buyerId: string): Promise<Json[]> {
  return payment.database.query("SELECT * FROM saved_payment_method WHERE buyer_id = $1 ORDER BY saved_at", [buyerId]);
}

async function renew(buyerId: string): Promise<Json> {
  const input = renewalOf(buyerId);
  return (await chargeRenewal(base, input, chargeKeyOf(input))).body;
}

describe("the buyer's renewal card", () => {
  it("none yet: 404; put one: a processor customer, the card answered and charged at the next renewal", async () => {
    const buyerId = randomUUID();
    expect((await http(base, "GET", `/buyers/${buyerId}/renewal-card`)).status).toBe(404);
    const put = await putCard(buyerId, "pm_card_visa");
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      brand: "visa",
      last4: "4242",
      expMonth: 12,
      expYear: 2030,
      savedAt: expect.any(String),
    });
    expect((await http(base, "GET", `/buyers/${buyerId}/renewal-card`)).body).toEqual(put.body);
    const [row] = await savedRows(buyerId);
    expect(row).toMatchObject({ customer_id: expect.stringMatching(/^cus_sim_/), consent_checkout_id: null });
    expect(await renew(buyerId)).toMatchObject({ status: "succeeded", card: { brand: "visa", last4: "4242" } });
  });

  it("replaces a card kept at checkout on the same processor customer: the next renewal charges the new one", async () => {
    const buyerId = randomUUID();
    const now = payment.service.composed.deps.clock.now().getTime();
    await keepCard(payment, buyerId, "pm_card_visa", new Date(now - 86_400_000));
    const put = await putCard(buyerId, "pm_card_mastercard");
    expect(put.body).toMatchObject({ brand: "mastercard", last4: "4444" });
    const rows = await savedRows(buyerId);
    expect(rows.map((r) => r.payment_method_id)).toEqual(["pm_card_visa", "pm_card_mastercard"]);
    expect(rows[1]!.customer_id).toBe(rows[0]!.customer_id);
    const charge = await renew(buyerId);
    expect(charge).toMatchObject({ status: "succeeded", card: { brand: "mastercard", last4: "4444" } });
    const [intent] = await payment.database.query<Json>("SELECT * FROM sim_intent WHERE id = $1", [
      charge.processorPaymentId,
    ]);
    expect(intent).toMatchObject({ payment_method: "pm_card_mastercard", customer: rows[0]!.customer_id });
    // The checkout's list keeps its contract (a consent checkout for each card): the card put here is not in it.
    expect((await http(base, "GET", `/buyers/${buyerId}/payment-methods`)).body.items).toEqual([
      expect.objectContaining({ paymentMethodId: "pm_card_visa" }),
    ]);
  });

  it("a card the processor refuses to keep: 422 card-declined, the renewal card unchanged", async () => {
    const buyerId = randomUUID();
    await putCard(buyerId, "pm_card_visa");
    for (const [pm, reason] of [
      ["pm_card_chargeDeclined", "card-declined"],
      ["pm_card_chargeDeclinedExpiredCard", "expired-card"],
      ["pm_nothing_like_this", "processing-error"],
    ] as const) {
      const refused = await putCard(buyerId, pm);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ type: expect.stringContaining("card-declined"), reason });
    }
    expect((await http(base, "GET", `/buyers/${buyerId}/renewal-card`)).body).toMatchObject({ last4: "4242" });
  });

  it("the customer-fail card (4000000000000341) is kept, then every renewal on it is declined: dunning's card", async () => {
    const buyerId = randomUUID();
    const token = await http(base, "POST", "/simulated/payment-methods", {
      number: "4000 0000 0000 0341",
      expMonth: 12,
      expYear: 2034,
      cvc: "123",
    });
    expect(token.status).toBe(201);
    const put = await putCard(buyerId, token.body.id);
    expect(put.body).toMatchObject({ brand: "visa", last4: "0341", expYear: 2034 });
    expect(await renew(buyerId)).toMatchObject({
      status: "failed",
      failureReason: "card-declined",
      declineCode: "generic_decline",
      card: { last4: "0341" },
    });
    expect((await putCard(buyerId, "pm_card_chargeCustomerFail")).body).toMatchObject({ last4: "0341" });
  });

  it("the same key again answers the same card; with another card: 409 idempotency-key-reused", async () => {
    const buyerId = randomUUID();
    const key = randomUUID();
    const first = await putCard(buyerId, "pm_card_visa", key);
    const again = await putCard(buyerId, "pm_card_visa", key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await putCard(buyerId, "pm_card_mastercard", key);
    expect(other.status).toBe(409);
    expect(other.body.type).toContain("idempotency-key-reused");
    expect(await savedRows(buyerId)).toHaveLength(1);
  });

  it("processor unavailable: 503, nothing saved; the retry with the key saves it", async () => {
    const buyerId = randomUUID();
    const { deps } = payment.service.composed;
    const real = deps.processor;
    const down: PaymentProcessor = Object.create(real);
    down.createCustomer = async () => {
      throw new ProcessorUnavailable("connection refused");
    };
    deps.processor = down;
    const key = randomUUID();
    let first;
    try {
      first = await putCard(buyerId, "pm_card_visa", key);
    } finally {
      deps.processor = real;
    }
    expect(first.status).toBe(503);
    expect(await savedRows(buyerId)).toHaveLength(0);
    expect((await putCard(buyerId, "pm_card_visa", key)).status).toBe(200);
    expect(await savedRows(buyerId)).toHaveLength(1);
  });

  it("bad input: 400 naming the field, without an Idempotency-Key too", async () => {
    const buyerId = randomUUID();
    const bad = await http(
      base,
      "PUT",
      `/buyers/${buyerId}/renewal-card`,
      { paymentMethod: "", email: "not an email", name: "A" },
      { "idempotency-key": randomUUID() },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: Json) => e.path)).toEqual(expect.arrayContaining(["paymentMethod", "email"]));
    const noKey = await http(base, "PUT", `/buyers/${buyerId}/renewal-card`, {
      paymentMethod: "pm_card_visa",
      ...buyerInfo,
    });
    expect(noKey.status).toBe(400);
  });
});
