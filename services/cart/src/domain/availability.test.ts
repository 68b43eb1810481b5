import { availabilityOf } from "./availability.js";
import { entry, plan } from "./fixtures.test-support.js";

describe("availabilityOf", () => {
  const v1 = plan({ id: "pro-v1", planFamilyId: "pro", version: 1, status: "superseded" });
  const v2 = plan({ id: "pro-v2", planFamilyId: "pro", version: 2, status: "superseded", priceCents: 5400 });
  const v3 = plan({ id: "pro-v3", planFamilyId: "pro", version: 3, status: "active", priceCents: 5900 });

  it("says an active plan of a published product is available", () => {
    const product = entry("p", [v3]);
    expect(availabilityOf(product, product.plans[0])).toEqual({
      status: "available",
      reason: null,
      message: null,
      replacementPlanId: null,
    });
  });

  it("names the newest active version of the family as the replacement of a superseded plan", () => {
    const product = entry("p", [v1, v2, v3]);
    const availability = availabilityOf(product, product.plans[0]);
    expect(availability).toMatchObject({
      status: "unavailable",
      reason: "plan-superseded",
      replacementPlanId: "pro-v3",
    });
    expect(availability.message).toContain("59.00 EUR");
  });

  it("gives no replacement when no newer version is on sale", () => {
    const product = entry("p", [v1, { ...v2, status: "retired" }]);
    expect(availabilityOf(product, product.plans[0])).toMatchObject({
      reason: "plan-superseded",
      replacementPlanId: null,
    });
  });

  it("says a retired plan, or one that left the listing, is no longer sold", () => {
    const product = entry("p", [plan({ id: "old", status: "retired" })]);
    expect(availabilityOf(product, product.plans[0])).toMatchObject({ status: "unavailable", reason: "plan-retired" });
    expect(availabilityOf(product, undefined)).toMatchObject({ status: "unavailable", reason: "plan-retired" });
  });

  it("says nothing of an unpublished or unlisted product can be bought, whatever its plans", () => {
    for (const status of ["unpublished", "unlisted"] as const) {
      const product = entry("p", [v3], { status });
      expect(availabilityOf(product, product.plans[0])).toMatchObject({
        status: "unavailable",
        reason: "product-not-published",
        replacementPlanId: null,
      });
    }
  });
});
