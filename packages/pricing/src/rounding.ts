// Rounding money, the one rule (docs/business-rules.md, Money: integers of minor units, never floats).
//
// RULE: a share of an amount of cents is rounded half up, to the nearest cent, a half cent going
// up: 0.4999… → 0, 0.5 → 1. Amounts here are never negative (an order's total, VAT and fee), so
// "half up" and "half away from zero" agree. The product is computed exactly with BigInt, so
// large amounts never meet floating-point error (1e12 cents × 2000 basis points is past 2^53).

/** `amount × numerator / denominator`, rounded half up, exactly. Integers only; amount ≥ 0. */
export function shareHalfUp(amount: number, numerator: number, denominator: number): number {
  assertCents(amount, "amount");
  if (!Number.isSafeInteger(numerator) || numerator < 0)
    throw new RangeError(`numerator must be a non-negative integer, got ${numerator}`);
  if (!Number.isSafeInteger(denominator) || denominator <= 0)
    throw new RangeError(`denominator must be a positive integer, got ${denominator}`);
  const product = BigInt(amount) * BigInt(numerator);
  const den = BigInt(denominator);
  const quotient = product / den;
  const remainder = product % den;
  // remainder / den ≥ 1/2 ⇔ 2 × remainder ≥ den: the half goes up.
  const rounded = 2n * remainder >= den ? quotient + 1n : quotient;
  return toSafeNumber(rounded);
}

/** Throws unless `value` is a whole, non-negative, safely representable number of cents. */
export function assertCents(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative integer of cents, got ${value}`);
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`${value} cents is beyond what is safely representable`);
  return Number(value);
}
