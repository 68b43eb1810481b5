import { shareHalfUp } from "./rounding.js";
import { feeReturnedOn, lineAmount, orderTotals, sumTotals, transactionFeeOn, vatOn } from "./totals.js";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const line = (unitPrice: number, quantity = 1) => ({ unitPrice: eur(unitPrice), quantity });
const STANDARD = { rateBasisPoints: 2000 };
const ZERO = { rateBasisPoints: 0 };

describe("rounding half up", () => {
  it("rounds a half cent up and anything below it down", () => {
    expect(shareHalfUp(1, 1, 2)).toBe(1); // 0.5 → 1
    expect(shareHalfUp(3, 1, 2)).toBe(2); // 1.5 → 2
    expect(shareHalfUp(4999, 1, 10_000)).toBe(0); // 0.4999 → 0
    expect(shareHalfUp(5000, 1, 10_000)).toBe(1); // 0.5 → 1
    expect(shareHalfUp(5001, 1, 10_000)).toBe(1);
    expect(shareHalfUp(14999, 1, 10_000)).toBe(1);
    expect(shareHalfUp(15000, 1, 10_000)).toBe(2);
  });

  it("refuses fractions and negative amounts", () => {
    expect(() => shareHalfUp(1.5, 1, 1)).toThrow(RangeError);
    expect(() => shareHalfUp(-1, 1, 1)).toThrow(RangeError);
    expect(() => shareHalfUp(1, 1, 0)).toThrow(RangeError);
  });
});

describe("VAT at 20%", () => {
  it("is exact on whole amounts", () => {
    expect(vatOn(10_000, 2000)).toBe(2000);
  });

  it("rounds half a cent of VAT up: 2.5 cents → 3, 2.4 → 2", () => {
    expect(vatOn(1_250, 200)).toBe(25); // exact: 25
    expect(vatOn(1_225, 2000)).toBe(245); // exact: 245
    expect(vatOn(1_248, 2000)).toBe(250); // 249.6 → 250
    expect(vatOn(12, 2000)).toBe(2); // 2.4 → 2
    expect(vatOn(13, 2000)).toBe(3); // 2.6 → 3
    expect(vatOn(5, 1000)).toBe(1); // 0.5 → 1 (10%)
    expect(vatOn(5, 2000)).toBe(1); // 1.0
    expect(vatOn(2, 2000)).toBe(0); // 0.4 → 0
    expect(vatOn(3, 2000)).toBe(1); // 0.6 → 1
  });
});

describe("the 3% transaction fee", () => {
  it("rounds half a cent up", () => {
    expect(transactionFeeOn(50)).toBe(2); // 1.5 → 2
    expect(transactionFeeOn(49)).toBe(1); // 1.47 → 1
    expect(transactionFeeOn(17)).toBe(1); // 0.51 → 1
    expect(transactionFeeOn(16)).toBe(0); // 0.48 → 0
    expect(transactionFeeOn(1)).toBe(0); // 0.03 → 0
    expect(transactionFeeOn(10_000)).toBe(300);
  });
});

describe("the fee returned on refunds", () => {
  it("returns the fee in proportion to what was refunded, rounded half up", () => {
    expect(feeReturnedOn(300, 10_000, 5_000)).toBe(150);
    expect(feeReturnedOn(3, 100, 50)).toBe(2); // 1.5 → 2
    expect(feeReturnedOn(300, 10_000, 0)).toBe(0);
    expect(feeReturnedOn(300, 10_000, 10_000)).toBe(300);
  });

  it("returns the whole fee, no cent more or less, when partial refunds add up to the charge", () => {
    // A fee of 1 cent on 3 cents, refunded a cent at a time: one by one, each third would round to 0.
    const steps = [1, 2, 3].map((refundedTotal) => feeReturnedOn(1, 3, refundedTotal));
    expect(steps).toEqual([0, 1, 1]);
    // A fee of 299 on 9,967 refunded in three parts.
    const parts = [3_322, 3_322, 3_323];
    let refunded = 0;
    let returned = 0;
    for (const part of parts) {
      const before = feeReturnedOn(299, 9_967, refunded);
      refunded += part;
      returned += feeReturnedOn(299, 9_967, refunded) - before;
    }
    expect(returned).toBe(299);
  });

  it("refuses a refund beyond the charge and amounts that are not cents", () => {
    expect(() => feeReturnedOn(300, 10_000, 10_001)).toThrow(RangeError);
    expect(() => feeReturnedOn(300, 0, 0)).toThrow(RangeError);
    expect(() => feeReturnedOn(1.5, 100, 10)).toThrow(RangeError);
  });
});

describe("orderTotals", () => {
  it("adds unit price × quantity, then VAT once, then the fee on the total", () => {
    expect(orderTotals([line(4_900, 2), line(1_999, 3)], STANDARD)).toEqual({
      subtotal: eur(15_797), // 9,800 + 5,997
      vat: eur(3_159), // 3,159.4 → 3,159
      total: eur(18_956),
      fee: eur(569), // 568.68 → 569
    });
  });

  it("computes VAT on the order, not per line (per line would lose the cent)", () => {
    // Three lines of 2 cents: 0.4 cent of VAT each (0 if rounded per line), 1.2 → 1 on the order.
    expect(orderTotals([line(2), line(2), line(2)], STANDARD).vat).toEqual(eur(1));
  });

  it("prices a 1-cent order: no VAT cent, no fee cent", () => {
    expect(orderTotals([line(1)], STANDARD)).toEqual({ subtotal: eur(1), vat: eur(0), total: eur(1), fee: eur(0) });
  });

  it("prices a 3-cent order: 0.6 cent of VAT rounds to 1", () => {
    expect(orderTotals([line(3)], STANDARD)).toEqual({ subtotal: eur(3), vat: eur(1), total: eur(4), fee: eur(0) });
  });

  it("charges no VAT under reverse charge or outside the EU, and the fee on the total", () => {
    expect(orderTotals([line(10_000)], ZERO)).toEqual({
      subtotal: eur(10_000),
      vat: eur(0),
      total: eur(10_000),
      fee: eur(300),
    });
  });

  it("stays exact on large amounts, where floating point would not", () => {
    // 20 lines of 100 × €1,000,000.00 = 2e11 cents; VAT and fee exact to the cent.
    const big = Array.from({ length: 20 }, () => line(100_000_000, 100));
    const totals = orderTotals(big, STANDARD);
    expect(totals.subtotal.amount).toBe(200_000_000_000);
    expect(totals.vat.amount).toBe(40_000_000_000);
    expect(totals.total.amount).toBe(240_000_000_000);
    expect(totals.fee.amount).toBe(7_200_000_000);
    // Beyond 2^53 the product (4,503,599,627,370,497 × 2000) is not exact in floating point; BigInt keeps the half-up
    // rule.
    expect(vatOn(4_503_599_627_370_497, 2000)).toBe(900_719_925_474_099); // …099.4 → …099
    expect(4_503_599_627_370_497 * 0.2).not.toBe(900_719_925_474_099.4);
  });

  it("refuses to mix currencies or to price a fractional quantity", () => {
    expect(() =>
      orderTotals([line(100), { unitPrice: { amount: 100, currency: "USD" }, quantity: 1 }], STANDARD),
    ).toThrow(RangeError);
    expect(() => lineAmount({ unitPrice: eur(100), quantity: 1.5 })).toThrow(RangeError);
    expect(() => lineAmount({ unitPrice: eur(100), quantity: 0 })).toThrow(RangeError);
  });

  it("gives zero totals in the currency named for no lines", () => {
    expect(orderTotals([], STANDARD, "EUR")).toEqual({ subtotal: eur(0), vat: eur(0), total: eur(0), fee: eur(0) });
  });
});

describe("sumTotals", () => {
  it("sums each figure of several orders without recomputing VAT on the sum", () => {
    const a = orderTotals([line(2)], STANDARD); // vat 0 (0.4)
    const b = orderTotals([line(2)], STANDARD); // vat 0 (0.4)
    expect(sumTotals([a, b])).toEqual({ subtotal: eur(4), vat: eur(0), total: eur(4), fee: eur(0) });
  });
});
