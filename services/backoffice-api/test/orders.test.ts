// Operators read every order through the back office, from the real order service (in-process,
// same bus namespace and clock): orders are created as payment's payment.checkout-authorized makes
// the order service create them; 48 hours later they are overdue.
import { randomUUID } from "node:crypto";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens, generateApiKey, type AccessClaims } from "@mkt/gateway-kit";
import { authorizedCheckout, eventually, OPERATOR, call, type Json } from "@mkt/testing";
import { startOrdersStack, type OrdersStack } from "./support/orders.js";

let stack: OrdersStack;
let token: string;
const vendorA = randomUUID();
const vendorB = randomUUID();
const buyer = randomUUID();
let orderIds: string[];

beforeAll(async () => {
  stack = await startOrdersStack("backoffice-orders");
  token = (await call(stack.url, "POST", "/auth/login", { body: OPERATOR })).body.accessToken;
  orderIds = await authorizedCheckout(
    stack.order,
    { buyerId: buyer, vendorIds: [vendorA, vendorB] },
    stack.clock.now(),
  );
  await eventually(async () => expect((await api("GET", "/orders")).body.items).toHaveLength(2));
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(stack.url, method, path, { token, ...options });
const ids = (answer: { body: Json }) => (answer.body.items as Json[]).map((item) => item.orderId).sort();
const tokenOf = async (audience: string, claims: AccessClaims) =>
  (await createAccessTokens({ secret: DEVELOPMENT_TOKEN_SECRET, audience, clock: stack.clock }).issue(claims)).token;

describe("orders in the back office", () => {
  it("lists every vendor's orders, filtered by vendor, buyer or state, and shows one in full", async () => {
    expect(ids(await api("GET", "/orders"))).toEqual([...orderIds].sort());
    expect(ids(await api("GET", `/orders?vendor=${vendorA}`))).toEqual([orderIds[0]]);
    expect(ids(await api("GET", `/orders?buyer=${buyer}`))).toHaveLength(2);
    expect(ids(await api("GET", `/orders?buyer=${randomUUID()}`))).toEqual([]);
    expect(ids(await api("GET", "/orders?state=transmitted"))).toHaveLength(2);
    expect(ids(await api("GET", "/orders?overdue=true"))).toEqual([]);
    const page = await api("GET", "/orders?limit=1");
    expect(page.body.items).toHaveLength(1);
    expect(ids(await api("GET", `/orders?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`))).toHaveLength(1);

    const details = await api("GET", `/orders/${orderIds[0]}`);
    expect(details).toMatchObject({
      status: 200,
      body: {
        orderId: orderIds[0],
        state: "transmitted",
        vendor: { vendorId: vendorA, publicContact: { email: "sales-1@vendor.example" } },
        buyer: { buyerId: buyer },
        timeline: [{ to: "transmitted" }],
      },
    });
    expect((await api("GET", `/orders/${randomUUID()}`)).status).toBe(404);
  });

  it("lists the orders left unanswered past 48 hours with overdue=true", async () => {
    stack.clock.advanceBy(48 * 3_600_000 + 1_000);
    // The operator's access token lasted 15 minutes: sign in again.
    token = (await call(stack.url, "POST", "/auth/login", { body: OPERATOR })).body.accessToken;
    await eventually(async () => expect(ids(await api("GET", "/orders?overdue=true"))).toEqual([...orderIds].sort()));
    expect(ids(await api("GET", "/orders?overdue=false"))).toEqual([]);
    expect((await api("GET", `/orders/${orderIds[1]}`)).body.state).toBe("overdue");
  });

  it("names an invalid filter", async () => {
    const bad = await api("GET", "/orders?overdue=yes&state=lost&limit=0");
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Json[]).map((error) => error.path).sort()).toEqual([
      "query.limit",
      "query.overdue",
      "query.state",
    ]);
  });

  const refusals: [string, () => Promise<string | undefined>, number[]][] = [
    ["no token", async () => undefined, [401]],
    [
      "a buyer's token (storefront audience)",
      () => tokenOf("storefront-gateway", { sub: buyer, role: "buyer" }),
      [401],
    ],
    [
      "a vendor user's token (vendor-api audience)",
      () => tokenOf("vendor-api", { sub: "u-1", role: "vendor", vendorId: vendorA }),
      [401],
    ],
    ["a vendor API key", async () => generateApiKey(new Date()).key, [401]],
    [
      "a vendor-role token for this audience",
      () => tokenOf("backoffice-api", { sub: "u-1", role: "vendor", vendorId: vendorA }),
      [403],
    ],
  ];
  it.each(refusals)("refuses %s on every order route, showing no order", async (_name, credential, statuses) => {
    const given = (await credential()) ?? "";
    for (const path of ["/orders", "/orders?overdue=true", `/orders/${orderIds[0]}`]) {
      const answer = await call(stack.url, "GET", path, given ? { token: given } : {});
      expect(statuses).toContain(answer.status);
      expect(answer.body.type).toMatch(/^\/problems\//);
      expect(answer.body.items).toBeUndefined();
      expect(answer.body.orderId).toBeUndefined();
    }
  });
});
