import type { AddPlan, PlanChanges } from "@mkt/contracts";
import { requestFingerprint, uuidv7 } from "@mkt/service-kit";
import type { z } from "zod";
import { idempotencyKeyReused, lastActivePlan, planNotActive, planNotFound } from "./errors.js";
import {
  decidePlanRetirement,
  decidePlanUpdate,
  type PlanChange,
  type PlanVersion,
} from "../domain/plan-versioning.js";
import type { CatalogDeps } from "./deps.js";
import { createPlan } from "./plan-input.js";
import { changeProduct } from "./product-store.js";

/** Adds a plan family (version 1); on a published listing buyers see it at once. */
export async function addPlan(
  deps: CatalogDeps,
  vendorId: string,
  productId: string,
  input: z.output<NonNullable<typeof AddPlan.body>>,
  idempotencyKey?: string,
) {
  // The product's row lock serialises this listing's changes, so of two calls with one key the
  // second finds the first's plan here; the unique index (product_id, idempotency_key) backs it up.
  // The key is looked for across the vendor's listings: reused for another listing, it is a 409.
  const fingerprint = requestFingerprint("AddPlan", { productId, plan: input });
  return changeProduct(deps, { productId, vendorId }, async (tx, product) => {
    if (idempotencyKey !== undefined) {
      const previous = await tx.plan.findFirst({
        where: { idempotencyKey, product: { vendorId: product.vendorId } },
        select: { requestFingerprint: true },
      });
      if (previous && previous.requestFingerprint !== fingerprint) throw idempotencyKeyReused("AddPlan");
      if (previous) return false;
    }
    await createPlan(tx, productId, input, {
      now: deps.clock.now(),
      published: product.status === "published",
      ...(idempotencyKey !== undefined ? { idempotency: { key: idempotencyKey, fingerprint } } : {}),
    });
    return true;
  });
}

/** The fields of a plan change the caller sent; the others stay as they are. */
export type PlanPatch = z.output<typeof PlanChanges>;

/** Changes a plan following the versioning rule (src/domain/plan-versioning.ts). */
export async function updatePlan(
  deps: CatalogDeps,
  vendorId: string,
  productId: string,
  planId: string,
  patch: PlanPatch,
) {
  return changeProduct(deps, { productId, vendorId }, async (tx, product) => {
    const plan = product.plans.find((p) => p.id === planId);
    if (!plan) throw planNotFound(planId);
    const change: PlanChange = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.billingCycle !== undefined ? { billingCycle: patch.billingCycle } : {}),
      ...(patch.price !== undefined ? { priceCents: patch.price.amount, currency: patch.price.currency } : {}),
      ...(patch.commitmentMonths !== undefined ? { commitmentMonths: patch.commitmentMonths } : {}),
      ...(patch.trialDays !== undefined ? { trialDays: patch.trialDays } : {}),
    };
    const decision = decidePlanUpdate(plan as PlanVersion, change);
    switch (decision.kind) {
      case "refused":
        throw planNotActive(planId, plan.status);
      case "unchanged":
        return false;
      case "in-place":
        await tx.plan.update({ where: { id: planId }, data: decision.next });
        return true;
      case "new-version": {
        const now = deps.clock.now();
        const id = uuidv7(now.getTime());
        await tx.plan.create({
          data: {
            ...decision.next,
            id,
            productId,
            planFamilyId: plan.planFamilyId,
            version: plan.version + 1,
            status: "active",
            everPublished: product.status === "published",
            createdAt: now,
          },
        });
        await tx.plan.update({ where: { id: planId }, data: { status: "superseded", supersededBy: id } });
        return true;
      }
    }
  });
}

/** Stops selling a plan; buyers who hold it keep it (the id keeps its terms). */
export async function retirePlan(deps: CatalogDeps, vendorId: string, productId: string, planId: string) {
  return changeProduct(deps, { productId, vendorId }, async (tx, product) => {
    const plan = product.plans.find((p) => p.id === planId);
    if (!plan) throw planNotFound(planId);
    const decision = decidePlanRetirement(plan as PlanVersion, {
      published: product.status === "published",
      activePlans: product.plans.filter((p) => p.status === "active").length,
    });
    if (decision.kind === "refused")
      throw decision.reason === "plan-not-active" ? planNotActive(planId, plan.status) : lastActivePlan(planId);
    await tx.plan.update({ where: { id: planId }, data: { status: "retired" } });
    return true;
  });
}
