import { randomUUID } from "node:crypto";
import { PaymentCapturedV1, PaymentRefundedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually } from "@mkt/testing";
import type { ControllableClock } from "@mkt/service-kit";
import { bookRefundedPayment, ChargeNotBookedYet } from "../src/app/book-money-facts.js";
import { captured, DAY, publish, redeliver, startPayout, type PayoutUnderTest } from "./support/payout.js";

let payout: PayoutUnderTest;
let clock: ControllableClock;
let namespace: string;
let get: Awaited<ReturnType<typeof startPayout>>["get"];

beforeAll(async () => {
  ({ payout, clock, namespace, get } = await startPayout());
});
afterAll(async () => {
  await payout.stop();
  await deleteBusNamespace(namespace);
});

const balanceOf = async (vendorId: string) => {
  const { status, body } = await get(`/vendors/${vendorId}/balance`);
  expect(status).toBe(200);
  return (body as { balances: { currency: string; pending: number; available: number; paidOut: number }[] }).balances;
};

const refunded = (charge: ReturnType<typeof captured>, amount: number) => ({
  orderId: charge.orderId,
  paymentId: charge.paymentId,
  refundId: randomUUID(),
  vendorId: charge.vendorId,
  buyerId: charge.buyerId,
  amount: { amount, currency: "EUR" },
  reason: "withdrawal",
  refundedAt: "2026-03-05T10:00:00.000Z",
});

it("books a capture as pending for 21 days, a refund during the hold, then makes the rest available", async () => {
  const charge = captured({ amount: 10_000, capturedAt: clock.now().toISOString() });
  await publish(payout, PaymentCapturedV1, charge);
  await eventually(async () =>
    expect(await balanceOf(charge.vendorId)).toEqual([{ currency: "EUR", pending: 9_700, available: 0, paidOut: 0 }]),
  );

  await publish(payout, PaymentRefundedV1, refunded(charge, 5_000));
  await eventually(async () =>
    expect(await balanceOf(charge.vendorId)).toEqual([{ currency: "EUR", pending: 4_850, available: 0, paidOut: 0 }]),
  );

  // The hold ends 21 days after the capture, to the millisecond.
  const [hold] = await payout.database.query(`SELECT due_at FROM timer WHERE type = 'payout.hold-ends' AND key = $1`, [
    charge.paymentId,
  ]);
  expect((hold!.due_at as Date).toISOString()).toBe(new Date(Date.parse(charge.capturedAt) + 21 * DAY).toISOString());
  clock.advanceBy(21 * DAY);
  await eventually(async () =>
    expect(await balanceOf(charge.vendorId)).toEqual([{ currency: "EUR", pending: 0, available: 4_850, paidOut: 0 }]),
  );

  const { status, body } = await get(`/vendors/${charge.vendorId}/ledger?limit=2`);
  expect(status).toBe(200);
  expect(body).toMatchObject({
    items: [
      { kind: "hold-released", pending: -4_850, available: 4_850, paidOut: 0, gross: null, fee: null },
      { kind: "refund", orderId: charge.orderId, gross: -5_000, fee: -150, pending: -4_850, available: 0 },
    ],
    nextCursor: expect.any(String),
  });
  const next = await get(
    `/vendors/${charge.vendorId}/ledger?limit=2&cursor=${(body as { nextCursor: string }).nextCursor}`,
  );
  expect(next.body).toMatchObject({
    items: [{ kind: "charge-captured", gross: 10_000, fee: 300, pending: 9_700 }],
    nextCursor: null,
  });
});

it("books a fact delivered twice once, and the same capture published again once", async () => {
  const charge = captured({ amount: 2_000, capturedAt: clock.now().toISOString() });
  const envelope = await publish(payout, PaymentCapturedV1, charge);
  await eventually(async () => expect(await balanceOf(charge.vendorId)).toMatchObject([{ pending: 1_940 }]));
  await redeliver(payout, PaymentCapturedV1, envelope);
  await publish(payout, PaymentCapturedV1, charge); // a new event for the same capture (a republish)
  await eventually(async () => {
    const rows = await payout.database.query(
      `SELECT count(*)::int AS n FROM inbox_message WHERE consumer LIKE '%captured%'`,
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
  });
  expect(await balanceOf(charge.vendorId)).toEqual([{ currency: "EUR", pending: 1_940, available: 0, paidOut: 0 }]);
  const transactions = await payout.database.query(`SELECT id FROM ledger_transaction WHERE charge_id = $1`, [
    charge.paymentId,
  ]);
  expect(transactions).toHaveLength(1);
});

it("waits for the capture when a refund arrives first, then books both", async () => {
  const charge = captured({ amount: 4_000, capturedAt: clock.now().toISOString() });
  // Booked before its capture, the refund fails with a retryable error (the kit redelivers it).
  const { deps } = payout.service;
  await expect(
    deps.db.client.$transaction((tx) => bookRefundedPayment(deps, tx, refunded(charge, 4_000))),
  ).rejects.toBeInstanceOf(ChargeNotBookedYet);
  await publish(payout, PaymentRefundedV1, refunded(charge, 4_000));
  await publish(payout, PaymentCapturedV1, charge);
  await eventually(
    async () =>
      expect(await balanceOf(charge.vendorId)).toEqual([{ currency: "EUR", pending: 0, available: 0, paidOut: 0 }]),
    { timeoutMs: 20_000 },
  );
  const kinds = await payout.database.query(
    `SELECT kind FROM ledger_transaction WHERE charge_id = $1 ORDER BY position`,
    [charge.paymentId],
  );
  expect(kinds.map((row) => row.kind)).toEqual(["charge-captured", "refund"]);
});

it("keeps the ledger append-only: a posted transaction can be neither changed nor removed", async () => {
  await expect(payout.database.query(`UPDATE ledger_transfer SET amount = amount + 1`)).rejects.toThrow(/append-only/);
  await expect(payout.database.query(`DELETE FROM ledger_transaction`)).rejects.toThrow(/append-only/);
});

it("answers a malformed cursor with a 400 problem", async () => {
  const { status, contentType } = await get(`/vendors/${randomUUID()}/ledger?cursor=not-a-cursor`);
  expect(status).toBe(400);
  expect(contentType).toMatch(/problem\+json/);
});

it("answers an unknown vendor with empty balances", async () => {
  expect(await balanceOf(randomUUID())).toEqual([]);
});
