import { transactionFeeOn } from "@mkt/pricing";
import { accounts } from "./accounts.js";
import {
  bookCharge,
  bookHoldRelease,
  bookPayoutReturned,
  bookPayoutSent,
  bookRefund,
  chargeBookOf,
  type ChargeBook,
} from "./bookings.js";
import { balancesOf, type LedgerTransaction } from "./ledger.js";

const vendor = "v1";
const at = "2026-03-01T10:00:00.000Z";

function ledger() {
  const posted: LedgerTransaction[] = [];
  return {
    posted,
    post(transaction: LedgerTransaction | undefined | { refused: string }) {
      if (!transaction || "refused" in transaction) throw new Error(`not booked: ${JSON.stringify(transaction)}`);
      posted.push(transaction);
    },
    charge(chargeId: string): ChargeBook {
      return chargeBookOf(posted.filter((t) => t.chargeId === chargeId))!;
    },
    balance(account: string) {
      return balancesOf(posted).get("EUR")?.get(account) ?? 0;
    },
  };
}

const capture = (chargeId: string, amount: number) =>
  bookCharge({
    id: `captured:${chargeId}`,
    kind: "charge-captured",
    chargeId,
    orderId: `order-${chargeId}`,
    vendorId: vendor,
    currency: "EUR",
    amount,
    fee: transactionFeeOn(amount),
    occurredAt: at,
  });

it("books a capture as the vendor's pending share and the platform's fee, and every transaction balances", () => {
  const books = ledger();
  books.post(capture("c1", 10_000));
  expect(books.balance(accounts.buyers)).toBe(-10_000);
  expect(books.balance(accounts.vendorPending(vendor))).toBe(9_700);
  expect(books.balance(accounts.fees)).toBe(300);
  expect(books.balance(accounts.clearing)).toBe(0);
  expect([...balancesOf(books.posted).get("EUR")!.values()].reduce((a, b) => a + b, 0)).toBe(0);
});

it("takes a refund during the hold from pending, returns the fee in proportion, and releases what is left", () => {
  const books = ledger();
  books.post(capture("c1", 10_000));
  books.post(bookRefund(books.charge("c1"), { id: "refund-1", amount: 5_000, occurredAt: at }));
  expect(books.balance(accounts.vendorPending(vendor))).toBe(4_850);
  expect(books.balance(accounts.fees)).toBe(150);
  expect(books.balance(accounts.buyers)).toBe(-5_000);
  books.post(bookHoldRelease(books.charge("c1"), { id: "release-c1", occurredAt: at }));
  expect(books.balance(accounts.vendorPending(vendor))).toBe(0);
  expect(books.balance(accounts.vendorAvailable(vendor))).toBe(4_850);
  // A hold ends once.
  expect(bookHoldRelease(books.charge("c1"), { id: "release-c1-again", occurredAt: at })).toBeUndefined();
});

it("carries a refund after payout as a negative available balance, netted by the next charge", () => {
  const books = ledger();
  books.post(capture("c1", 10_000));
  books.post(bookHoldRelease(books.charge("c1"), { id: "release-c1", occurredAt: at }));
  books.post(
    bookPayoutSent({ id: "p1", payoutId: "p1", vendorId: vendor, currency: "EUR", amount: 9_700, occurredAt: at }),
  );
  books.post(bookRefund(books.charge("c1"), { id: "refund-1", amount: 10_000, occurredAt: at }));
  expect(books.balance(accounts.vendorAvailable(vendor))).toBe(-9_700);
  expect(books.balance(accounts.fees)).toBe(0);
  expect(books.balance(accounts.vendorPaidOut(vendor))).toBe(9_700);
  books.post(capture("c2", 20_000));
  books.post(bookHoldRelease(books.charge("c2"), { id: "release-c2", occurredAt: at }));
  expect(books.balance(accounts.vendorAvailable(vendor))).toBe(19_400 - 9_700);
});

it("puts a returned payout back to available", () => {
  const books = ledger();
  books.post(capture("c1", 10_000));
  books.post(bookHoldRelease(books.charge("c1"), { id: "release-c1", occurredAt: at }));
  const payout = { id: "p1", payoutId: "p1", vendorId: vendor, currency: "EUR", amount: 9_700, occurredAt: at };
  books.post(bookPayoutSent(payout));
  books.post(bookPayoutReturned({ ...payout, id: "p1-returned" }));
  expect(books.balance(accounts.vendorAvailable(vendor))).toBe(9_700);
  expect(books.balance(accounts.vendorPaidOut(vendor))).toBe(0);
});

it("refuses a refund beyond what is left of the charge, and one of an unknown charge", () => {
  const books = ledger();
  books.post(capture("c1", 10_000));
  books.post(bookRefund(books.charge("c1"), { id: "refund-1", amount: 6_000, occurredAt: at }));
  expect(bookRefund(books.charge("c1"), { id: "refund-2", amount: 4_001, occurredAt: at })).toEqual({
    refused: "more-than-refundable",
    refundable: 4_000,
  });
  expect(bookRefund(books.charge("c1"), { id: "refund-3", amount: 0, occurredAt: at })).toMatchObject({
    refused: "nothing-to-refund",
  });
  expect(bookRefund(undefined, { id: "refund-4", amount: 1, occurredAt: at })).toEqual({ refused: "unknown-charge" });
});

it("folds a charge's book from its transactions: amount, fee, refunds, fee returned, pending left", () => {
  const books = ledger();
  books.post(capture("c1", 9_967));
  books.post(bookRefund(books.charge("c1"), { id: "r1", amount: 3_322, occurredAt: at }));
  books.post(bookRefund(books.charge("c1"), { id: "r2", amount: 3_322, occurredAt: at }));
  books.post(bookRefund(books.charge("c1"), { id: "r3", amount: 3_323, occurredAt: at }));
  expect(books.charge("c1")).toMatchObject({
    amount: 9_967,
    fee: 299,
    refunded: 9_967,
    feeReturned: 299,
    pendingLeft: 0,
    holdReleased: false,
  });
  expect(books.balance(accounts.fees)).toBe(0);
  expect(books.balance(accounts.buyers)).toBe(0);
});

it("refuses amounts that are not cents, and a fee above the charge", () => {
  expect(() => capture("c1", 0)).toThrow(RangeError);
  expect(() => capture("c1", 10.5)).toThrow(RangeError);
  expect(() =>
    bookCharge({
      id: "x",
      kind: "renewal-charged",
      chargeId: "x",
      vendorId: vendor,
      currency: "EUR",
      amount: 100,
      fee: 101,
      occurredAt: at,
    }),
  ).toThrow(RangeError);
});
