import { declineOf, offSessionFailureOf, testCardNumber, TEST_PAYMENT_METHODS } from "./test-cards.js";

describe("Stripe's test cards", () => {
  it("named payment methods behave as in Stripe test mode", () => {
    expect(TEST_PAYMENT_METHODS.pm_card_visa?.behaviour).toBe("succeed");
    expect(TEST_PAYMENT_METHODS.pm_card_mastercard?.behaviour).toBe("succeed");
    expect(declineOf(TEST_PAYMENT_METHODS.pm_card_chargeDeclined!.behaviour)).toEqual({
      reason: "card-declined",
      code: "generic_decline",
    });
    expect(declineOf(TEST_PAYMENT_METHODS.pm_card_chargeDeclinedInsufficientFunds!.behaviour)?.reason).toBe(
      "insufficient-funds",
    );
    expect(declineOf(TEST_PAYMENT_METHODS.pm_card_chargeDeclinedExpiredCard!.behaviour)?.reason).toBe("expired-card");
    expect(TEST_PAYMENT_METHODS.pm_card_authenticationRequired?.behaviour).toBe("authentication_required");
  });

  it("test numbers are recognised, spaces allowed; anything else is not", () => {
    expect(testCardNumber("4242 4242 4242 4242")).toEqual({ behaviour: "succeed", brand: "visa", last4: "4242" });
    expect(testCardNumber("4000000000000002")?.behaviour).toBe("generic_decline");
    expect(testCardNumber("4000000000009995")?.behaviour).toBe("insufficient_funds");
    expect(testCardNumber("4000002500003155")?.behaviour).toBe("authentication_required");
    expect(testCardNumber("4000000000000341")).toEqual({
      behaviour: "charge_customer_fail",
      brand: "visa",
      last4: "0341",
    });
    expect(testCardNumber("4111111111111111")).toBeUndefined();
  });

  it("off-session (a renewal): 3-D Secure cannot happen, so the charge fails; a customer-fail card is declined", () => {
    expect(offSessionFailureOf("succeed")).toBeUndefined();
    expect(offSessionFailureOf("authentication_required")).toEqual({
      reason: "authentication-required",
      code: "authentication_required",
    });
    expect(offSessionFailureOf(TEST_PAYMENT_METHODS.pm_card_chargeCustomerFail!.behaviour)).toEqual({
      reason: "card-declined",
      code: "generic_decline",
    });
    expect(declineOf("charge_customer_fail")).toEqual({ reason: "card-declined", code: "generic_decline" });
    expect(offSessionFailureOf("insufficient_funds")?.reason).toBe("insufficient-funds");
  });
});
