// Idempotency keys sent to the processor, derived from the operation (never random), so that a
// step redone after a crash or a redelivery sends the same key and gets the first answer back.

export const idempotencyKeys = {
  customer: (checkoutId: string) => `checkout:${checkoutId}:customer`,
  authorize: (checkoutId: string, orderId: string) => `checkout:${checkoutId}:order:${orderId}:authorize`,
  /** Releasing an authorization because another order of the checkout was declined. */
  releaseDeclined: (checkoutId: string, orderId: string) => `checkout:${checkoutId}:order:${orderId}:release`,
  saveForRenewals: (checkoutId: string) => `checkout:${checkoutId}:save-for-renewals`,
  capture: (orderId: string) => `order:${orderId}:capture`,
  release: (orderId: string) => `order:${orderId}:release`,
  /** A refund: the caller's Idempotency-Key, scoped to the payment. */
  refund: (paymentId: string, callerKey: string) => `payment:${paymentId}:refund:${callerKey}`,
  /** A renewal charge's refund: the refund's key, scoped to the charge. */
  renewalChargeRefund: (chargeId: string, refundKey: string) => `renewal-charge:${chargeId}:refund:${refundKey}`,
  /**
   * A renewal charge: the caller's Idempotency-Key (the period's charge key) as it is, so that the
   * processor's own idempotency answers a call repeated after a crash, whichever replica makes it.
   */
  renewalCharge: (callerKey: string) => callerKey,
  /** The buyer puts a renewal card from its account: its customer (when it has none), the card attached. */
  renewalCardCustomer: (buyerId: string, callerKey: string) => `buyer:${buyerId}:renewal-card:${callerKey}:customer`,
  renewalCardAttach: (buyerId: string, callerKey: string) => `buyer:${buyerId}:renewal-card:${callerKey}:attach`,
} as const;
