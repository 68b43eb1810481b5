import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { CartCheckoutSubmittedV1, OrderAcceptedV1 } from "@mkt/contracts";
import { startService } from "@mkt/service-kit";
import { deleteBusNamespace, eventually, testSettings, uniqueBusNamespace } from "@mkt/testing";
import { paymentService } from "../src/bootstrap.js";
import {
  checkoutSubmitted,
  http,
  orderFacts,
  publish,
  startPayment,
  type Json,
  type PaymentUnderTest,
} from "./support/payment.js";

const namespace = uniqueBusNamespace("payment-cards");
let payment: PaymentUnderTest;
let base: string;
const written: string[] = [];

beforeAll(async () => {
  // Every log line the service writes (pino writes to fd 1 with fs.write/fs.writeSync).
  const capture = (data: unknown) =>
    written.push(typeof data === "string" ? data : Buffer.isBuffer(data) ? data.toString("utf8") : String(data));
  const writeSync = fs.writeSync.bind(fs);
  jest.spyOn(fs, "writeSync").mockImplementation(((fd: number, data: never, ...rest: never[]) => {
    capture(data);
    return fd === 1 || fd === 2
      ? typeof data === "string"
        ? Buffer.byteLength(data)
        : (data as Buffer).length
      : writeSync(fd, data, ...rest);
  }) as typeof fs.writeSync);
  jest.spyOn(process.stdout, "write").mockImplementation((data: string | Uint8Array) => {
    capture(data);
    return true;
  });
  payment = await startPayment(namespace, { LOG_LEVEL: "trace" });
  base = payment.service.url;
});
afterAll(async () => {
  await payment?.stop();
  await deleteBusNamespace(namespace);
  jest.restoreAllMocks();
});

const tokenize = (number: string, expYear = 2031) =>
  http(base, "POST", "/simulated/payment-methods", { number, expMonth: 8, expYear, cvc: "123" });

async function outcomeOf(paymentMethod: string): Promise<Json> {
  const checkout = checkoutSubmitted(paymentMethod, [2_500]);
  await publish(payment, CartCheckoutSubmittedV1, checkout);
  return eventually(async () => {
    const answer = await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`);
    expect(["authorized", "declined", "action-required"]).toContain(answer.body.status);
    return answer.body;
  });
}

describe("the simulated processor's tokenize step (Stripe's test card numbers)", () => {
  it.each([
    ["4242424242424242", "visa", "authorized", null],
    ["4000000000000002", "visa", "declined", "card-declined"],
    ["4000000000009995", "visa", "declined", "insufficient-funds"],
    ["4000002500003155", "visa", "action-required", null],
  ])("%s → a pm_… token that behaves as Stripe's test card", async (number, brand, status, reason) => {
    const token = await tokenize(number);
    expect(token.status).toBe(201);
    expect(token.body).toEqual({
      id: expect.stringMatching(/^pm_sim_[0-9a-f]+$/),
      brand,
      last4: number.slice(-4),
      expMonth: 8,
      expYear: 2031,
    });
    const answer = await outcomeOf(token.body.id);
    expect(answer.status).toBe(status);
    if (reason) expect(answer.declineReason).toBe(reason);
  });

  it("a past expiry makes the token decline as an expired card", async () => {
    const token = await tokenize("4242 4242 4242 4242", 2001);
    expect((await outcomeOf(token.body.id)).declineReason).toBe("expired-card");
  });

  it("refuses any other number (422) and bad input (400), without echoing the number", async () => {
    const other = await tokenize("4111111111111111");
    expect(other.status).toBe(422);
    expect(other.body.type).toBe("/problems/card-not-accepted");
    expect(other.text).not.toContain("4111111111111111");
    const bad = await http(base, "POST", "/simulated/payment-methods", {
      number: "4242424242424242",
      expMonth: 13,
      expYear: 2031,
      cvc: "12a",
    });
    expect(bad.status).toBe(400);
    expect(bad.text).not.toContain("4242424242424242");
  });

  it("never stores or logs a card number", async () => {
    await tokenize("4000000000009995");
    await tokenize("4111111111111111");
    const tables = await payment.database.query<Json>(
      "SELECT (SELECT json_agg(t) FROM sim_payment_method t)::text AS methods, (SELECT json_agg(t) FROM sim_request t)::text AS requests, (SELECT json_agg(t) FROM sim_intent t)::text AS intents",
    );
    const stored = JSON.stringify(tables);
    const logs = written.join("");
    expect(logs).toContain("request handled"); // the capture does see the service's logs
    for (const number of [
      "4242424242424242",
      "4000000000000002",
      "4000000000009995",
      "4000002500003155",
      "4111111111111111",
    ]) {
      expect(stored).not.toContain(number);
      expect(logs).not.toContain(number);
    }
  });
});

describe("saving the card for renewals (with consent only)", () => {
  it("keeps brand, last 4 and expiry of a consented card; not of the others", async () => {
    const buyerId = randomUUID();
    const token = await tokenize("4242424242424242");
    const withConsent = checkoutSubmitted(token.body.id, [3_000], { saveForRenewals: true, buyerId });
    const withoutConsent = checkoutSubmitted("pm_card_mastercard", [3_000], { saveForRenewals: false, buyerId });
    await publish(payment, CartCheckoutSubmittedV1, withConsent);
    await publish(payment, CartCheckoutSubmittedV1, withoutConsent);
    for (const c of [withConsent, withoutConsent]) {
      await eventually(async () =>
        expect((await http(base, "GET", `/checkouts/${c.checkoutId}/payments`)).body.status).toBe("authorized"),
      );
    }
    const saved = await http(base, "GET", `/buyers/${buyerId}/payment-methods`);
    expect(saved.body.items).toEqual([
      {
        paymentMethodId: token.body.id,
        brand: "visa",
        last4: "4242",
        expMonth: 8,
        expYear: 2031,
        savedAt: expect.any(String),
        consentCheckoutId: withConsent.checkoutId,
      },
    ]);
    expect((await http(base, "GET", `/buyers/${randomUUID()}/payment-methods`)).body).toEqual({ items: [] });
  });
});

describe("the simulated processor's state", () => {
  it("survives a restart: an authorization made before is captured after", async () => {
    const checkout = checkoutSubmitted("pm_card_visa", [6_600]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const authorized = await eventually(async () => {
      const answer = await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`);
      expect(answer.body.status).toBe("authorized");
      return answer.body;
    });
    await payment.service.stop();
    const restarted = await startService(paymentService, {
      env: testSettings({ DATABASE_URL: payment.database.url, BUS_NAMESPACE: namespace, PAYMENT_WORK_POLL_MS: "50" }),
    });
    try {
      const { db, outbox } = restarted.deps;
      await db.transaction((tx) =>
        outbox.add(tx, OrderAcceptedV1, {
          order: orderFacts(checkout, 0, authorized.payments[0].paymentId),
          by: { kind: "vendor", id: "v" },
          late: false,
          acceptedAt: "2026-11-24T12:00:00.000Z",
        }),
      );
      await eventually(async () =>
        expect((await http(restarted.url, "GET", `/orders/${checkout.orders[0]!.orderId}/payment`)).body).toMatchObject(
          { status: "captured", capturedAmount: { amount: 6_600 } },
        ),
      );
    } finally {
      await restarted.stop();
      payment = { ...payment, stop: () => payment.database.drop() } as PaymentUnderTest;
    }
  });
});
