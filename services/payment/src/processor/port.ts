// The payment-processor port: what the payment service asks of a card processor. Two adapters
// implement it, the simulated one (Stripe test mode's behaviour, state in our own database) and
// Stripe's (PaymentIntents with manual capture). Every call that changes something takes an
// idempotency key: the same key answers the first result, so a call repeated after a crash has
// no second effect.

export type ProcessorName = "simulated" | "stripe";

/** Why a card could not be authorized, in payment.checkout-declined's words. */
export type DeclineReason =
  "card-declined" | "insufficient-funds" | "authentication-failed" | "expired-card" | "processing-error";

/** What may be shown of a card: never its number. */
export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export type AuthorizationOutcome =
  | { kind: "authorized"; processorPaymentId: string; card: CardDetails | null }
  | { kind: "requires_action"; processorPaymentId: string; redirectUrl: string }
  | { kind: "declined"; processorPaymentId: string | null; reason: DeclineReason; processorCode: string | null };

export interface AuthorizeRequest {
  /** Minor units. */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** A `pm_…` token. */
  paymentMethod: string;
  /** A processor customer (`cus_…`) when the card is to be kept for renewals; null otherwise. */
  customer: string | null;
  /** Keep the card on the customer for later off-session charges (the buyer consented). */
  saveForFutureUse: boolean;
  idempotencyKey: string;
  metadata: Record<string, string>;
}

/**
 * Why an off-session charge (a renewal) failed: a decline, or `authentication-required` (the bank
 * wants the buyer present: Stripe's `authentication_required` for an off-session PaymentIntent).
 */
export type RenewalFailureReason = DeclineReason | "authentication-required";

export interface OffSessionChargeRequest {
  /** Minor units. */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** The processor customer (`cus_…`) the card was saved on; null when none was recorded. */
  customer: string | null;
  /** The saved `pm_…` token. */
  paymentMethod: string;
  /** What the buyer's statement and the processor's dashboard show. */
  description: string;
  idempotencyKey: string;
  metadata: Record<string, string>;
}

export type OffSessionChargeOutcome =
  | { kind: "succeeded"; processorPaymentId: string; card: CardDetails | null }
  | { kind: "failed"; processorPaymentId: string | null; reason: RenewalFailureReason; code: string | null };

export interface CustomerRequest {
  buyerId: string;
  email: string;
  name: string;
}

/** The processor answered with an error that is not a decline (network, 5xx, bad key): retry later. */
export class ProcessorUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProcessorUnavailable";
  }
}

/** The processor refused to keep a card on a customer (it declined its verification, or does not know it). */
export class CardRefused extends Error {
  constructor(
    readonly reason: DeclineReason,
    readonly code: string | null,
  ) {
    super(`The card was refused: ${reason}${code ? ` (${code})` : ""}`);
    this.name = "CardRefused";
  }
}

export interface PaymentProcessor {
  readonly name: ProcessorName;
  /** Authorizes `amount` on the card without capturing it (manual capture). */
  authorize(request: AuthorizeRequest): Promise<AuthorizationOutcome>;
  /** Where an authorization stands once the buyer went through authentication (3-D Secure). */
  confirmAuthentication(processorPaymentId: string): Promise<AuthorizationOutcome>;
  /** Captures `amount` (at most what was authorized) of an authorization. */
  capture(processorPaymentId: string, amount: number, idempotencyKey: string): Promise<{ capturedAmount: number }>;
  /** Releases an authorization that was not captured. */
  cancel(processorPaymentId: string, idempotencyKey: string): Promise<void>;
  /** Sends captured money back to the card. */
  refund(processorPaymentId: string, amount: number, idempotencyKey: string): Promise<{ refundId: string }>;
  /**
   * Charges a saved card without the buyer (a renewal), captured at once. A decline is an answer
   * (`failed`); the same key answers the first result.
   */
  chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeOutcome>;
  /** A processor customer for a buyer who consented to keep its card. */
  createCustomer(customer: CustomerRequest, idempotencyKey: string): Promise<string>;
  /**
   * Keeps the card on the customer for renewals (only with the buyer's consent); answers what may be
   * shown of it. Throws CardRefused when the processor will not keep it.
   */
  saveForRenewals(customer: string, paymentMethod: string, idempotencyKey: string): Promise<CardDetails>;
}
