// Money rules of one payment (minor units, one currency).

export interface PaymentAmounts {
  amount: number;
  capturedAmount: number;
  refundedAmount: number;
}

export function refundableAmount(payment: PaymentAmounts): number {
  return Math.max(0, payment.capturedAmount - payment.refundedAmount);
}

export type RefundCheck =
  | { ok: true; amount: number }
  | { ok: false; problem: "not-captured" | "nothing-left" | "exceeds-captured"; refundable: number };

/** A refund of `requested` (absent = everything still refundable) of a payment in `status`. */
export function checkRefund(status: string, payment: PaymentAmounts, requested: number | undefined): RefundCheck {
  const refundable = refundableAmount(payment);
  if (status !== "captured" && status !== "refunded") return { ok: false, problem: "not-captured", refundable };
  if (refundable === 0) return { ok: false, problem: "nothing-left", refundable };
  const amount = requested ?? refundable;
  if (amount > refundable) return { ok: false, problem: "exceeds-captured", refundable };
  return { ok: true, amount };
}

/** After a refund: `refunded` once every captured cent went back. */
export function statusAfterRefund(payment: PaymentAmounts): "captured" | "refunded" {
  return refundableAmount(payment) === 0 ? "refunded" : "captured";
}
