import { checkRefund, refundableAmount, statusAfterRefund } from "./amounts.js";

const captured = { amount: 10_000, capturedAmount: 10_000, refundedAmount: 0 };

describe("refunds", () => {
  it("refund everything still refundable when no amount is given", () => {
    expect(checkRefund("captured", captured, undefined)).toEqual({ ok: true, amount: 10_000 });
    expect(checkRefund("captured", { ...captured, refundedAmount: 2_500 }, undefined)).toEqual({
      ok: true,
      amount: 7_500,
    });
  });

  it("allow partial refunds up to what was captured, never beyond", () => {
    expect(checkRefund("captured", captured, 4_000)).toEqual({ ok: true, amount: 4_000 });
    expect(checkRefund("captured", { ...captured, refundedAmount: 4_000 }, 6_000)).toEqual({ ok: true, amount: 6_000 });
    expect(checkRefund("captured", { ...captured, refundedAmount: 4_000 }, 6_001)).toEqual({
      ok: false,
      problem: "exceeds-captured",
      refundable: 6_000,
    });
  });

  it("refuse a payment that was not captured, or is fully refunded", () => {
    expect(checkRefund("authorized", { ...captured, capturedAmount: 0 }, 100)).toMatchObject({
      ok: false,
      problem: "not-captured",
    });
    expect(checkRefund("released", { ...captured, capturedAmount: 0 }, undefined)).toMatchObject({
      ok: false,
      problem: "not-captured",
    });
    expect(checkRefund("refunded", { ...captured, refundedAmount: 10_000 }, undefined)).toMatchObject({
      ok: false,
      problem: "nothing-left",
    });
  });

  it("count what is left and the status it leaves", () => {
    expect(refundableAmount({ ...captured, refundedAmount: 3_000 })).toBe(7_000);
    expect(statusAfterRefund({ ...captured, refundedAmount: 3_000 })).toBe("captured");
    expect(statusAfterRefund({ ...captured, refundedAmount: 10_000 })).toBe("refunded");
  });
});
