import { decidePayout, type PayeeStanding } from "./payout-run.js";

const payee = (overrides: Partial<PayeeStanding> = {}): PayeeStanding => ({
  vendorId: "v1",
  currency: "EUR",
  available: 9_700,
  kyc: "approved",
  bankDetails: "verified",
  ...overrides,
});

it("pays an approved, verified vendor its whole available balance, once per run", () => {
  expect(decidePayout("run-2026-03-22", payee())).toEqual({
    pay: { payoutId: "run-2026-03-22:v1", vendorId: "v1", currency: "EUR", amount: 9_700 },
  });
});

it("pays nothing when the available balance is zero or negative (netted by the next releases)", () => {
  expect(decidePayout("r", payee({ available: 0 }))).toEqual({ nothing: "no-available-balance", available: 0 });
  expect(decidePayout("r", payee({ available: -500 }))).toEqual({ nothing: "no-available-balance", available: -500 });
});

it("holds the payout, with the reason, while KYC is not approved or the bank details are not verified", () => {
  expect(decidePayout("r", payee({ kyc: "pending" }))).toEqual({ held: "kyc-not-approved", amount: 9_700 });
  expect(decidePayout("r", payee({ bankDetails: "changed-not-verified" }))).toEqual({
    held: "bank-details-changed",
    amount: 9_700,
  });
  expect(decidePayout("r", payee({ bankDetails: "missing" }))).toEqual({ held: "no-bank-details", amount: 9_700 });
});
