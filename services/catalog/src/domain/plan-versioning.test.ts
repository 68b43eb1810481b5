import { decidePlanRetirement, decidePlanUpdate, type PlanVersion } from "./plan-versioning.js";

const plan = (overrides: Partial<PlanVersion> = {}): PlanVersion => ({
  name: "Pro",
  billingCycle: "monthly",
  priceCents: 4900,
  currency: "EUR",
  commitmentMonths: 0,
  trialDays: 14,
  status: "active",
  everPublished: false,
  ...overrides,
});

describe("plan versioning", () => {
  it("edits a plan that was never published in place, terms included", () => {
    expect(decidePlanUpdate(plan(), { priceCents: 5900 })).toMatchObject({
      kind: "in-place",
      next: { priceCents: 5900, name: "Pro" },
    });
  });
  it("makes a new version when the terms of a published plan change", () => {
    for (const change of [
      { priceCents: 5900 },
      { billingCycle: "yearly" as const },
      { commitmentMonths: 12 },
      { trialDays: 0 },
    ]) {
      expect(decidePlanUpdate(plan({ everPublished: true }), change).kind).toBe("new-version");
    }
  });
  it("renames a published plan in place: the name is not a term", () => {
    expect(decidePlanUpdate(plan({ everPublished: true }), { name: "Pro+" })).toMatchObject({
      kind: "in-place",
      next: { name: "Pro+", priceCents: 4900 },
    });
  });
  it("makes a new version carrying the new name when a rename comes with new terms", () => {
    expect(decidePlanUpdate(plan({ everPublished: true }), { name: "Pro 2", priceCents: 5900 })).toMatchObject({
      kind: "new-version",
      next: { name: "Pro 2", priceCents: 5900 },
    });
  });
  it("does nothing for a change that changes nothing", () => {
    expect(decidePlanUpdate(plan({ everPublished: true }), { priceCents: 4900, name: "Pro" })).toEqual({
      kind: "unchanged",
    });
  });
  it("refuses to change a superseded or retired plan", () => {
    expect(decidePlanUpdate(plan({ status: "superseded" }), { priceCents: 1 })).toEqual({
      kind: "refused",
      reason: "plan-not-active",
    });
    expect(decidePlanUpdate(plan({ status: "retired" }), { name: "x" })).toEqual({
      kind: "refused",
      reason: "plan-not-active",
    });
  });
  it("retires an active plan unless it is the last of a published listing", () => {
    expect(decidePlanRetirement({ status: "active" }, { published: true, activePlans: 2 })).toEqual({ kind: "retire" });
    expect(decidePlanRetirement({ status: "active" }, { published: false, activePlans: 1 })).toEqual({
      kind: "retire",
    });
    expect(decidePlanRetirement({ status: "active" }, { published: true, activePlans: 1 })).toEqual({
      kind: "refused",
      reason: "last-active-plan",
    });
    expect(decidePlanRetirement({ status: "retired" }, { published: false, activePlans: 1 })).toEqual({
      kind: "refused",
      reason: "plan-not-active",
    });
  });
});
