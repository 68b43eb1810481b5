// Operators read every subscription through the back office, from the real order and subscription
// services (in-process, same bus namespace and clock): orders are created as payment's
// payment.checkout-authorized makes the order service create them, their vendors accept them and
// the subscription service starts one subscription per plan line from the real order.accepted.
import { randomUUID } from "node:crypto";
import {
  OPERATOR,
  authorizedCheckout,
  call,
  eventually,
  startServices,
  validateOpenApiDocument,
  type Json,
} from "@mkt/testing";
import { orderService } from "@mkt/order/bootstrap";
import { subscriptionService } from "@mkt/subscription/bootstrap";
import { backofficeApiService } from "../src/bootstrap.js";
import { openApiDocument } from "../src/http/routes.js";

let stop: () => Promise<void>;
let url: string;
let token: string;
const buyerA = randomUUID();
const buyerB = randomUUID();
const vendorA = randomUUID();
const vendorB = randomUUID();
/** Orders: buyer A of vendor A, buyer A of vendor B, buyer B of vendor A. */
const orders: string[] = [];

const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(url, method, path, { token, ...options });
const ordersOf = (answer: { body: Json }) => (answer.body.items as Json[]).map((item) => item.orderId).sort();

beforeAll(async () => {
  const started = await startServices("backoffice-subscriptions", [
    { name: "order", definition: orderService },
    { name: "subscription", definition: subscriptionService },
    {
      name: "backoffice-api",
      definition: backofficeApiService,
      env: { OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
    },
  ]);
  stop = started.stop;
  const order = started.services.order;
  url = `${started.services["backoffice-api"].service.url}/ops/v1`;
  await eventually(async () => {
    const login = await call(url, "POST", "/auth/login", { body: OPERATOR });
    expect(login.status).toBe(200);
    token = login.body.accessToken;
  });
  for (const [buyerId, vendorId] of [
    [buyerA, vendorA],
    [buyerA, vendorB],
    [buyerB, vendorA],
  ] as const) {
    const [orderId] = await authorizedCheckout(order, { buyerId, vendorIds: [vendorId] }, started.clock.now());
    await eventually(async () =>
      expect((await call(order.service.url, "POST", `/orders/${orderId}/accept`, { body: { vendorId } })).status).toBe(
        200,
      ),
    );
    orders.push(orderId!);
  }
  await eventually(async () => expect((await api("GET", "/subscriptions")).body.items).toHaveLength(3));
}, 60_000);
afterAll(() => stop?.());

describe("subscriptions in the back office", () => {
  it("lists every buyer's and vendor's, filtered by buyer, vendor, order, state or product, a page at a time", async () => {
    const all = await api("GET", "/subscriptions");
    expect(all.status).toBe(200);
    expect(ordersOf(all)).toEqual([...orders].sort());
    expect(all.body.items[0]).toMatchObject({
      state: "active",
      periodTotals: { fee: { amount: 1_076, currency: "EUR" } },
      nextDue: { period: 1 },
    });
    expect(ordersOf(await api("GET", `/subscriptions?buyerId=${buyerA}`))).toEqual([orders[0], orders[1]].sort());
    expect(ordersOf(await api("GET", `/subscriptions?vendorId=${vendorA}`))).toEqual([orders[0], orders[2]].sort());
    expect(ordersOf(await api("GET", `/subscriptions?buyerId=${buyerA}&vendorId=${vendorB}`))).toEqual([orders[1]]);
    expect(ordersOf(await api("GET", `/subscriptions?orderId=${orders[2]}`))).toEqual([orders[2]]);
    expect(ordersOf(await api("GET", "/subscriptions?state=active"))).toHaveLength(3);
    expect(ordersOf(await api("GET", "/subscriptions?state=suspended"))).toEqual([]);
    const productId = (all.body.items as Json[]).find((item) => item.orderId === orders[1])!.productId;
    expect(ordersOf(await api("GET", `/subscriptions?productId=${productId}`))).toContain(orders[1]);
    expect(ordersOf(await api("GET", `/subscriptions?buyerId=${randomUUID()}`))).toEqual([]);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await api(
        "GET",
        `/subscriptions?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      pages.push(...(page.body.items as Json[]).map((item) => item.orderId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual((all.body.items as Json[]).map((item) => item.orderId));
  });

  it("shows any one in full, with its periods; an unknown one is a 404", async () => {
    const listed = (await api("GET", `/subscriptions?orderId=${orders[2]}`)).body.items[0];
    const shown = await api("GET", `/subscriptions/${listed.subscriptionId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      subscriptionId: listed.subscriptionId,
      orderId: orders[2],
      buyer: { buyerId: buyerB },
      vendor: { vendorId: vendorA },
      cancellation: null,
      periods: [{ number: 0, state: "paid", paidBy: "order", failures: 0 }],
    });
    expect((await api("GET", `/subscriptions/${randomUUID()}`)).status).toBe(404);
  });

  it("refuses bad filters with a 400 naming them (an unknown id is a 404), and any caller without an operator token", async () => {
    const bad = await api("GET", "/subscriptions?state=paused&limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: Json) => error.path).sort()).toEqual(["query.limit", "query.state"]);
    expect((await api("GET", "/subscriptions/not-an-id")).status).toBe(404);
    expect((await call(url, "GET", "/subscriptions")).status).toBe(401);
    expect((await call(url, "GET", `/subscriptions/${randomUUID()}`)).status).toBe(401);
  });
});

describe("the subscription routes in the back office's OpenAPI document", () => {
  it("documents the list with every filter and one subscription, for operators", () => {
    const document = openApiDocument();
    expect(validateOpenApiDocument(document)).toEqual({ valid: true });
    const list = document.paths["/subscriptions"]!.get!;
    const one = document.paths["/subscriptions/{id}"]!.get!;
    for (const operation of [list, one]) expect(operation.security).toEqual([{ operatorToken: [] }]);
    expect(list.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(["buyerId", "vendorId", "orderId", "state", "productId", "limit", "cursor"]),
    );
    expect(one.responses["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/SubscriptionDetails" } } },
    });
    expect(Object.keys(one.responses)).toContain("404");
  });
});
