// A vendor reads its balances and ledger lines through the vendor API, against the real payout
// service (in-process, same bus namespace and clock): money facts arrive as payment publishes them.
import { randomUUID } from "node:crypto";
import { PaymentCapturedV1, PaymentRefundedV1 } from "@mkt/contracts";
import { call, eventually, type Json } from "@mkt/testing";
import { application, startVendorStack, type VendorStack } from "./support/vendor.js";

let stack: VendorStack;
let vendorA: { vendorId: string; token: string };
let vendorB: { vendorId: string; token: string };

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);

beforeAll(async () => {
  stack = await startVendorStack("vendor-money", { payout: true });
  const apply = async () => {
    const applied = await api("POST", "/applications", { body: application() });
    return { vendorId: applied.body.vendorId as string, token: applied.body.tokens.accessToken as string };
  };
  vendorA = await apply();
  vendorB = await apply();
});
afterAll(() => stack?.stop());

/** A money fact as payment publishes it, through the payout service's own outbox. */
async function publish(definition: typeof PaymentCapturedV1 | typeof PaymentRefundedV1, data: unknown) {
  const { db, outbox } = stack.payout!.service.deps;
  await db.client.$transaction((tx) => outbox.add(tx, definition, data as never));
}

it("shows the vendor its own balance and ledger lines, never another vendor's", async () => {
  const paymentId = randomUUID();
  const orderId = randomUUID();
  const money = (amount: number) => ({ amount, currency: "EUR" });
  const capturedAt = stack.clock.now().toISOString();
  await publish(PaymentCapturedV1, {
    orderId,
    paymentId,
    vendorId: vendorA.vendorId,
    buyerId: randomUUID(),
    amount: money(12_000),
    fee: money(360),
    capturedAt,
  });
  await publish(PaymentRefundedV1, {
    orderId,
    paymentId,
    refundId: randomUUID(),
    vendorId: vendorA.vendorId,
    buyerId: randomUUID(),
    amount: money(2_000),
    reason: "partial refund",
    refundedAt: capturedAt,
  });
  await eventually(async () =>
    expect(await api("GET", "/balance", { token: vendorA.token })).toMatchObject({
      status: 200,
      body: { vendorId: vendorA.vendorId, balances: [{ currency: "EUR", pending: 9_700, available: 0, paidOut: 0 }] },
    }),
  );
  const ledger = await api("GET", "/ledger?limit=10", { token: vendorA.token });
  expect(ledger.status).toBe(200);
  expect((ledger.body.items as Json[]).map((line) => [line.kind, line.gross, line.fee, line.pending])).toEqual([
    ["refund", -2_000, -60, -1_940],
    ["charge-captured", 12_000, 360, 11_640],
  ]);
  expect(await api("GET", "/balance", { token: vendorB.token })).toMatchObject({
    status: 200,
    body: { vendorId: vendorB.vendorId, balances: [] },
  });
  expect((await api("GET", "/ledger", { token: vendorB.token })).body).toEqual({ items: [], nextCursor: null });
});

it("asks for a credential, and answers a malformed cursor with a 400 problem", async () => {
  expect((await api("GET", "/balance")).status).toBe(401);
  const bad = await api("GET", "/ledger?cursor=%%%", { token: vendorA.token });
  expect(bad.status).toBe(400);
});
