import { ConflictError, DomainError } from "@mkt/service-kit";

// Problem types clients switch on (WIRE FORMAT: renaming a slug breaks callers).

/** 409: only captured money can be refunded (an uncaptured authorization is released instead). */
export function paymentNotCaptured(status: string): ConflictError {
  return new ConflictError(
    "payment-not-captured",
    `The payment is ${status}: only captured money can be refunded; an authorization is released by refusing or cancelling its order.`,
    { paymentStatus: status },
  );
}

/** 409: every captured cent was already refunded. */
export function nothingToRefund(): ConflictError {
  return new ConflictError("payment-fully-refunded", "Everything captured was already refunded.", { refundable: 0 });
}

/** 422: the refund asks more than what was captured and not yet refunded. */
export class RefundExceedsCaptured extends DomainError {
  constructor(refundable: number, currency: string) {
    super({
      slug: "refund-exceeds-captured",
      status: 422,
      title: "The refund exceeds what can be refunded",
      detail: `At most ${refundable} (minor units of ${currency}) can still be refunded.`,
      errors: [{ path: "amount", message: `at most ${refundable}` }],
      extensions: { refundable: { amount: refundable, currency } },
    });
  }
}

/** 409: the same Idempotency-Key was used for another refund. */
export function idempotencyKeyReused(): ConflictError {
  return new ConflictError(
    "idempotency-key-reused",
    "This Idempotency-Key was used for a different refund of this payment.",
  );
}

/** 409: the period's charge key was used with another request (another period, amount, buyer…). */
export function renewalChargeKeyReused(chargeId: string): ConflictError {
  return new ConflictError("idempotency-key-reused", "This Idempotency-Key was used for a different renewal charge.", {
    chargeId,
  });
}

/** 409: the buyer's Idempotency-Key already put another card. */
export function renewalCardKeyReused(): ConflictError {
  return new ConflictError("idempotency-key-reused", "This Idempotency-Key was used to put another renewal card.");
}

/** 422: the processor would not keep the card (it declined its verification, or does not know the token). */
export class RenewalCardRefused extends DomainError {
  constructor(reason: string) {
    super({
      slug: "card-declined",
      status: 422,
      title: "The card cannot be kept for renewals",
      detail: "The card was refused: use another card.",
      errors: [{ path: "paymentMethod", message: reason }],
      extensions: { reason },
    });
  }
}

/** 503: the processor did not answer; the same call with the same Idempotency-Key finishes it. */
export class ProcessorUnavailableProblem extends DomainError {
  constructor() {
    super({
      slug: "processor-unavailable",
      status: 503,
      title: "The card processor is unavailable",
      detail: "Retry with the same Idempotency-Key.",
    });
  }
}

/** 422: the simulated processor only knows Stripe's test card numbers. */
export class CardNotAccepted extends DomainError {
  constructor(message: string) {
    super({
      slug: "card-not-accepted",
      status: 422,
      title: "Card not accepted",
      detail: message,
      errors: [{ path: "number", message: "not a Stripe test card number" }],
    });
  }
}

/** 409: the simulated 3-D Secure window closed; the checkout was declined. */
export function authenticationExpired(): ConflictError {
  return new ConflictError(
    "authentication-expired",
    "The authentication expired: the checkout was declined. Check out again.",
  );
}
