// What a buyer does with its subscriptions through the storefront, against the real payment
// (simulated processor), order and subscription services in one process, bus namespace and frozen
// clock the test moves (nothing sleeps): stopping renewal asked, confirmed and undone, the 409s
// passed through, another buyer's 404s, a declined renewal paid after replacing the card, and the
// renewal's invoice downloaded as a PDF. The buyer id always comes from the token.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { ControllableClock } from "@mkt/service-kit";
import {
  authorizedCheckout,
  call,
  eventually,
  startServices,
  validateOpenApiDocument,
  type Json,
  type UnderTestOf,
} from "@mkt/testing";
import { orderService } from "@mkt/order/bootstrap";
import { paymentService } from "@mkt/payment/bootstrap";
import { subscriptionService } from "@mkt/subscription/bootstrap";
import { storefrontGatewayService } from "../src/bootstrap.js";
import { openApiDocument } from "../src/http/routes.js";
import { company, individual } from "./support/storefront.js";

// Bought on 1 March 2024 at 10:00 in Paris: anchored on 1 March, period 1 due on 1 April at 00:00
// in Paris (22:00 UTC the day before). The demo line: €299.00 a month before VAT, 20% VAT.
const BOUGHT = new Date("2024-03-01T09:00:00.000Z");
const DUE = "2024-03-31T22:00:00.000Z";
const eur = (amount: number) => ({ amount, currency: "EUR" });
const PERIOD_TOTAL = 35_880;

let stop: () => Promise<void>;
let clock: ControllableClock;
let url: string;
let order: UnderTestOf<typeof orderService>;
let subscription: UnderTestOf<typeof subscriptionService>;

beforeAll(async () => {
  clock = new ControllableClock({ start: BOUGHT, frozen: true });
  const started = await startServices(
    "storefront-subscription-actions",
    [
      { name: "payment", definition: paymentService, env: { STRIPE_WEBHOOK_PORT: "0" } },
      { name: "order", definition: orderService },
      { name: "subscription", definition: subscriptionService },
      { name: "storefront-gateway", definition: storefrontGatewayService },
    ],
    { clock },
  );
  stop = started.stop;
  order = started.services.order;
  subscription = started.services.subscription;
  url = `${started.services["storefront-gateway"].service.url}/api/v1`;
}, 60_000);
afterAll(() => stop?.());

const shop = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(url, method, path, options);

interface Buyer {
  buyerId: string;
  email: string;
  password: string;
  token: string;
}

async function signUp(body: Record<string, unknown>): Promise<Buyer> {
  const answer = await shop("POST", "/auth/signup", { body });
  expect(answer.status).toBe(201);
  return {
    buyerId: answer.body.buyer.id,
    email: body.email as string,
    password: body.password as string,
    token: answer.body.tokens.accessToken,
  };
}

/** Access tokens last 15 minutes of the clock: signing in again after the clock moved. */
async function signIn(buyer: Buyer): Promise<void> {
  const answer = await shop("POST", "/auth/login", { body: { email: buyer.email, password: buyer.password } });
  expect(answer.status).toBe(200);
  buyer.token = answer.body.accessToken;
}

/** A checkout of the buyer authorized (as payment publishes it), the vendor's acceptance, the subscription it starts. */
async function subscribe(buyer: Buyer): Promise<string> {
  const vendorId = randomUUID();
  const [orderId] = await authorizedCheckout(order, { buyerId: buyer.buyerId, vendorIds: [vendorId] }, clock.now());
  await eventually(async () => {
    const accepted = await call(order.service.url, "POST", `/orders/${orderId}/accept`, { body: { vendorId } });
    expect(accepted.status).toBe(200);
  });
  let subscriptionId = "";
  await eventually(async () => {
    const listed = await shop("GET", "/subscriptions", { token: buyer.token });
    const started = (listed.body.items as Json[]).find((item) => item.orderId === orderId);
    expect(started).toBeDefined();
    subscriptionId = started!.subscriptionId;
  });
  return subscriptionId;
}

const putCard = (buyer: Buyer, paymentMethod: string) =>
  shop("PUT", "/account/payment-method", {
    token: buyer.token,
    body: { paymentMethod },
    headers: { "idempotency-key": randomUUID() },
  });

/** Moves the clock and lets every due timer of the subscription service fire (its renewal worker then charges). */
async function at(instant: string): Promise<void> {
  clock.set(new Date(instant));
  while ((await subscription.service.timerRunner.fireNext()) === "more");
}

let alice: Buyer;
let bob: Buyer;
let id: string;

beforeAll(async () => {
  alice = await signUp(company({ legalName: "Abonnée SAS" }));
  bob = await signUp(individual({ name: "Bob Martin" }));
  id = await subscribe(alice);
});

describe("a buyer's subscription through the storefront", () => {
  it("shows the cancellation and each period's payment, never the marketplace's fee", async () => {
    const shown = await shop("GET", `/subscriptions/${id}`, { token: alice.token });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      subscriptionId: id,
      state: "active",
      cancellation: null,
      periodTotals: { subtotal: eur(29_900), vat: eur(5_980), total: eur(PERIOD_TOTAL) },
      nextDue: { period: 1, on: "2024-04-01", at: DUE, amount: eur(PERIOD_TOTAL) },
      periods: [
        {
          number: 0,
          state: "paid",
          paidBy: "order",
          paidAt: expect.any(String),
          paymentId: null,
          invoiceNumber: null,
          failures: 0,
          lastFailure: null,
        },
      ],
    });
    expect(shown.body.periodTotals.fee).toBeUndefined();
  });

  it("stops renewal: asked (the last day of service, the amount no longer charged), confirmed, then undone", async () => {
    const asked = await shop("POST", `/subscriptions/${id}/cancellation`, { token: alice.token });
    expect(asked.status).toBe(201);
    expect(asked.body).toEqual({
      subscriptionId: id,
      status: "requested",
      lastDayOfService: "2024-03-31",
      effectiveOn: "2024-04-01",
      deferredByCommitment: false,
      expiresAt: new Date(BOUGHT.getTime() + 60 * 60 * 1000).toISOString(),
      amountNoLongerCharged: eur(PERIOD_TOTAL),
    });
    expect((await shop("GET", `/subscriptions/${id}`, { token: alice.token })).body.cancellation).toMatchObject({
      status: "requested",
    });

    const confirmed = await shop("POST", `/subscriptions/${id}/cancellation/confirm`, { token: alice.token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: "confirmed", expiresAt: null, effectiveOn: "2024-04-01" });
    // Asked again once confirmed: the service's 409 as it came.
    const again = await shop("POST", `/subscriptions/${id}/cancellation`, { token: alice.token });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    expect(again.body.type).toBe("/problems/already-cancelled");

    const undone = await shop("DELETE", `/subscriptions/${id}/cancellation`, { token: alice.token });
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ subscriptionId: id, state: "active", cancellation: null });
    expect(undone.body.periodTotals.fee).toBeUndefined();
    const nothingToUndo = await shop("DELETE", `/subscriptions/${id}/cancellation`, { token: alice.token });
    expect(nothingToUndo.status).toBe(409);
    expect(nothingToUndo.body.type).toBe("/problems/no-cancellation");
  });

  it("another buyer's subscription is a 404 for every action, and nothing changes", async () => {
    for (const [method, path] of [
      ["POST", `/subscriptions/${id}/cancellation`],
      ["POST", `/subscriptions/${id}/cancellation/confirm`],
      ["DELETE", `/subscriptions/${id}/cancellation`],
      ["POST", `/subscriptions/${id}/payment`],
      ["GET", `/subscriptions/${id}/invoices/ABCD-2024-000001`],
    ] as const) {
      const answer = await shop(method, path, { token: bob.token });
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
    }
    expect((await shop("GET", `/subscriptions/${id}`, { token: alice.token })).body.cancellation).toBeNull();
  });

  it("needs a buyer token; an unknown id is a 404 and a malformed invoice number a 400", async () => {
    expect((await shop("POST", `/subscriptions/${id}/cancellation`)).status).toBe(401);
    expect((await shop("POST", `/subscriptions/${id}/payment`)).status).toBe(401);
    expect((await shop("GET", `/subscriptions/${id}/invoices/ABCD-2024-000001`)).status).toBe(401);
    // Ids are opaque: one naming nothing is the subscription service's 404, never a 500.
    const unknownId = await shop("POST", "/subscriptions/not-an-id/cancellation", { token: alice.token });
    expect(unknownId.status).toBe(404);
    expect(unknownId.headers.get("content-type")).toContain("application/problem+json");
    const badNumber = await shop("GET", `/subscriptions/${id}/invoices/nope`, { token: alice.token });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.errors.map((error: Json) => error.path)).toEqual(["params.number"]);
  });

  it("nothing open to pay while active: the 409 subscription-state-conflict passes through", async () => {
    const paying = await shop("POST", `/subscriptions/${id}/payment`, { token: alice.token });
    expect(paying.status).toBe(409);
    expect(paying.body).toMatchObject({ type: "/problems/subscription-state-conflict", subscriptionState: "active" });
  });

  it("within 24 hours of the renewal: 409 too-late-to-cancel with the date a cancellation would take effect", async () => {
    await at("2024-03-31T00:00:00.000Z");
    await signIn(alice);
    const tooLate = await shop("POST", `/subscriptions/${id}/cancellation`, { token: alice.token });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body).toMatchObject({ type: "/problems/too-late-to-cancel", possibleFrom: "2024-05-01" });
  });

  it("a declined renewal is paid with the replaced card, and its invoice downloads as a PDF", async () => {
    // Stripe's test card that attaches but whose every charge is declined.
    expect((await putCard(alice, "pm_card_chargeCustomerFail")).status).toBe(200);
    await at(DUE);
    await signIn(alice);
    await eventually(async () => {
      const shown = await shop("GET", `/subscriptions/${id}`, { token: alice.token });
      expect(shown.body).toMatchObject({
        state: "past_due",
        periods: [{ number: 1, state: "failed", failures: 1 }, { number: 0 }],
      });
    });
    const failed = (await shop("GET", `/subscriptions/${id}`, { token: alice.token })).body;
    expect(failed.periods[0].lastFailure).toEqual({ reason: "card-declined", declineCode: "generic_decline" });

    expect((await putCard(alice, "pm_card_visa")).status).toBe(200);
    const paying = await shop("POST", `/subscriptions/${id}/payment`, { token: alice.token });
    expect(paying.status).toBe(202);
    expect(paying.body).toMatchObject({ subscriptionId: id, periods: [{ number: 1 }, { number: 0 }] });
    expect(paying.body.periodTotals.fee).toBeUndefined();
    let paid: Json = {};
    await eventually(async () => {
      paid = (await shop("GET", `/subscriptions/${id}`, { token: alice.token })).body;
      expect(paid).toMatchObject({
        state: "active",
        nextDue: { period: 2, on: "2024-05-01" },
        periods: [
          {
            number: 1,
            state: "paid",
            paidBy: "renewal",
            paidAt: DUE,
            paymentId: expect.any(String),
            invoiceNumber: expect.stringMatching(/^[A-Z0-9]{1,8}-2024-\d{6,}$/),
            failures: 1,
          },
          { number: 0 },
        ],
      });
    });
    const number = paid.periods[0].invoiceNumber as string;

    const invoice = await fetch(`${url}/subscriptions/${id}/invoices/${number}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get("content-type")).toContain("application/pdf");
    const bytes = new Uint8Array(await invoice.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const folder = mkdtempSync(join(tmpdir(), "storefront-invoice-"));
    try {
      writeFileSync(join(folder, "invoice.pdf"), bytes);
      const text = execFileSync("pdftotext", [join(folder, "invoice.pdf"), "-"]).toString();
      expect(text).toContain(number);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }

    // Another buyer cannot have it, nor can the buyer have a number its purchase does not carry.
    await signIn(bob);
    expect((await shop("GET", `/subscriptions/${id}/invoices/${number}`, { token: bob.token })).status).toBe(404);
    const unknown = number.replace(/\d+$/, (digits) => String(Number(digits) + 1000).padStart(digits.length, "0"));
    expect((await shop("GET", `/subscriptions/${id}/invoices/${unknown}`, { token: alice.token })).status).toBe(404);
  });
});

describe("the subscription actions in the storefront's OpenAPI document", () => {
  it("documents each for the signed-in buyer, with its statuses, and the invoice as a PDF", () => {
    const document = openApiDocument();
    expect(validateOpenApiDocument(document)).toEqual({ valid: true });
    const base = "/subscriptions/{subscriptionId}";
    const operations = [
      [document.paths[`${base}/cancellation`]!.post!, ["201", "404", "409"]],
      [document.paths[`${base}/cancellation/confirm`]!.post!, ["200", "404", "409"]],
      [document.paths[`${base}/cancellation`]!.delete!, ["200", "404", "409"]],
      [document.paths[`${base}/payment`]!.post!, ["202", "404", "409"]],
      [document.paths[`${base}/invoices/{number}`]!.get!, ["200", "404"]],
    ] as const;
    for (const [operation, statuses] of operations) {
      expect(operation.security).toEqual([{ buyerToken: [] }]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining([...statuses]));
    }
    expect(document.paths[`${base}/cancellation`]!.post!.responses["201"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/CancellationAnswer" } } },
    });
    expect(document.paths[`${base}/payment`]!.post!.responses["202"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/MySubscriptionDetails" } } },
    });
    const invoice = document.paths[`${base}/invoices/{number}`]!.get!.responses["200"] as {
      content: Record<string, unknown>;
    };
    expect(Object.keys(invoice.content)).toEqual(["application/pdf"]);
  });
});
