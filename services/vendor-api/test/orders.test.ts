// Vendors answer their orders through the vendor API, against the real order service (in-process,
// same bus namespace and clock): orders are created as payment's payment.checkout-authorized makes
// the order service create them. The vendor id always comes from the credential.
import { randomUUID } from "node:crypto";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens, type AccessClaims } from "@mkt/gateway-kit";
import { authorizedCheckout, eventually, call, download, type Json } from "@mkt/testing";
import { application, startVendorStack, type VendorStack } from "./support/vendor.js";

let stack: VendorStack;
let vendorA: { vendorId: string; token: string };
let vendorB: { vendorId: string; token: string };
let a1: string;
let a2: string;
let b1: string;

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);
const ids = (answer: { body: Json }) => (answer.body.items as Json[]).map((item) => item.orderId).sort();

beforeAll(async () => {
  stack = await startVendorStack("vendor-orders", { order: true });
  const apply = async () => {
    const applied = await api("POST", "/applications", { body: application() });
    return { vendorId: applied.body.vendorId as string, token: applied.body.tokens.accessToken as string };
  };
  vendorA = await apply();
  vendorB = await apply();
  const orderOf = async (vendorId: string) =>
    (await authorizedCheckout(stack.order!, { vendorIds: [vendorId] }, stack.clock.now()))[0]!;
  a1 = await orderOf(vendorA.vendorId);
  a2 = await orderOf(vendorA.vendorId);
  b1 = await orderOf(vendorB.vendorId);
  await eventually(async () => expect(ids(await api("GET", "/orders", { token: vendorA.token }))).toHaveLength(2));
  await eventually(async () => expect(ids(await api("GET", "/orders", { token: vendorB.token }))).toHaveLength(1));
});
afterAll(() => stack?.stop());

describe("a vendor's orders", () => {
  it("lists only the vendor's own orders, with its filters, and shows one in full with the marketplace's fee", async () => {
    expect(ids(await api("GET", "/orders", { token: vendorA.token }))).toEqual([a1, a2].sort());
    expect(
      ids(await api("GET", "/orders?sort=validation-deadline&state=transmitted", { token: vendorA.token })),
    ).toEqual([a1, a2].sort());
    expect(ids(await api("GET", "/orders?overdue=true", { token: vendorA.token }))).toEqual([]);
    // A vendorId in the query is not a filter the vendor API takes: it is always the credential's.
    expect(ids(await api("GET", `/orders?vendorId=${vendorB.vendorId}`, { token: vendorA.token }))).toEqual(
      [a1, a2].sort(),
    );
    const details = await api("GET", `/orders/${a1}`, { token: vendorA.token });
    expect(details).toMatchObject({
      status: 200,
      body: {
        orderId: a1,
        state: "transmitted",
        vendor: { vendorId: vendorA.vendorId },
        totals: { fee: { amount: 1_076, currency: "EUR" } },
      },
    });
    expect(details.body.deadlines.validationDueAt).toEqual(expect.any(String));
  });

  it("answers 404 for another vendor's order on every route, and leaves it as it was", async () => {
    const token = vendorA.token;
    expect((await api("GET", `/orders/${b1}`, { token })).status).toBe(404);
    expect((await api("POST", `/orders/${b1}/accept`, { token })).status).toBe(404);
    expect((await api("POST", `/orders/${b1}/refuse`, { token, body: { reason: "not mine" } })).status).toBe(404);
    expect(
      (
        await api("POST", `/orders/${b1}/deliver`, {
          token,
          body: { accessUrl: "https://x.example", instructions: "go" },
        })
      ).status,
    ).toBe(404);
    expect((await download(stack.url, `/orders/${b1}/documents/purchase-order`, token)).status).toBe(404);
    expect((await api("GET", `/orders/${b1}`, { token: vendorB.token })).body.state).toBe("transmitted");
  });

  it("gives the purchase order at once and the invoice only once delivered", async () => {
    const purchaseOrder = await download(stack.url, `/orders/${a1}/documents/purchase-order`, vendorA.token);
    expect(purchaseOrder.status).toBe(200);
    expect(purchaseOrder.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(purchaseOrder.bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    expect((await download(stack.url, `/orders/${a1}/documents/invoice`, vendorA.token)).status).toBe(404);
    expect((await download(stack.url, `/orders/${a1}/documents/receipt`, vendorA.token)).status).toBe(400);
  });

  it("accepts an order, refuses a second accept (409), delivers it and then gives its invoice", async () => {
    const accepted = await api("POST", `/orders/${a1}/accept`, { token: vendorA.token });
    expect(accepted).toMatchObject({ status: 200, body: { state: "accepted" } });
    expect(await api("POST", `/orders/${a1}/accept`, { token: vendorA.token })).toMatchObject({
      status: 409,
      body: { type: expect.stringMatching(/^\/problems\//) },
    });
    expect(
      (
        await api("POST", `/orders/${a1}/deliver`, {
          token: vendorA.token,
          body: { accessUrl: "not a url", instructions: "" },
        })
      ).body.errors
        .map((e: Json) => e.path)
        .sort(),
    ).toEqual(["accessUrl", "instructions"]);
    const delivered = await api("POST", `/orders/${a1}/deliver`, {
      token: vendorA.token,
      body: { accessUrl: "https://k8s.vendor.example/acme", instructions: "Sign in with SSO." },
    });
    expect(delivered).toMatchObject({
      status: 200,
      body: {
        state: "delivered",
        delivery: { accessUrl: "https://k8s.vendor.example/acme" },
        invoiceNumber: expect.any(String),
      },
    });
    const invoice = await download(stack.url, `/orders/${a1}/documents/invoice`, vendorA.token);
    expect(invoice.status).toBe(200);
    expect(Buffer.from(invoice.bytes.subarray(0, 5)).toString()).toBe("%PDF-");
  });

  it("refuses an order with a reason (and requires one)", async () => {
    expect(await api("POST", `/orders/${a2}/refuse`, { token: vendorA.token, body: {} })).toMatchObject({
      status: 400,
      body: { errors: [{ path: "reason" }] },
    });
    const refused = await api("POST", `/orders/${a2}/refuse`, {
      token: vendorA.token,
      body: { reason: "Region full this month." },
    });
    expect(refused).toMatchObject({
      status: 200,
      body: { state: "refused", refusalReason: "Region full this month." },
    });
  });

  it("works with an API key as with a token", async () => {
    const key = (await api("POST", "/api-keys", { token: vendorB.token, body: { name: "orders bot" } })).body
      .key as string;
    expect(ids(await api("GET", "/orders", { token: key }))).toEqual([b1]);
    expect((await api("GET", `/orders/${a1}`, { token: key })).status).toBe(404);
    expect((await download(stack.url, `/orders/${b1}/documents/purchase-order`, key)).status).toBe(200);
    expect(await api("POST", `/orders/${b1}/accept`, { token: key })).toMatchObject({
      status: 200,
      body: { state: "accepted" },
    });
  });

  const tokenOf = async (audience: string, claims: AccessClaims) =>
    (await createAccessTokens({ secret: DEVELOPMENT_TOKEN_SECRET, audience, clock: stack.clock }).issue(claims)).token;
  const refusals: [string, () => Promise<string | undefined>, number[]][] = [
    ["no token", async () => undefined, [401]],
    [
      "a buyer's token (storefront audience)",
      () => tokenOf("storefront-gateway", { sub: randomUUID(), role: "buyer" }),
      [401],
    ],
    [
      "an operator's token (back-office audience)",
      () => tokenOf("backoffice-api", { sub: randomUUID(), role: "operator" }),
      [401],
    ],
    [
      "a vendor token of another gateway's audience",
      () => tokenOf("storefront-gateway", { sub: randomUUID(), role: "vendor", vendorId: "v" }),
      [401],
    ],
    ["a revoked-looking API key", async () => "mkt_live_notarealkeyatall000000000000000000", [401]],
  ];
  it.each(refusals)("refuses %s on every order route, changing nothing", async (_name, credential, statuses) => {
    const token = await credential();
    const answers = [
      await api("GET", "/orders", { token }),
      await api("GET", `/orders/${a1}`, { token }),
      await api("POST", `/orders/${b1}/refuse`, { token, body: { reason: "x" } }),
      await api("POST", `/orders/${a1}/accept`, { token }),
      await api("POST", `/orders/${a1}/deliver`, {
        token,
        body: { accessUrl: "https://x.example", instructions: "x" },
      }),
      await download(stack.url, `/orders/${a1}/documents/purchase-order`, token),
    ];
    for (const answer of answers) {
      expect(statuses).toContain(answer.status);
      expect(answer.body.type).toMatch(/^\/problems\//);
    }
  });
});
