// A buyer's whole purchase through the storefront, against the real services in one process and
// bus namespace: vendor-kyc and the catalog (a vendor approved, a solution published), the cart,
// payment (its simulated card processor), order and subscription; the vendor answers through
// vendor-api and the operator watches through backoffice-api. The buyer id always comes from the token.
import { randomUUID } from "node:crypto";
import { eventually, OPERATOR, call, type Json } from "@mkt/testing";
import { applyAndSubmit, approve, demoVendors, publishSolution, signIn, type GatewayUrls } from "@mkt/demo-world";
import { company, individual, startMarketplace, type Marketplace } from "./support/storefront.js";

let market: Marketplace;
let urls: GatewayUrls;
const vendorCompany = demoVendors[0]!.company;
let planId: string;
let alice: Json;
let bob: Json;

/** Test cards of the simulated processor (Stripe's numbers). */
const CARDS = { visa: "4242 4242 4242 4242", declined: "4000000000000002", threeDSecure: "4000002500003155" };

beforeAll(async () => {
  market = await startMarketplace("storefront-checkout", { orders: true });
  urls = { storefront: market.urls.storefront, vendorApi: market.urls.vendor, backoffice: market.urls.ops };
  const operatorToken = await signIn(urls.backoffice, OPERATOR.email, OPERATOR.password);
  const vendor = await applyAndSubmit(urls, vendorCompany);
  await approve(urls, operatorToken, vendor.vendorId);
  // Postgres Managé's Essentiel: monthly, no free trial, so that checkout charges it.
  const productId = await publishSolution(urls, vendor.token, demoVendors[0]!.solutions[1]!);
  planId = ((await shop("GET", `/products/${productId}`)).body.plans as Json[]).find(
    (plan) => plan.name === "Essentiel",
  ).planId;
  alice = (
    await shop("POST", "/auth/signup", {
      body: company({
        legalName: "Alice Industries SAS",
        address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
      }),
    })
  ).body;
  bob = (await shop("POST", "/auth/signup", { body: individual({ name: "Bob Martin" }) })).body;
}, 180_000); // seven services start in-process and a vendor is onboarded: slow on a loaded CI machine
afterAll(() => market?.stop());

const shop = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(market.urls.storefront, method, path, options);
const vendorApi = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(market.urls.vendor, method, path, options);
const ops = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(market.urls.ops, method, path, options);
const tokenOf = (buyer: Json) => buyer.tokens.accessToken as string;

async function download(path: string, token: string) {
  const response = await fetch(`${market.urls.storefront}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** A plan in the buyer's cart, once the cart has heard of the plan (catalog.product-updated). */
async function addToCart(token: string, quantity = 1): Promise<Json> {
  return eventually(async () => {
    const added = await shop("POST", "/cart/items", { token, body: { planId, quantity } });
    expect([added.status, added.body?.errors]).toEqual([201, undefined]);
    return added.body;
  });
}

async function cardToken(token: string, number: string): Promise<string> {
  const card = await shop("POST", "/payment-methods/test-cards", {
    token,
    body: { number, expMonth: 12, expYear: 2035, cvc: "123" },
  });
  expect(card.status).toBe(201);
  return card.body.id as string;
}

/** POST /checkout, retried while the cart has not heard of the buyer yet (409 buyer-unknown), then followed until it is no longer pending. */
async function checkout(token: string, paymentMethod: string, key = randomUUID()) {
  const first = await eventually(async () => {
    const answer = await shop("POST", "/checkout", {
      token,
      body: { paymentMethod },
      headers: { "idempotency-key": key },
    });
    expect(answer.body?.type).not.toBe("/problems/buyer-unknown");
    return answer;
  });
  if (first.status !== 202 || first.body.status !== "pending") return { ...first, key };
  expect(first.headers.get("location")).toBe(`/api/v1/checkouts/${first.body.checkoutId}`);
  const settled = await eventually(async () => {
    const answer = await shop("GET", `/checkouts/${first.body.checkoutId}`, { token });
    expect(answer.body.status).not.toBe("pending");
    return answer;
  });
  return { ...settled, key };
}

describe("buying through the storefront", () => {
  let orderId: string;
  let checkoutId: string;

  it("fills the cart, pays it by card and answers with the order created for the vendor", async () => {
    const token = tokenOf(alice);
    const cart = await addToCart(token, 2);
    expect(cart).toMatchObject({
      buyerId: alice.buyer.id,
      lines: [{ planId, quantity: 2, vendor: { legalName: vendorCompany.legalName } }],
      pendingCheckoutId: null,
    });
    const itemId = cart.lines[0].id as string;
    expect(await shop("PATCH", `/cart/items/${itemId}`, { token, body: { quantity: 3 } })).toMatchObject({
      status: 200,
      body: { lines: [{ quantity: 3 }] },
    });
    expect(await shop("PATCH", `/cart/items/${itemId}`, { token, body: { quantity: 101 } })).toMatchObject({
      status: 400,
      body: { errors: [{ path: "quantity" }] },
    });
    expect(await shop("POST", "/cart/refresh", { token })).toMatchObject({ status: 200, body: { changes: [] } });
    expect((await shop("GET", "/cart", { token })).body.totals.subtotal).toEqual({ amount: 3 * 1900, currency: "EUR" });

    const paymentMethod = await cardToken(token, CARDS.visa);
    const keyless = await shop("POST", "/checkout", { token, body: { paymentMethod } });
    expect(keyless).toMatchObject({ status: 400, body: { errors: [{ path: "headers.idempotency-key" }] } });

    const paid = await checkout(token, paymentMethod);
    expect([200, 201]).toContain(paid.status);
    expect(paid.body).toMatchObject({
      status: "completed",
      orders: [
        {
          state: "transmitted",
          vendor: { legalName: vendorCompany.legalName },
          buyer: { buyerId: alice.buyer.id },
          lines: [{ quantity: 3 }],
        },
      ],
    });
    orderId = paid.body.orders[0].orderId;
    checkoutId = paid.body.checkoutId;
    // The same key answers the same checkout; the lines left the cart.
    const again = await shop("POST", "/checkout", {
      token,
      body: { paymentMethod },
      headers: { "idempotency-key": paid.key },
    });
    expect(again).toMatchObject({ status: 201, body: { checkoutId, status: "completed", orders: [{ orderId }] } });
    expect(await shop("GET", `/checkouts/${checkoutId}`, { token })).toMatchObject({
      status: 200,
      body: { checkoutId, status: "completed" },
    });
    expect((await shop("GET", "/cart", { token })).body.lines).toEqual([]);
  });

  it("shows the purchase in My purchases with its vendor's contact, timeline, documents and payment", async () => {
    const token = tokenOf(alice);
    const list = await shop("GET", "/purchases", { token });
    expect(list).toMatchObject({ status: 200, body: { items: [{ orderId, state: "transmitted" }], nextCursor: null } });
    const details = await shop("GET", `/purchases/${orderId}`, { token });
    expect(details).toMatchObject({
      status: 200,
      body: {
        orderId,
        state: "transmitted",
        vendor: { legalName: vendorCompany.legalName, publicContact: vendorCompany.publicContact },
        buyer: { buyerId: alice.buyer.id, address: { city: "Paris", country: "FR" } },
        documents: [{ kind: "purchase-order" }],
        timeline: [{ from: null, to: "transmitted" }],
        payment: { status: "authorized", amount: details.body.totals.total },
        // Nothing starts before the vendor accepts.
        subscriptions: [],
      },
    });
    // The vendor's fee is the vendor's business, not the buyer's.
    expect(details.body.totals).not.toHaveProperty("fee");
    expect(details.body).not.toHaveProperty("paymentId");
    const purchaseOrder = await download(`/purchases/${orderId}/documents/purchase-order`, token);
    expect(purchaseOrder).toMatchObject({ status: 200, contentType: "application/pdf" });
    expect(purchaseOrder.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await download(`/purchases/${orderId}/documents/invoice`, token)).status).toBe(404);
    // Not overdue yet: the buyer cannot cancel (409, saying when it can).
    expect(await shop("POST", `/purchases/${orderId}/cancel`, { token })).toMatchObject({
      status: 409,
      body: { type: "/problems/order-not-overdue-yet" },
    });
  });

  it("shows another buyer nothing of it: 404 everywhere", async () => {
    const token = tokenOf(bob);
    expect((await shop("GET", "/purchases", { token })).body.items).toEqual([]);
    expect((await shop("GET", `/purchases/${orderId}`, { token })).status).toBe(404);
    expect((await download(`/purchases/${orderId}/documents/purchase-order`, token)).status).toBe(404);
    expect((await shop("POST", `/purchases/${orderId}/cancel`, { token })).status).toBe(404);
    expect((await shop("GET", `/checkouts/${checkoutId}`, { token })).status).toBe(404);
    expect((await shop("GET", `/purchases/${orderId}`, { token: tokenOf(alice) })).body.state).toBe("transmitted");
  });

  it("answers a declined card with a 402 problem and leaves the cart as it was", async () => {
    const token = tokenOf(alice);
    await addToCart(token);
    const declined = await checkout(token, await cardToken(token, CARDS.declined));
    expect(declined).toMatchObject({
      status: 402,
      body: { type: "/problems/payment-declined", status: 402, reason: "card-declined", detail: expect.any(String) },
    });
    expect(declined.headers.get("content-type")).toContain("application/problem+json");
    expect((await shop("GET", `/checkouts/${declined.body.checkoutId}`, { token })).status).toBe(402);
    await eventually(async () =>
      expect((await shop("GET", "/cart", { token })).body).toMatchObject({
        lines: [{ planId, quantity: 1 }],
        pendingCheckoutId: null,
      }),
    );
  });

  it("answers 202 with where to authenticate when the card asks for 3-D Secure, then the order once the buyer passed it", async () => {
    const token = tokenOf(alice);
    const asked = await checkout(token, await cardToken(token, CARDS.threeDSecure));
    expect(asked).toMatchObject({
      status: 202,
      body: { status: "action-required", redirectUrl: expect.stringMatching(/^https?:\/\//) },
    });
    expect(asked.headers.get("location")).toBe(`/api/v1/checkouts/${asked.body.checkoutId}`);
    expect(await shop("GET", `/checkouts/${asked.body.checkoutId}`, { token })).toMatchObject({
      status: 202,
      body: { status: "action-required" },
    });

    // The buyer passes the bank's check (the simulated processor's page): the checkout completes.
    const authenticationId = /\/simulated\/authentications\/([^/?]+)/.exec(asked.body.redirectUrl)?.[1];
    expect(authenticationId).toBeDefined();
    expect(
      (
        await call(market.payment!.service.url, "POST", `/simulated/authentications/${authenticationId}`, {
          body: { outcome: "approve" },
        })
      ).status,
    ).toBe(200);
    const completed = await eventually(async () => {
      const answer = await shop("GET", `/checkouts/${asked.body.checkoutId}`, { token });
      expect(answer.status).toBe(200);
      return answer;
    });
    expect(completed.body).toMatchObject({
      status: "completed",
      orders: [{ state: "transmitted", lines: [{ quantity: 1 }] }],
    });
  });

  it("lets the vendor accept and deliver: the buyer then sees it delivered, charged, with its invoice", async () => {
    const vendorToken = await signIn(urls.vendorApi, vendorCompany.email, vendorCompany.password);
    const listed = await vendorApi("GET", "/orders", { token: vendorToken });
    expect([listed.status, listed.body.type]).toEqual([200, undefined]);
    expect(listed.body.items.map((item: Json) => item.orderId)).toContain(orderId);
    expect(await vendorApi("POST", `/orders/${orderId}/accept`, { token: vendorToken })).toMatchObject({
      status: 200,
      body: { state: "accepted" },
    });
    const delivered = await vendorApi("POST", `/orders/${orderId}/deliver`, {
      token: vendorToken,
      body: { accessUrl: "https://vault.nuage.example/alice", instructions: "Sign in with your SSO." },
    });
    expect(delivered).toMatchObject({ status: 200, body: { state: "delivered" } });

    const token = tokenOf(alice);
    const details = await eventually(async () => {
      const answer = await shop("GET", `/purchases/${orderId}`, { token });
      expect(answer.body.payment.status).toBe("captured");
      expect(answer.body.subscriptions).toHaveLength(1);
      return answer;
    });
    // The acceptance started the plan line's subscription: shown in the purchase and in My
    // subscriptions. The order paid its first period, so the next charge is the first renewal's,
    // a month after the anchor, at the order's total (its only line).
    const [subscription] = details.body.subscriptions as Json[];
    expect(details.body.lines[0].trialDays).toBe(0);
    expect(subscription).toMatchObject({
      orderId,
      lineId: details.body.lines[0].lineId,
      planId,
      state: "active",
      timeZone: "Europe/Paris",
      trialEndsOn: null,
      nextDue: { period: 1, amount: details.body.totals.total },
      periodTotals: details.body.totals,
    });
    expect(subscription.nextDue.on > subscription.anchor).toBe(true);
    expect(subscription.periodTotals).not.toHaveProperty("fee");
    const mine = await shop("GET", "/subscriptions", { token });
    expect(mine).toMatchObject({ status: 200, body: { items: [subscription], nextCursor: null } });
    const one = await shop("GET", `/subscriptions/${subscription.subscriptionId}`, { token });
    expect(one).toMatchObject({
      status: 200,
      body: { ...subscription, periods: [{ number: 0, state: "paid", paidBy: "order" }] },
    });
    expect(one.body.periodTotals).not.toHaveProperty("fee");
    // Another buyer sees nothing of it.
    expect((await shop("GET", `/subscriptions/${subscription.subscriptionId}`, { token: tokenOf(bob) })).status).toBe(
      404,
    );
    expect((await shop("GET", "/subscriptions", { token: tokenOf(bob) })).body.items).toEqual([]);
    expect((await shop("GET", "/subscriptions?state=paused", { token })).status).toBe(400);
    expect(details.body).toMatchObject({
      state: "delivered",
      delivery: { accessUrl: "https://vault.nuage.example/alice" },
      documents: expect.arrayContaining([expect.objectContaining({ kind: "invoice" })]),
    });
    expect(details.body.timeline.map((entry: Json) => entry.to)).toEqual(["transmitted", "accepted", "delivered"]);
    const invoice = await download(`/purchases/${orderId}/documents/invoice`, token);
    expect(invoice).toMatchObject({ status: 200, contentType: "application/pdf" });
  });

  it("lets the buyer cancel an order left unanswered past 48 hours, which the operators see as overdue", async () => {
    // A buyer of its own, so the orders above stay out of the way.
    const fresh = (await shop("POST", "/auth/signup", { body: company({ legalName: "Carol SAS" }) })).body;
    let token = tokenOf(fresh);
    await addToCart(token);
    const paid = await checkout(token, await cardToken(token, CARDS.visa));
    expect(paid.body.status).toBe("completed");
    const late = paid.body.orders[0].orderId as string;

    market.clock.advanceBy(48 * 3_600_000 + 60_000);
    const login = await shop("POST", "/auth/login", {
      body: { email: fresh.buyer.email, password: "a long enough passphrase" },
    });
    token = login.body.accessToken;
    const operatorToken = await signIn(urls.backoffice, OPERATOR.email, OPERATOR.password);
    await eventually(async () =>
      expect(
        (await ops("GET", "/orders?overdue=true", { token: operatorToken })).body.items.map(
          (item: Json) => item.orderId,
        ),
      ).toContain(late),
    );
    expect((await shop("GET", `/purchases/${late}`, { token })).body.state).toBe("overdue");

    const cancelled = await shop("POST", `/purchases/${late}/cancel`, { token });
    expect(cancelled).toMatchObject({
      status: 200,
      body: { orderId: late, state: "cancelled", cancellationReason: "buyer-cancelled-overdue" },
    });
    await eventually(async () =>
      expect((await shop("GET", `/purchases/${late}`, { token })).body.payment.status).toBe("released"),
    );
  });
});
