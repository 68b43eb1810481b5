import { idempotencyKeys } from "./keys.js";

describe("idempotency keys", () => {
  it("are derived from the operation, the same every time it is redone", () => {
    expect(idempotencyKeys.authorize("c1", "o1")).toBe("checkout:c1:order:o1:authorize");
    expect(idempotencyKeys.authorize("c1", "o1")).toBe(idempotencyKeys.authorize("c1", "o1"));
    expect(idempotencyKeys.releaseDeclined("c1", "o1")).toBe("checkout:c1:order:o1:release");
    expect(idempotencyKeys.capture("o1")).toBe("order:o1:capture");
    expect(idempotencyKeys.release("o1")).toBe("order:o1:release");
    expect(idempotencyKeys.refund("p1", "k1")).toBe("payment:p1:refund:k1");
    expect(idempotencyKeys.renewalChargeRefund("r1", "k1")).toBe("renewal-charge:r1:refund:k1");
    expect(idempotencyKeys.renewalCharge("subscription:s1:period:3:charge")).toBe("subscription:s1:period:3:charge");
  });

  it("differ for every operation and every order", () => {
    const keys = [
      idempotencyKeys.authorize("c1", "o1"),
      idempotencyKeys.authorize("c1", "o2"),
      idempotencyKeys.releaseDeclined("c1", "o1"),
      idempotencyKeys.capture("o1"),
      idempotencyKeys.release("o1"),
      idempotencyKeys.customer("c1"),
      idempotencyKeys.saveForRenewals("c1"),
      idempotencyKeys.refund("p1", "k1"),
      idempotencyKeys.refund("p1", "k2"),
      idempotencyKeys.renewalChargeRefund("p1", "k1"),
      idempotencyKeys.renewalCardCustomer("b1", "k1"),
      idempotencyKeys.renewalCardAttach("b1", "k1"),
      idempotencyKeys.renewalCardAttach("b2", "k1"),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
