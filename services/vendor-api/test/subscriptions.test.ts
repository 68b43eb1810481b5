// Vendors read the subscriptions their accepted orders started, through the vendor API, against
// the real order and subscription services (in-process, same bus namespace and clock): the vendor
// accepts through the vendor API and the subscription service consumes the real order.accepted.
// The vendor id always comes from the credential.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authorizedCheckout, eventually, call, validateOpenApiDocument, type Json } from "@mkt/testing";
import { openApiDocument } from "../src/http/routes.js";
import { application, startVendorStack, type VendorStack } from "./support/vendor.js";

let stack: VendorStack;
let vendorA: { vendorId: string; token: string };
let vendorB: { vendorId: string; token: string };
let a1: string;
let a2: string;
let b1: string;

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);
const orderIdsOf = (answer: { body: Json }) => (answer.body.items as Json[]).map((item) => item.orderId);

beforeAll(async () => {
  stack = await startVendorStack("vendor-subscriptions", { order: true, subscription: true });
  const apply = async () => {
    const applied = await api("POST", "/applications", { body: application() });
    return { vendorId: applied.body.vendorId as string, token: applied.body.tokens.accessToken as string };
  };
  vendorA = await apply();
  vendorB = await apply();
  const acceptedOrderOf = async (vendor: { vendorId: string; token: string }) => {
    const [orderId] = await authorizedCheckout(stack.order!, { vendorIds: [vendor.vendorId] }, stack.clock.now());
    await eventually(async () =>
      expect((await api("POST", `/orders/${orderId}/accept`, { token: vendor.token })).status).toBe(200),
    );
    return orderId!;
  };
  a1 = await acceptedOrderOf(vendorA);
  a2 = await acceptedOrderOf(vendorA);
  b1 = await acceptedOrderOf(vendorB);
  await eventually(async () =>
    expect(orderIdsOf(await api("GET", "/subscriptions", { token: vendorA.token }))).toHaveLength(2),
  );
  await eventually(async () =>
    expect(orderIdsOf(await api("GET", "/subscriptions", { token: vendorB.token }))).toHaveLength(1),
  );
});
afterAll(() => stack?.stop());

describe("a vendor's subscriptions", () => {
  it("lists only the vendor's own, newest first, with the next due date and amount and the marketplace's fee", async () => {
    const listed = await api("GET", "/subscriptions", { token: vendorA.token });
    expect(listed.status).toBe(200);
    expect(orderIdsOf(listed).sort()).toEqual([a1, a2].sort());
    expect(listed.body.items[0]).toMatchObject({
      vendor: { vendorId: vendorA.vendorId },
      state: "active",
      billingCycle: "monthly",
      periodTotals: { total: { amount: 35_880, currency: "EUR" }, fee: { amount: 1_076, currency: "EUR" } },
      nextDue: { period: 1, amount: { amount: 35_880, currency: "EUR" } },
    });
    // A vendorId in the query is not a filter the vendor API takes: it is always the credential's.
    expect(
      orderIdsOf(await api("GET", `/subscriptions?vendorId=${vendorB.vendorId}`, { token: vendorA.token })),
    ).toEqual(orderIdsOf(listed));
    expect(orderIdsOf(await api("GET", "/subscriptions", { token: vendorB.token }))).toEqual([b1]);
  });

  it("filters by state and product, and pages", async () => {
    const all = (await api("GET", "/subscriptions", { token: vendorA.token })).body.items as Json[];
    expect(orderIdsOf(await api("GET", "/subscriptions?state=active", { token: vendorA.token }))).toHaveLength(2);
    expect(orderIdsOf(await api("GET", "/subscriptions?state=trialing", { token: vendorA.token }))).toEqual([]);
    expect(
      orderIdsOf(await api("GET", `/subscriptions?productId=${all[1]!.productId}`, { token: vendorA.token })),
    ).toEqual([all[1]!.orderId]);

    const first = await api("GET", "/subscriptions?limit=1", { token: vendorA.token });
    expect(orderIdsOf(first)).toEqual([all[0]!.orderId]);
    const second = await api("GET", `/subscriptions?limit=1&cursor=${first.body.nextCursor}`, { token: vendorA.token });
    expect(orderIdsOf(second)).toEqual([all[1]!.orderId]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("refuses bad filters with a 400 problem naming them", async () => {
    const answer = await api("GET", "/subscriptions?state=paused&limit=0", { token: vendorA.token });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(answer.body.errors.map((error: Json) => error.path).sort()).toEqual(["query.limit", "query.state"]);
  });

  it("refuses a caller without a vendor credential", async () => {
    const answer = await api("GET", "/subscriptions");
    expect(answer.status).toBe(401);
    expect(answer.body.type).toMatch(/^\/problems\//);
    expect(answer.body.items).toBeUndefined();
  });
});

describe("one of a vendor's subscriptions and its renewals' invoices", () => {
  const subscriptionOf = async (orderId: string) =>
    ((await api("GET", "/subscriptions", { token: vendorA.token })).body.items as Json[]).find(
      (item) => item.orderId === orderId,
    )!;

  it("shows it in full with its periods and the marketplace's fee; another vendor's is a 404", async () => {
    const { subscriptionId } = await subscriptionOf(a1);
    const shown = await api("GET", `/subscriptions/${subscriptionId}`, { token: vendorA.token });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      subscriptionId,
      orderId: a1,
      vendor: { vendorId: vendorA.vendorId },
      state: "active",
      cancellation: null,
      periodTotals: { fee: { amount: 1_076, currency: "EUR" } },
      periods: [{ number: 0, state: "paid", paidBy: "order", invoiceNumber: null, failures: 0, lastFailure: null }],
    });
    expect((await api("GET", `/subscriptions/${subscriptionId}`, { token: vendorB.token })).status).toBe(404);
    expect((await api("GET", `/subscriptions/${randomUUID()}`, { token: vendorA.token })).status).toBe(404);
    expect((await api("GET", "/subscriptions/not-an-id", { token: vendorA.token })).status).toBe(404);
    expect((await api("GET", `/subscriptions/${subscriptionId}`)).status).toBe(401);
  });

  it("downloads a renewal's invoice as a PDF; another vendor, or a number the order does not have, is a 404", async () => {
    const subscription = (
      await api("GET", `/subscriptions/${(await subscriptionOf(a1)).subscriptionId}`, { token: vendorA.token })
    ).body;
    const first = subscription.periods[0];
    const aMonthAfter = (date: string) => {
      const next = new Date(`${date}T00:00:00.000Z`);
      next.setUTCMonth(next.getUTCMonth() + 1);
      return next.toISOString().slice(0, 10);
    };
    // The invoice the subscription service has order issue once period 1 is paid.
    const issued = await call(stack.order!.service.url, "POST", `/orders/${a1}/renewal-invoices`, {
      headers: { "idempotency-key": `${subscription.subscriptionId}:1` },
      body: {
        subscriptionId: subscription.subscriptionId,
        lineId: subscription.lineId,
        period: { number: 1, startsOn: first.endsBefore, endsBefore: aMonthAfter(first.endsBefore) },
        totals: subscription.periodTotals,
        paymentId: randomUUID(),
        paidAt: stack.clock.now().toISOString(),
      },
    });
    expect(issued.status).toBe(201);
    const number = issued.body.number as string;
    const path = `/subscriptions/${subscription.subscriptionId}/invoices/${number}`;

    const invoice = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${vendorA.token}` } });
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get("content-type")).toContain("application/pdf");
    const bytes = new Uint8Array(await invoice.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const folder = mkdtempSync(join(tmpdir(), "vendor-invoice-"));
    try {
      writeFileSync(join(folder, "invoice.pdf"), bytes);
      expect(execFileSync("pdftotext", [join(folder, "invoice.pdf"), "-"]).toString()).toContain(number);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }

    expect((await api("GET", path, { token: vendorB.token })).status).toBe(404);
    const unknown = number.replace(/\d+$/, (digits) => String(Number(digits) + 1000).padStart(digits.length, "0"));
    expect(
      (await api("GET", `/subscriptions/${subscription.subscriptionId}/invoices/${unknown}`, { token: vendorA.token }))
        .status,
    ).toBe(404);
    // Another subscription of the vendor's leads to another order: this invoice is not there.
    const other = await subscriptionOf(a2);
    expect(
      (await api("GET", `/subscriptions/${other.subscriptionId}/invoices/${number}`, { token: vendorA.token })).status,
    ).toBe(404);
    const malformed = await api("GET", `/subscriptions/${subscription.subscriptionId}/invoices/nope`, {
      token: vendorA.token,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((error: Json) => error.path)).toEqual(["params.number"]);
  });
});

describe("the subscription routes in the vendor API's OpenAPI document", () => {
  it("documents one subscription and its renewal invoice (a PDF) for tokens and API keys", () => {
    const document = openApiDocument();
    expect(validateOpenApiDocument(document)).toEqual({ valid: true });
    const one = document.paths["/subscriptions/{subscriptionId}"]!.get!;
    const invoice = document.paths["/subscriptions/{subscriptionId}/invoices/{number}"]!.get!;
    for (const operation of [one, invoice]) {
      expect(operation.security).toEqual([{ vendorToken: [] }, { vendorApiKey: [] }]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["200", "404"]));
    }
    expect(one.responses["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/SubscriptionDetails" } } },
    });
    expect(Object.keys((invoice.responses["200"] as { content: Record<string, unknown> }).content)).toEqual([
      "application/pdf",
    ]);
  });
});
