// The storefront's public side of idempotency (issue 10), against the real cart: the gateway
// passes the buyer's Idempotency-Key on to the cart, or mints a fresh one per public request
// (serviceIdempotencyKey), so that its own retry of a request is harmless even when the buyer
// sent no key. A proxy in front of the cart loses an answer, as a socket the cart closed just as
// the gateway reused it does; the gateway then calls again with the same key.
import { randomUUID } from "node:crypto";
import { OPERATOR, call, eventually, type Json } from "@mkt/testing";
import { applyAndSubmit, approve, demoVendors, publishSolution, signIn, type GatewayUrls } from "@mkt/demo-world";
import { individual, startMarketplace, type Marketplace } from "./support/storefront.js";
import { startLostAnswerProxy, type LostAnswerProxy } from "./support/lost-answer-proxy.js";

let market: Marketplace;
let cartProxy: LostAnswerProxy;
let planId: string;

beforeAll(async () => {
  cartProxy = await startLostAnswerProxy();
  market = await startMarketplace("storefront-cart-keys", { cart: true, env: { CART_URL: cartProxy.url } });
  cartProxy.target = market.cart!.service.url;
  const urls: GatewayUrls = {
    storefront: market.urls.storefront,
    vendorApi: market.urls.vendor,
    backoffice: market.urls.ops,
  };
  const vendor = await applyAndSubmit(urls, demoVendors[0]!.company);
  await approve(urls, await signIn(urls.backoffice, OPERATOR.email, OPERATOR.password), vendor.vendorId);
  const productId = await publishSolution(urls, vendor.token, demoVendors[0]!.solutions[0]!);
  planId = ((await shop("GET", `/products/${productId}`)).body.plans as Json[])[0]!.planId;
}, 180_000); // six services start in-process and a vendor is onboarded: slow on a loaded CI machine
afterAll(async () => {
  await market?.stop();
  await cartProxy?.stop();
});

const shop = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(market.urls.storefront, method, path, options);

/** A new buyer's access token. */
async function newBuyer(): Promise<string> {
  const buyer = (await shop("POST", "/auth/signup", { body: individual() })).body;
  return buyer.tokens.accessToken as string;
}

/** POST /cart/items of the plan, retried while the cart has not heard of it yet (catalog.product-updated). */
const addToCart = (token: string, headers: Record<string, string> = {}) =>
  eventually(async () => {
    const answer = await shop("POST", "/cart/items", { token, body: { planId, quantity: 1 }, headers });
    expect(answer.body?.type).not.toBe("/problems/not-found"); // the cart has not heard of the plan yet
    return answer;
  });

/** The cart's own record of keyed adds: one row per Idempotency-Key it acted on. */
const keyedAdds = async (buyerId: string) =>
  market.cart!.database.query<{ idempotency_key: string }>(
    `SELECT idempotency_key FROM cart_addition WHERE buyer_id = $1`,
    [buyerId],
  );
const buyerIdOf = async (token: string) => (await shop("GET", "/me", { token })).body.id as string;
const cartAdds = () =>
  cartProxy.forwarded.filter((request) => request.method === "POST" && /\/items$/.test(request.path));

describe("adding to the cart through the storefront", () => {
  it("adds twice when the buyer sends the same add twice without a key: each public request gets its own key", async () => {
    const token = await newBuyer();
    const first = await addToCart(token);
    const second = await addToCart(token);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.lines).toEqual([expect.objectContaining({ planId, quantity: 2 })]);
    const keys = (await keyedAdds(await buyerIdOf(token))).map((row) => row.idempotency_key);
    expect(new Set(keys).size).toBe(2);
  });

  it("adds once when the buyer sends the same add twice with one key, and answers the same cart", async () => {
    const token = await newBuyer();
    const headers = { "idempotency-key": `buyer-${randomUUID()}` };
    const first = await addToCart(token, headers);
    const retry = await addToCart(token, headers);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(retry.body.lines).toEqual([expect.objectContaining({ planId, quantity: 1 })]);
    // The buyer's key is the one the cart keeps.
    expect(await keyedAdds(await buyerIdOf(token))).toEqual([{ idempotency_key: headers["idempotency-key"] }]);
  });

  it("refuses the buyer's key with another body: the cart's 409 idempotency-key-reused reaches the buyer", async () => {
    const token = await newBuyer();
    const headers = { "idempotency-key": `buyer-${randomUUID()}` };
    await addToCart(token, headers);
    const reused = await shop("POST", "/cart/items", { token, body: { planId, quantity: 3 }, headers });
    expect(reused.status).toBe(409);
    expect(reused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(reused.body).toMatchObject({ type: "/problems/idempotency-key-reused", status: 409 });
  });

  it("adds once when the gateway calls the cart again after losing its answer, the buyer having sent no key", async () => {
    const token = await newBuyer();
    await addToCart(token); // the plan is known to the cart from here on
    const before = cartAdds().length;

    cartProxy.loseNextAnswer("POST", /^\/carts\/[^/]+\/items$/);
    const lostOnce = await shop("POST", "/cart/items", { token, body: { planId, quantity: 1 } });
    expect(lostOnce.status).toBe(201);
    expect(lostOnce.body.lines).toEqual([expect.objectContaining({ planId, quantity: 2 })]);

    // The cart acted on the first call; the second carried the same minted key and added nothing.
    expect(cartProxy.lost).toBe(1);
    const calls = cartAdds().slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers["idempotency-key"]).toEqual(expect.any(String));
    expect(calls[1]!.headers["idempotency-key"]).toBe(calls[0]!.headers["idempotency-key"]);
    expect(await keyedAdds(await buyerIdOf(token))).toHaveLength(2);
    expect((await shop("GET", "/cart", { token })).body.lines).toEqual([expect.objectContaining({ quantity: 2 })]);
  });
});
