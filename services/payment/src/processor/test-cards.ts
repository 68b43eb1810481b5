import type { CardDetails, DeclineReason, RenewalFailureReason } from "./port.js";

// Stripe test mode's cards, as the simulated processor plays them
// (https://docs.stripe.com/testing): named PaymentMethods, and card numbers that only the
// tokenize step accepts, turning them into a `pm_…` token.

/** `charge_customer_fail`: attaching the card to a customer succeeds, every charge of it is declined. */
export type CardBehaviour =
  | "succeed"
  | "generic_decline"
  | "insufficient_funds"
  | "expired_card"
  | "authentication_required"
  | "charge_customer_fail";

export interface TestCard {
  behaviour: CardBehaviour;
  card: CardDetails;
}

const nextYear = 2030;

/** Stripe's named test PaymentMethods. */
export const TEST_PAYMENT_METHODS: Record<string, TestCard> = {
  pm_card_visa: { behaviour: "succeed", card: { brand: "visa", last4: "4242", expMonth: 12, expYear: nextYear } },
  pm_card_mastercard: {
    behaviour: "succeed",
    card: { brand: "mastercard", last4: "4444", expMonth: 12, expYear: nextYear },
  },
  pm_card_chargeDeclined: {
    behaviour: "generic_decline",
    card: { brand: "visa", last4: "0002", expMonth: 12, expYear: nextYear },
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    behaviour: "insufficient_funds",
    card: { brand: "visa", last4: "9995", expMonth: 12, expYear: nextYear },
  },
  pm_card_chargeDeclinedExpiredCard: {
    behaviour: "expired_card",
    card: { brand: "visa", last4: "0069", expMonth: 12, expYear: nextYear },
  },
  pm_card_authenticationRequired: {
    behaviour: "authentication_required",
    card: { brand: "visa", last4: "3155", expMonth: 12, expYear: nextYear },
  },
  // Kept as a renewal card (attached) without trouble, then declined when charged: dunning's card.
  pm_card_chargeCustomerFail: {
    behaviour: "charge_customer_fail",
    card: { brand: "visa", last4: "0341", expMonth: 12, expYear: nextYear },
  },
};

/** Stripe's test card numbers the tokenize step accepts. */
const TEST_NUMBERS: Record<string, { behaviour: CardBehaviour; brand: string }> = {
  "4242424242424242": { behaviour: "succeed", brand: "visa" },
  "5555555555554444": { behaviour: "succeed", brand: "mastercard" },
  "4000000000000002": { behaviour: "generic_decline", brand: "visa" },
  "4000000000009995": { behaviour: "insufficient_funds", brand: "visa" },
  "4000000000000069": { behaviour: "expired_card", brand: "visa" },
  "4000002500003155": { behaviour: "authentication_required", brand: "visa" },
  "4000000000000341": { behaviour: "charge_customer_fail", brand: "visa" },
};

/** What a test card number does; undefined for any other number (the simulated processor refuses real cards). */
export function testCardNumber(number: string): { behaviour: CardBehaviour; brand: string; last4: string } | undefined {
  const digits = number.replace(/\s+/g, "");
  const known = TEST_NUMBERS[digits];
  return known ? { ...known, last4: digits.slice(-4) } : undefined;
}

/** The decline a behaviour produces when the card is charged; undefined when it does not decline. */
export function declineOf(behaviour: CardBehaviour): { reason: DeclineReason; code: string } | undefined {
  switch (behaviour) {
    case "generic_decline":
    case "charge_customer_fail":
      return { reason: "card-declined", code: "generic_decline" };
    case "insufficient_funds":
      return { reason: "insufficient-funds", code: "insufficient_funds" };
    case "expired_card":
      return { reason: "expired-card", code: "expired_card" };
    default:
      return undefined;
  }
}

/**
 * What charging the card without the buyer (off-session, a renewal) fails with; undefined when it
 * succeeds. A card that asks for 3-D Secure cannot be authenticated with nobody there.
 */
export function offSessionFailureOf(
  behaviour: CardBehaviour,
): { reason: RenewalFailureReason; code: string } | undefined {
  if (behaviour === "authentication_required")
    return { reason: "authentication-required", code: "authentication_required" };
  return declineOf(behaviour);
}
