import fc from "fast-check";
import { feeReturnedOn, transactionFeeOn } from "@mkt/pricing";
import { accounts } from "./accounts.js";
import {
  bookCharge,
  bookHoldRelease,
  bookPayoutReturned,
  bookPayoutSent,
  bookRefund,
  chargeBookOf,
} from "./bookings.js";
import { holdEndsAt } from "./hold.js";
import { assertWellFormed, balancesOf, type LedgerTransaction } from "./ledger.js";
import { decidePayout } from "./payout-run.js";

// Random interleavings of captures, renewals, refunds, clock moves (which end holds), payout runs
// (some replayed, as a redelivered run would be), returned payouts and held vendors keep the
// books' invariants (issue 13): the sum of all balances is zero, the clearing account is empty
// after every transaction, no pending balance is negative, every vendor's paid-out + available +
// pending equals its net sales, the fees equal what the charges kept, and nothing is paid twice.

const VENDORS = ["v1", "v2", "v3"];

type Step =
  | { kind: "charge"; vendor: number; amount: number; renewal: boolean }
  | { kind: "refund"; charge: number; part: number }
  | { kind: "advance"; days: number }
  | { kind: "payout-run"; replay: boolean; heldVendor: number | null }
  | { kind: "return-payout"; payout: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("charge" as const),
    vendor: fc.nat(VENDORS.length - 1),
    amount: fc.integer({ min: 1, max: 2_000_000 }),
    renewal: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("refund" as const),
    charge: fc.nat(40),
    part: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant("advance" as const), days: fc.integer({ min: 0, max: 30 }) }),
  fc.record({
    kind: fc.constant("payout-run" as const),
    replay: fc.boolean(),
    heldVendor: fc.option(fc.nat(VENDORS.length - 1), { nil: null }),
  }),
  fc.record({ kind: fc.constant("return-payout" as const), payout: fc.nat(20) }),
);

it("keeps every invariant of the books under random interleavings", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
      const posted = new Map<string, LedgerTransaction>();
      // The ledger posts each fact once, however often it is delivered (its id is the key).
      const post = (transaction: LedgerTransaction) => {
        assertWellFormed(transaction);
        if (posted.has(transaction.id)) return false;
        posted.set(transaction.id, transaction);
        return true;
      };
      const charges: { chargeId: string; vendorId: string; amount: number; fee: number; capturedAt: string }[] = [];
      const refundedOf = new Map<string, number>();
      const payouts: { payoutId: string; vendorId: string; amount: number; returned: boolean }[] = [];
      let now = Date.parse("2026-01-01T00:00:00.000Z");
      let runs = 0;

      const chargeBook = (chargeId: string) =>
        chargeBookOf([...posted.values()].filter((t) => t.chargeId === chargeId));
      const balance = (account: string) => balancesOf(posted.values()).get("EUR")?.get(account) ?? 0;

      function checkInvariants() {
        const balances = balancesOf(posted.values()).get("EUR") ?? new Map<string, number>();
        expect([...balances.values()].reduce((a, b) => a + b, 0)).toBe(0);
        expect(balances.get(accounts.clearing) ?? 0).toBe(0);
        let keptFees = 0;
        for (const vendorId of VENDORS) {
          const pending = balances.get(accounts.vendorPending(vendorId)) ?? 0;
          expect(pending).toBeGreaterThanOrEqual(0);
          let netSales = 0;
          for (const charge of charges.filter((c) => c.vendorId === vendorId && posted.has(`charged:${c.chargeId}`))) {
            const refunded = refundedOf.get(charge.chargeId) ?? 0;
            const feeKept = charge.fee - feeReturnedOn(charge.fee, charge.amount, refunded);
            netSales += charge.amount - refunded - feeKept;
            keptFees += feeKept;
          }
          const held =
            pending +
            (balances.get(accounts.vendorAvailable(vendorId)) ?? 0) +
            (balances.get(accounts.vendorPaidOut(vendorId)) ?? 0);
          expect(held).toBe(netSales);
          const paidOut = payouts
            .filter((p) => p.vendorId === vendorId && !p.returned)
            .reduce((sum, p) => sum + p.amount, 0);
          expect(balances.get(accounts.vendorPaidOut(vendorId)) ?? 0).toBe(paidOut);
        }
        expect(balances.get(accounts.fees) ?? 0).toBe(keptFees);
      }

      for (const s of steps) {
        const at = new Date(now).toISOString();
        if (s.kind === "charge") {
          const chargeId = `c${charges.length}`;
          const charge = {
            chargeId,
            vendorId: VENDORS[s.vendor]!,
            amount: s.amount,
            fee: transactionFeeOn(s.amount),
            capturedAt: at,
          };
          charges.push(charge);
          post(
            bookCharge({
              id: `charged:${chargeId}`,
              kind: s.renewal ? "renewal-charged" : "charge-captured",
              currency: "EUR",
              occurredAt: at,
              ...charge,
            }),
          );
        } else if (s.kind === "refund") {
          const charge = charges[s.charge];
          if (!charge) continue;
          const refundable = charge.amount - (refundedOf.get(charge.chargeId) ?? 0);
          const amount = Math.min(refundable, Math.max(1, Math.round(refundable * s.part)));
          const booked = bookRefund(chargeBook(charge.chargeId), {
            id: `refund:${posted.size}`,
            amount,
            occurredAt: at,
          });
          if ("refused" in booked) {
            expect(refundable).toBe(0);
            continue;
          }
          refundedOf.set(charge.chargeId, (refundedOf.get(charge.chargeId) ?? 0) + amount);
          post(booked);
        } else if (s.kind === "advance") {
          now += s.days * 24 * 60 * 60 * 1000;
          for (const charge of charges) {
            if (Date.parse(holdEndsAt(charge.capturedAt)) > now) continue;
            const release = bookHoldRelease(chargeBook(charge.chargeId)!, {
              id: `released:${charge.chargeId}`,
              occurredAt: new Date(now).toISOString(),
            });
            if (release) post(release);
          }
        } else if (s.kind === "payout-run") {
          // A replayed run (the same run id) must pay no one a second time.
          const runId = s.replay && runs > 0 ? `run-${runs - 1}` : `run-${runs++}`;
          for (const [index, vendorId] of VENDORS.entries()) {
            const decision = decidePayout(runId, {
              vendorId,
              currency: "EUR",
              available: balance(accounts.vendorAvailable(vendorId)),
              kyc: "approved",
              bankDetails: s.heldVendor === index ? "changed-not-verified" : "verified",
            });
            if (!("pay" in decision)) continue;
            const { payoutId, amount } = decision.pay;
            const fresh = post(
              bookPayoutSent({ id: `sent:${payoutId}`, payoutId, vendorId, currency: "EUR", amount, occurredAt: at }),
            );
            if (fresh) payouts.push({ payoutId, vendorId, amount, returned: false });
          }
        } else {
          const payout = payouts[s.payout];
          if (!payout || payout.returned) continue;
          payout.returned = true;
          post(bookPayoutReturned({ id: `returned:${payout.payoutId}`, currency: "EUR", occurredAt: at, ...payout }));
        }
        checkInvariants();
      }
    }),
    { numRuns: 300 },
  );
});
