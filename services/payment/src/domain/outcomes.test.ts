import { declineMessage, declineReasonFromStripe, renewalFailureFromStripe } from "./outcomes.js";

describe("declines", () => {
  it("map Stripe's codes to the reasons of payment.checkout-declined", () => {
    expect(declineReasonFromStripe("card_declined", "generic_decline")).toBe("card-declined");
    expect(declineReasonFromStripe("card_declined", "insufficient_funds")).toBe("insufficient-funds");
    expect(declineReasonFromStripe("expired_card", null)).toBe("expired-card");
    expect(declineReasonFromStripe("payment_intent_authentication_failure", undefined)).toBe("authentication-failed");
    expect(declineReasonFromStripe("card_declined", "do_not_honor")).toBe("card-declined");
    expect(declineReasonFromStripe("processing_error", null)).toBe("processing-error");
    expect(declineReasonFromStripe(null, null)).toBe("processing-error");
  });

  it("are worded for the buyer in its language, never with a processor code", () => {
    expect(declineMessage("insufficient-funds", "en")).toMatch(/insufficient funds/);
    expect(declineMessage("expired-card", "fr")).toMatch(/expiré/);
    for (const reason of [
      "card-declined",
      "insufficient-funds",
      "authentication-failed",
      "expired-card",
      "processing-error",
    ] as const) {
      expect(declineMessage(reason, "en")).not.toMatch(/_/);
    }
  });
});

describe("a failed off-session charge (a renewal)", () => {
  it("says the bank wants the buyer when Stripe answers authentication_required, else maps as a decline", () => {
    expect(renewalFailureFromStripe("authentication_required", null)).toBe("authentication-required");
    expect(renewalFailureFromStripe("card_declined", "authentication_required")).toBe("authentication-required");
    expect(renewalFailureFromStripe("card_declined", "generic_decline")).toBe("card-declined");
    expect(renewalFailureFromStripe("card_declined", "insufficient_funds")).toBe("insufficient-funds");
    expect(renewalFailureFromStripe("expired_card", null)).toBe("expired-card");
  });
});
