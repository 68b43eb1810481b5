/**
 * Plan versioning. A buyer who bought a plan bought its terms; the id they hold must keep
 * meaning those terms (ListedPlan: "a price never changes under a plan id"). So:
 *
 * - the TERMS of a plan are its billing cycle, price (amount and currency), commitment and trial;
 * - a plan that was never published (never visible to buyers) is edited in place;
 * - a plan that was ever published never changes its terms: changing them creates a new version
 *   (new plan id, same planFamilyId, version + 1) and marks the old one `superseded` with
 *   `supersededBy` = the new id;
 * - renaming alone is not a change of terms: the name is edited in place, even once published;
 * - only an `active` plan can be changed or retired (superseded and retired ones are history);
 * - a change that changes nothing is nothing to do.
 */
export interface PlanTerms {
  billingCycle: "monthly" | "yearly";
  priceCents: number;
  currency: string;
  commitmentMonths: number;
  trialDays: number;
}

export interface PlanVersion extends PlanTerms {
  name: string;
  status: "active" | "superseded" | "retired";
  everPublished: boolean;
}

export type PlanChange = Partial<PlanTerms & { name: string }>;

export type PlanUpdateDecision =
  | { kind: "unchanged" }
  | { kind: "in-place"; next: PlanTerms & { name: string } }
  | { kind: "new-version"; next: PlanTerms & { name: string } }
  | { kind: "refused"; reason: "plan-not-active" };

const TERM_KEYS = ["billingCycle", "priceCents", "currency", "commitmentMonths", "trialDays"] as const;

export function decidePlanUpdate(plan: PlanVersion, change: PlanChange): PlanUpdateDecision {
  if (plan.status !== "active") return { kind: "refused", reason: "plan-not-active" };
  const next = {
    name: change.name ?? plan.name,
    billingCycle: change.billingCycle ?? plan.billingCycle,
    priceCents: change.priceCents ?? plan.priceCents,
    currency: change.currency ?? plan.currency,
    commitmentMonths: change.commitmentMonths ?? plan.commitmentMonths,
    trialDays: change.trialDays ?? plan.trialDays,
  };
  const termsChanged = TERM_KEYS.some((key) => next[key] !== plan[key]);
  if (!termsChanged && next.name === plan.name) return { kind: "unchanged" };
  if (termsChanged && plan.everPublished) return { kind: "new-version", next };
  return { kind: "in-place", next };
}

export type PlanRetireDecision =
  { kind: "retire" } | { kind: "refused"; reason: "plan-not-active" | "last-active-plan" };

/** A published listing keeps at least one plan buyers can buy (unpublish it first). */
export function decidePlanRetirement(
  plan: { status: PlanVersion["status"] },
  listing: { published: boolean; activePlans: number },
): PlanRetireDecision {
  if (plan.status !== "active") return { kind: "refused", reason: "plan-not-active" };
  if (listing.published && listing.activePlans <= 1) return { kind: "refused", reason: "last-active-plan" };
  return { kind: "retire" };
}
