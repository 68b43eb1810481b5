import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens } from "@mkt/gateway-kit";
import { rawGetAt } from "@mkt/testing";
import { startStorefront, type Storefront } from "./support/storefront.js";

const BUYER = "0193f0c2-0000-7000-8000-0000000000b1";
// A stand-in for the cart: it records each request target as it arrived and knows no checkout.
const cartPaths: string[] = [];
const cart: Server = createServer((req, res) => {
  cartPaths.push(req.url ?? "");
  res.writeHead(404, { "content-type": "application/problem+json" });
  res.end(JSON.stringify({ type: "/problems/not-found", title: "Not found", status: 404 }));
});
let storefront: Storefront;
let token: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => cart.listen(0, "127.0.0.1", resolve));
  const cartUrl = `http://127.0.0.1:${(cart.address() as AddressInfo).port}`;
  storefront = await startStorefront("storefront-routing", { CART_URL: cartUrl });
  token = (
    await createAccessTokens({
      secret: DEVELOPMENT_TOKEN_SECRET,
      audience: "storefront-gateway",
      clock: storefront.clock,
    }).issue({
      sub: BUYER,
      role: "buyer",
    })
  ).token;
});
afterAll(async () => {
  await storefront?.stop();
  await new Promise<void>((resolve) => cart.close(() => resolve()));
});
beforeEach(() => cartPaths.splice(0));

/** A request with its path exactly as written (`..` is not resolved), with a bearer token when given. */
const rawGet = (path: string, bearer?: string) =>
  rawGetAt(storefront.url, path, bearer ? { authorization: `Bearer ${bearer}` } : {});

describe("routing before authentication", () => {
  it.each(["/api/v1/nowhere", "/api/v1/cart/itemz", "/api/v1/checkouts"])(
    "answers an unknown path (%s) without a token with a 404 problem",
    async (path) => {
      const answer = await rawGet(path);
      expect(answer).toMatchObject({ status: 404, body: { type: "/problems/not-found", status: 404 } });
      expect(answer.type).toContain("application/problem+json");
    },
  );

  it("still asks for a token on a known path", async () => {
    const answer = await rawGet("/api/v1/cart");
    expect(answer).toMatchObject({ status: 401, body: { type: "/problems/unauthorized" } });
  });
});

describe("ids written into the services' URLs", () => {
  it.each(["..", "%2E%2E", ".", "%2e"])(
    "answers GET /api/v1/checkouts/%s with a 404 problem, not a 502",
    async (id) => {
      const answer = await rawGet(`/api/v1/checkouts/${id}`, token);
      expect(answer).toMatchObject({ status: 404, body: { type: "/problems/not-found" } });
      expect(answer.type).toContain("application/problem+json");
      expect(cartPaths).toEqual([]); // refused at the gateway
    },
  );

  it.each([
    ["..%2F..%2Fbuyers", "..%2F..%2Fbuyers"],
    ["%3Fall", "%3Fall"],
    ["%23x", "%23x"],
    ["a%2F..%2F..", "a%2F..%2F.."],
    ["%252F", "%252F"],
  ])("keeps /api/v1/checkouts/%s inside its segment on the way to the cart", async (id, segment) => {
    const answer = await rawGet(`/api/v1/checkouts/${id}`, token);
    expect(answer).toMatchObject({ status: 404, body: { type: "/problems/not-found" } });
    expect(cartPaths).toEqual([`/carts/${BUYER}/checkouts/${segment}`]);
  });
});
