// Vendors read the subscriptions their accepted orders started, through the vendor API, against
// the real order and subscription services (in-process, same bus namespace and clock): the vendor
// accepts through the vendor API and the subscription service consumes the real order.accepted.
// The vendor id always comes from the credential.
import { authorizedCheckout, eventually, call, type Json } from "@mkt/testing";
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
