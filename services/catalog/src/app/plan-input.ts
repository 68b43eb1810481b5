import type { PlanInput } from "@mkt/contracts";
import { uuidv7 } from "@mkt/service-kit";
import type { z } from "zod";
import type { Tx } from "./product-store.js";

/** Creates version 1 of a new plan family (the family id is the first version's id). */
export async function createPlan(
  tx: Tx,
  productId: string,
  input: z.output<typeof PlanInput>,
  options: { now: Date; published: boolean; idempotency?: { key: string; fingerprint: string } },
) {
  const id = uuidv7(options.now.getTime());
  return tx.plan.create({
    data: {
      id,
      productId,
      planFamilyId: id,
      version: 1,
      name: input.name,
      billingCycle: input.billingCycle,
      priceCents: input.price.amount,
      currency: input.price.currency,
      commitmentMonths: input.commitmentMonths,
      trialDays: input.trialDays,
      status: "active",
      everPublished: options.published,
      createdAt: options.now,
      idempotencyKey: options.idempotency?.key ?? null,
      requestFingerprint: options.idempotency?.fingerprint ?? null,
    },
  });
}
