import type { DeclineReason, RenewalFailureReason } from "../processor/port.js";

/** The buyer's words for each decline (payment.checkout-declined `message`), in the buyer's locale. */
const MESSAGES: Record<DeclineReason, { en: string; fr: string }> = {
  "card-declined": {
    en: "Your card was declined. Please use another card or contact your bank.",
    fr: "Votre carte a été refusée. Utilisez une autre carte ou contactez votre banque.",
  },
  "insufficient-funds": {
    en: "Your card has insufficient funds for this purchase. Please use another card.",
    fr: "Le solde de votre carte est insuffisant pour cet achat. Utilisez une autre carte.",
  },
  "expired-card": {
    en: "Your card has expired. Please use another card.",
    fr: "Votre carte a expiré. Utilisez une autre carte.",
  },
  "authentication-failed": {
    en: "We could not authenticate your card (3-D Secure). Please try again or use another card.",
    fr: "L'authentification de votre carte (3-D Secure) a échoué. Réessayez ou utilisez une autre carte.",
  },
  "processing-error": {
    en: "Your payment could not be processed. Please try again in a few minutes or use another card.",
    fr: "Votre paiement n'a pas pu être traité. Réessayez dans quelques minutes ou utilisez une autre carte.",
  },
};

export function declineMessage(reason: DeclineReason, locale: "fr" | "en"): string {
  return MESSAGES[reason][locale];
}

/**
 * Stripe's decline codes (`code`, and `decline_code` for card_declined) to our reasons.
 * https://docs.stripe.com/declines/codes
 */
export function declineReasonFromStripe(
  code: string | null | undefined,
  declineCode: string | null | undefined,
): DeclineReason {
  const codes = [declineCode, code].filter((c): c is string => typeof c === "string");
  for (const c of codes) {
    if (c === "insufficient_funds") return "insufficient-funds";
    if (c === "expired_card") return "expired-card";
    if (c === "payment_intent_authentication_failure" || c === "authentication_required")
      return "authentication-failed";
  }
  for (const c of codes) {
    if (
      c === "card_declined" ||
      c === "generic_decline" ||
      c === "do_not_honor" ||
      c === "lost_card" ||
      c === "stolen_card" ||
      c === "fraudulent" ||
      c === "incorrect_cvc" ||
      c === "incorrect_number" ||
      c === "invalid_expiry_year" ||
      c === "invalid_expiry_month"
    )
      return "card-declined";
  }
  return codes.length > 0 && codes.some((c) => c.endsWith("_decline") || c.startsWith("card_"))
    ? "card-declined"
    : "processing-error";
}

/**
 * Stripe's codes for a failed off-session charge (a renewal) to our reasons: as at checkout, except
 * `authentication_required`, which off-session means the bank wants the buyer present (not that an
 * authentication failed). https://docs.stripe.com/payments/save-and-reuse
 */
export function renewalFailureFromStripe(
  code: string | null | undefined,
  declineCode: string | null | undefined,
): RenewalFailureReason {
  if (code === "authentication_required" || declineCode === "authentication_required") return "authentication-required";
  return declineReasonFromStripe(code, declineCode);
}
