import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Id, Money, Timestamp } from "../common/primitives.js";

// payment's internal API (not public): storefront-gateway reads a checkout's payments and a
// buyer's saved cards, tokenizes test cards (simulated processor only) and sends the buyer to the
// authentication page; backoffice-api reads an order's payment and refunds it. Card numbers never
// reach any service but the simulated processor's tokenize endpoint, which keeps none.
// WIRE FORMAT between services: change it with every side.

export const PAYMENT_STATUSES = [
  "authorizing",
  "action-required",
  "authorized",
  "released",
  "captured",
  "refunded",
  "failed",
] as const;
/**
 * One order's payment: `authorizing` (asked), `action-required` (the buyer must authenticate),
 * `authorized` (held on the card), then `captured` (vendor accepted; `refunded` once every captured
 * cent went back) or `released` (refused, cancelled, or the checkout was declined); `failed` = the
 * authorization was declined.
 */
export const PaymentStatus = z.enum(PAYMENT_STATUSES).meta({ id: "PaymentStatus" });
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const PaymentView = z
  .object({
    paymentId: Id,
    orderId: Id,
    checkoutId: Id,
    buyerId: Id,
    vendorId: Id,
    status: PaymentStatus,
    /** The order's total, authorized on the card. */
    amount: Money,
    /** The marketplace's 3% of `amount`, charged to the vendor when captured. */
    fee: Money,
    capturedAmount: Money,
    releasedAmount: Money,
    refundedAmount: Money,
    /** What may still be refunded: capturedAmount − refundedAmount. */
    refundableAmount: Money,
    processor: z.enum(["simulated", "stripe"]),
    /** The processor's id of the authorization (a PaymentIntent id with Stripe); null before it answered. */
    processorPaymentId: z.string().nullable(),
    /** Set when status is `failed`, e.g. `card-declined`. */
    failureReason: z.string().nullable(),
    createdAt: Timestamp,
    authorizedAt: Timestamp.nullable(),
    capturedAt: Timestamp.nullable(),
    releasedAt: Timestamp.nullable(),
  })
  .meta({ id: "Payment" });
export type PaymentView = z.infer<typeof PaymentView>;

export const CHECKOUT_PAYMENT_STATUSES = ["authorizing", "action-required", "authorized", "declined"] as const;

/** Where a checkout's payment stands, with one payment per draft order. */
export const CheckoutPayments = z
  .object({
    checkoutId: Id,
    buyerId: Id,
    status: z.enum(CHECKOUT_PAYMENT_STATUSES),
    /** Where to send the buyer when status is `action-required`; null otherwise. */
    redirectUrl: z.string().nullable(),
    /** Set when `declined`: the reason code of payment.checkout-declined and its buyer-worded message. */
    declineReason: z.string().nullable(),
    declineMessage: z.string().nullable(),
    payments: z.array(PaymentView),
  })
  .meta({ id: "CheckoutPayments" });
export type CheckoutPayments = z.infer<typeof CheckoutPayments>;

export const Refund = z
  .object({
    refundId: Id,
    paymentId: Id,
    orderId: Id,
    amount: Money,
    reason: z.string(),
    processorRefundId: z.string(),
    refundedAt: Timestamp,
    /** The payment after this refund. */
    payment: PaymentView,
  })
  .meta({ id: "Refund" });
export type Refund = z.infer<typeof Refund>;

export const RefundInput = z
  .object({
    /** In minor units of the payment's currency; absent = everything still refundable. */
    amount: z.number().int().min(1).optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .meta({ id: "RefundInput" });

export const SavedPaymentMethod = z
  .object({
    paymentMethodId: z.string().meta({ description: "The processor's payment-method token (`pm_…`)." }),
    brand: z.string().meta({ description: "e.g. `visa`, `mastercard`." }),
    last4: z.string().length(4),
    expMonth: z.number().int().min(1).max(12),
    expYear: z.number().int(),
    /** When the buyer consented (at checkout, `saveForRenewals: true`) and the card was kept. */
    savedAt: Timestamp,
    consentCheckoutId: Id.meta({ description: "The checkout where the buyer gave its consent." }),
  })
  .meta({ id: "SavedPaymentMethod" });
export type SavedPaymentMethod = z.infer<typeof SavedPaymentMethod>;

export const SimulatedCardInput = z
  .object({
    number: z
      .string()
      .trim()
      .regex(/^[0-9 ]{12,23}$/, "digits only (spaces allowed)"),
    expMonth: z.number().int().min(1).max(12),
    expYear: z.number().int().min(2000).max(2100),
    cvc: z.string().regex(/^[0-9]{3,4}$/, "3 or 4 digits"),
  })
  .meta({ id: "SimulatedCardInput" });

export const SimulatedPaymentMethod = z
  .object({
    id: z.string().meta({ description: "`pm_…`: pass it as `paymentMethod` at checkout." }),
    brand: z.string(),
    last4: z.string().length(4),
    expMonth: z.number().int(),
    expYear: z.number().int(),
  })
  .meta({ id: "SimulatedPaymentMethod" });

export const SimulatedAuthentication = z
  .object({
    authenticationId: Id,
    /** `expired`: the buyer did not answer in time and the checkout was declined. */
    status: z.enum(["pending", "succeeded", "failed", "expired"]),
    amount: Money,
    /** The checkout's payment after the buyer's answer. */
    checkoutId: Id.nullable(),
  })
  .meta({ id: "SimulatedAuthentication" });

export const GetCheckoutPayments = defineEndpoint({
  method: "get",
  path: "/checkouts/:checkoutId/payments",
  summary: "Where a checkout's payment stands, one payment per order",
  tags: ["payments"],
  params: z.object({ checkoutId: Id }),
  response: { status: 200, schema: CheckoutPayments },
  errors: [404],
});

export const GetOrderPayment = defineEndpoint({
  method: "get",
  path: "/orders/:orderId/payment",
  summary: "An order's payment: status, amount, captured, released and refunded amounts",
  tags: ["payments"],
  params: z.object({ orderId: Id }),
  response: { status: 200, schema: PaymentView },
  errors: [404],
});

export const RefundPayment = defineEndpoint({
  method: "post",
  path: "/payments/:paymentId/refunds",
  summary: "Refund captured money of a payment, in full or in part",
  description:
    "Partial refunds add up to at most what was captured (422 `refund-exceeds-captured`). A payment not captured " +
    "(authorized, released...) cannot be refunded: 409 `payment-not-captured` (release it by refusing or cancelling the order); " +
    "nothing left to refund: 409 `payment-fully-refunded`. The same Idempotency-Key answers the same refund (another amount or " +
    "reason with it: 409 `idempotency-key-reused`); 503 `processor-unavailable`: retry with the same key.",
  tags: ["payments"],
  params: z.object({ paymentId: Id }),
  body: RefundInput,
  response: { status: 201, schema: Refund },
  errors: [404, 409, 422, 503],
  idempotencyKey: true,
});

export const ListSavedPaymentMethods = defineEndpoint({
  method: "get",
  path: "/buyers/:buyerId/payment-methods",
  summary: "The cards a buyer consented to keep for automatic renewals",
  tags: ["payment-methods"],
  params: z.object({ buyerId: Id }),
  response: { status: 200, schema: z.object({ items: z.array(SavedPaymentMethod) }) },
});

export const TokenizeSimulatedCard = defineEndpoint({
  method: "post",
  path: "/simulated/payment-methods",
  summary: "Simulated processor only: turn a Stripe test card number into a `pm_…` token",
  description:
    "Exists only when PAYMENT_PROCESSOR=simulated (404 otherwise). Accepts Stripe's test numbers: 4242424242424242 (succeeds), " +
    "5555555555554444 (mastercard, succeeds), 4000000000000002 (declined), 4000000000009995 (insufficient funds), " +
    "4000000000000069 (expired card), 4000002500003155 (3-D Secure authentication). Keeps and logs nothing but the token, brand and last 4 digits.",
  tags: ["simulated-processor"],
  body: SimulatedCardInput,
  response: { status: 201, schema: SimulatedPaymentMethod },
  errors: [404, 422],
});

export const GetSimulatedAuthentication = defineEndpoint({
  method: "get",
  path: "/simulated/authentications/:authenticationId",
  summary: "Simulated processor only: a pending 3-D Secure authentication (the HTML page is at …/page)",
  tags: ["simulated-processor"],
  params: z.object({ authenticationId: Id }),
  response: { status: 200, schema: SimulatedAuthentication },
  errors: [404],
});

export const CompleteSimulatedAuthentication = defineEndpoint({
  method: "post",
  path: "/simulated/authentications/:authenticationId",
  summary: "Simulated processor only: the buyer approves or fails the 3-D Secure authentication",
  description:
    "The checkout then continues: payment.checkout-authorized or payment.checkout-declined (`authentication-failed`). Answering twice answers the first result; " +
    "answering after the authentication expired (the checkout was declined meanwhile) is a 409 `authentication-expired`.",
  tags: ["simulated-processor"],
  params: z.object({ authenticationId: Id }),
  body: z.object({ outcome: z.enum(["approve", "fail"]) }),
  response: { status: 200, schema: SimulatedAuthentication },
  errors: [404, 409],
});

export const RENEWAL_CHARGE_STATUSES = ["succeeded", "failed"] as const;

/**
 * An off-session charge of the buyer's saved card for one subscription period (the renewal
 * engine): captured at once, or failed with a decline. `authentication-required` is a failure the
 * buyer resolves by paying the open period with a card on-session (Stripe's
 * `authentication_required` for an off-session PaymentIntent).
 */
export const RenewalCharge = z
  .object({
    chargeId: Id,
    subscriptionId: Id,
    periodNumber: z.number().int().min(0),
    buyerId: Id,
    vendorId: Id,
    status: z.enum(RENEWAL_CHARGE_STATUSES),
    amount: Money,
    /** The marketplace's 3% of `amount`, charged to the vendor. */
    fee: Money,
    /**
     * Set when failed: `card-declined`, `insufficient-funds`, `expired-card`, `authentication-required`,
     * `no-saved-card`, …
     */
    failureReason: z.string().nullable(),
    /** The processor's decline code when it gave one (`generic_decline`, `authentication_required`, …). */
    declineCode: z.string().nullable(),
    /** The card charged (brand and last 4 digits only); null when the buyer had none saved. */
    card: z.object({ brand: z.string(), last4: z.string().length(4) }).nullable(),
    processor: z.enum(["simulated", "stripe"]),
    processorPaymentId: z.string().nullable(),
    chargedAt: Timestamp,
  })
  .meta({ id: "RenewalCharge" });
export type RenewalCharge = z.infer<typeof RenewalCharge>;

export const RenewalChargeInput = z
  .object({
    subscriptionId: Id,
    periodNumber: z.number().int().min(0),
    buyerId: Id,
    vendorId: Id,
    amount: Money,
    fee: Money,
    /** What the buyer's statement shows, e.g. the product and plan. */
    description: z.string().trim().min(1).max(200),
  })
  .meta({ id: "RenewalChargeInput" });
export type RenewalChargeInput = z.infer<typeof RenewalChargeInput>;

export const ChargeRenewal = defineEndpoint({
  method: "post",
  path: "/renewal-charges",
  summary: "Charge the buyer's saved card off-session for one subscription period (subscription service only)",
  description:
    "Charges the card the buyer saved most recently for renewals, captured at once. A decline is an answer, not an error: " +
    "201 with `status: failed`. The Idempotency-Key is the period's charge key: the same key answers the same charge, " +
    "however often it is repeated (two replicas, a crash before the caller recorded it); another body with it: 409 " +
    "`idempotency-key-reused`. 503 `processor-unavailable`: retry with the same key.",
  tags: ["renewals"],
  body: RenewalChargeInput,
  response: { status: 201, schema: RenewalCharge },
  errors: [409, 503],
  idempotencyKey: true,
});

/** The card a buyer's renewals are charged on: the one it saved most recently. */
export const RenewalCard = z
  .object({
    brand: z.string().meta({ description: "e.g. `visa`, `mastercard`." }),
    last4: z.string().length(4),
    expMonth: z.number().int().min(1).max(12),
    expYear: z.number().int(),
    /** When the buyer saved it (at a checkout with consent, or by replacing its card). */
    savedAt: Timestamp,
  })
  .meta({ id: "RenewalCard" });
export type RenewalCard = z.infer<typeof RenewalCard>;

export const ReplaceRenewalCardInput = z
  .object({
    paymentMethod: z.string().trim().min(1).max(255).meta({ description: "A card token `pm_…`; never a card number." }),
    /** For the processor customer, when the buyer has none yet. */
    email: z.email().max(254),
    name: z.string().trim().min(1).max(200),
  })
  .meta({ id: "ReplaceRenewalCardInput" });
export type ReplaceRenewalCardInput = z.infer<typeof ReplaceRenewalCardInput>;

export const ReplaceRenewalCard = defineEndpoint({
  method: "put",
  path: "/buyers/:buyerId/renewal-card",
  summary: "The buyer replaces the card its renewals are charged on (storefront-gateway only)",
  description:
    "Keeps the card on the buyer's processor customer (created if it has none) and makes it the most recent saved card: " +
    "the next renewal charges it. Putting the card is the buyer's consent. 422 `card-declined` when the processor refuses " +
    "to keep it (`reason`); the same Idempotency-Key answers the same card (another card with it: 409 " +
    "`idempotency-key-reused`); 503 `processor-unavailable`: retry with the same key.",
  tags: ["renewals"],
  params: z.object({ buyerId: Id }),
  body: ReplaceRenewalCardInput,
  response: { status: 200, schema: RenewalCard },
  errors: [409, 422, 503],
  idempotencyKey: true,
});

export const GetRenewalCard = defineEndpoint({
  method: "get",
  path: "/buyers/:buyerId/renewal-card",
  summary: "The card a buyer's renewals are charged on (its most recently saved one); 404 when it has none",
  tags: ["renewals"],
  params: z.object({ buyerId: Id }),
  response: { status: 200, schema: RenewalCard },
  errors: [404],
});

/**
 * Not a JSON endpoint (its body must stay raw for the signature): Stripe posts events here, signed
 * with STRIPE_WEBHOOK_SECRET (`Stripe-Signature`). Served on the payment service's webhook listener.
 */
export const STRIPE_WEBHOOK_PATH = "/stripe/webhooks";

export const paymentEndpoints = [
  GetCheckoutPayments,
  GetOrderPayment,
  RefundPayment,
  ListSavedPaymentMethods,
  TokenizeSimulatedCard,
  GetSimulatedAuthentication,
  CompleteSimulatedAuthentication,
  ChargeRenewal,
  ReplaceRenewalCard,
  GetRenewalCard,
] as const;
