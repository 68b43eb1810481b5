import { call, type Json } from "@mkt/testing";
// Who may reach the cart, checkout and purchases routes, and which buyer the services are asked
// about: always the token's. The services behind stand in as one fake that records every call
// (the real ones answer in test/checkout.test.ts), so a refused credential is shown to reach none.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { ControllableClock } from "@mkt/service-kit";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens, generateApiKey, type AccessClaims } from "@mkt/gateway-kit";
import { company, individual, startStorefront, type Storefront } from "./support/storefront.js";

interface Recorded {
  method: string;
  url: string;
  body: Json;
}

/** cart, payment and order in one: a checkout that stays pending, empty lists, a cart per buyer. */
async function startFakeServices() {
  const calls: Recorded[] = [];
  const money = { amount: 0, currency: "EUR" };
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = "";
      req.on("data", (chunk) => (text += chunk));
      req.on("end", () => resolve(text));
    });
  const server = createServer(async (req, res) => {
    const text = await read(req);
    calls.push({ method: req.method ?? "", url: req.url ?? "", body: text ? JSON.parse(text) : undefined });
    const url = new URL(req.url ?? "/", "http://localhost");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": status >= 400 ? "application/problem+json" : "application/json" });
      res.end(JSON.stringify(body));
    };
    const cart = /^\/carts\/([^/]+)$/.exec(url.pathname);
    const checkout = /^\/carts\/([^/]+)\/checkouts(?:\/([^/]+))?$/.exec(url.pathname);
    if (cart)
      return json(200, {
        buyerId: cart[1],
        currency: "EUR",
        lines: [],
        vendors: [],
        totals: { subtotal: money, vat: money, total: money },
        pendingCheckoutId: null,
      });
    if (checkout) {
      return json(checkout[2] ? 200 : 202, {
        id: checkout[2] ?? "chk-1",
        buyerId: checkout[1],
        status: "pending",
        orderIds: ["ord-1"],
        redirectUrl: null,
        decline: null,
        totals: { subtotal: money, vat: money, total: money },
        submittedAt: "2026-11-24T10:00:00.000Z",
        settledAt: null,
      });
    }
    if (url.pathname === "/orders" || url.pathname === "/subscriptions")
      return json(200, { items: [], nextCursor: null });
    return json(404, { type: "/problems/not-found", title: "Not found", status: 404 });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let services: Awaited<ReturnType<typeof startFakeServices>>;
let storefront: Storefront;
let alice: Json;
let bob: Json;
beforeAll(async () => {
  services = await startFakeServices();
  storefront = await startStorefront("storefront-checkout-authz", {
    CART_URL: services.url,
    PAYMENT_URL: services.url,
    ORDER_URL: services.url,
    SUBSCRIPTION_URL: services.url,
    CHECKOUT_WAIT_MS: "300",
  });
  alice = (await api("POST", "/auth/signup", { body: company({ legalName: "Alice SAS" }) })).body;
  bob = (await api("POST", "/auth/signup", { body: individual({ name: "Bob" }) })).body;
});
afterAll(async () => {
  await storefront?.stop();
  await services?.stop();
});

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(storefront.url, method, path, options);
const tokenOf = async (audience: string, claims: AccessClaims) =>
  (await createAccessTokens({ secret: DEVELOPMENT_TOKEN_SECRET, audience, clock: storefront.clock }).issue(claims))
    .token;

/** Every new buyer route, with a valid request for each. */
const ROUTES: [method: string, path: string, body?: unknown][] = [
  ["GET", "/cart"],
  ["POST", "/cart/items", { planId: "plan-1", quantity: 1 }],
  ["PATCH", "/cart/items/item-1", { quantity: 2 }],
  ["DELETE", "/cart/items/item-1"],
  ["POST", "/cart/refresh"],
  ["POST", "/checkout", { paymentMethod: "pm_1" }],
  ["GET", "/checkouts/chk-1"],
  ["GET", "/purchases"],
  ["GET", "/purchases/ord-1"],
  ["GET", "/purchases/ord-1/documents/purchase-order"],
  ["GET", "/purchases/ord-1/documents/invoice"],
  ["POST", "/purchases/ord-1/cancel"],
  ["GET", "/subscriptions"],
  ["GET", "/subscriptions/sub-1"],
  ["POST", "/payment-methods/test-cards", { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" }],
];

const CREDENTIALS: [string, () => Promise<string | undefined>, number[]][] = [
  ["no token", async () => undefined, [401]],
  [
    "a vendor user's token (vendor-api audience)",
    () => tokenOf("vendor-api", { sub: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b", role: "vendor", vendorId: "v-1" }),
    [401],
  ],
  [
    "an operator's token (backoffice-api audience)",
    () => tokenOf("backoffice-api", { sub: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b", role: "operator" }),
    [401],
  ],
  [
    "a buyer token of another gateway's audience",
    () => tokenOf("vendor-api", { sub: alice.buyer.id, role: "buyer" }),
    [401],
  ],
  ["a vendor API key", async () => generateApiKey(new Date()).key, [401]],
  [
    "a vendor-role token for this gateway",
    () => tokenOf("storefront-gateway", { sub: alice.buyer.id, role: "vendor" }),
    [403],
  ],
  [
    "an expired buyer token",
    async () =>
      (
        await createAccessTokens({
          secret: DEVELOPMENT_TOKEN_SECRET,
          audience: "storefront-gateway",
          clock: new ControllableClock({ start: new Date(storefront.clock.now().getTime() - 16 * 60 * 1000) }),
        }).issue({ sub: alice.buyer.id, role: "buyer" })
      ).token,
    [401],
  ],
];

describe("who may reach the cart, checkout and purchases", () => {
  it.each(CREDENTIALS)(
    "refuses %s on every route, without calling any service",
    async (_name, credential, statuses) => {
      const token = await credential();
      services.calls.length = 0;
      for (const [method, path, body] of ROUTES) {
        const answer = await api(method, path, { token, body, headers: { "idempotency-key": "key-1" } });
        expect([`${method} ${path}`, statuses.includes(answer.status)]).toEqual([`${method} ${path}`, true]);
        expect(answer.body.type).toMatch(/^\/problems\//);
      }
      expect(services.calls).toEqual([]);
    },
  );

  it("asks the services about the token's buyer only, whatever the request names", async () => {
    services.calls.length = 0;
    const token = alice.tokens.accessToken;
    await api("GET", `/cart?buyerId=${bob.buyer.id}`, { token });
    await api("GET", `/purchases?buyerId=${bob.buyer.id}`, { token });
    await api("POST", "/purchases/ord-1/cancel", { token, body: { buyerId: bob.buyer.id } });
    await api("GET", `/subscriptions?buyerId=${bob.buyer.id}`, { token });
    await api("GET", `/subscriptions/sub-1?buyerId=${bob.buyer.id}`, { token });
    expect(services.calls.map((recorded) => `${recorded.method} ${recorded.url}`)).toEqual([
      `GET /carts/${alice.buyer.id}`,
      `GET /orders?limit=20&buyerId=${alice.buyer.id}`,
      "POST /orders/ord-1/cancel",
      `GET /subscriptions?limit=20&buyerId=${alice.buyer.id}`,
      `GET /subscriptions/sub-1?buyerId=${alice.buyer.id}`,
    ]);
    expect(services.calls[2]!.body).toEqual({ buyerId: alice.buyer.id });
    expect(JSON.stringify(services.calls)).not.toContain(bob.buyer.id);
  });

  it("answers 202 pending with where to poll once CHECKOUT_WAIT_MS passed without the card's answer", async () => {
    services.calls.length = 0;
    const answer = await api("POST", "/checkout", {
      token: alice.tokens.accessToken,
      body: { paymentMethod: "pm_1", saveForRenewals: true },
      headers: { "idempotency-key": "key-2" },
    });
    expect(answer).toMatchObject({ status: 202, body: { checkoutId: "chk-1", status: "pending" } });
    expect(answer.headers.get("location")).toBe("/api/v1/checkouts/chk-1");
    const [submitted, ...polls] = services.calls;
    expect(submitted).toMatchObject({
      method: "POST",
      url: `/carts/${alice.buyer.id}/checkouts`,
      body: { paymentMethod: "pm_1", saveForRenewals: true },
    });
    // The cart is asked to hold its answer for what is left of the 300 ms; this stand-in answers
    // "pending" at once, so it is asked again after a pause, not in a tight loop.
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.length).toBeLessThanOrEqual(4);
    for (const poll of polls)
      expect(`${poll.method} ${poll.url}`).toMatch(
        new RegExp(`^GET /carts/${alice.buyer.id}/checkouts/chk-1\\?waitMs=([1-9]|[1-9]\\d|[12]\\d\\d|300)$`),
      );
    expect(await api("GET", "/checkouts/chk-1", { token: alice.tokens.accessToken })).toMatchObject({
      status: 202,
      body: { status: "pending" },
    });
  });

  it("names what is wrong with a checkout request: the Idempotency-Key and the payment method", async () => {
    const answer = await api("POST", "/checkout", {
      token: alice.tokens.accessToken,
      body: { saveForRenewals: "yes" },
    });
    expect(answer.status).toBe(400);
    expect((answer.body.errors as Json[]).map((error) => error.path).sort()).toEqual([
      "headers.idempotency-key",
      "paymentMethod",
      "saveForRenewals",
    ]);
  });
});
