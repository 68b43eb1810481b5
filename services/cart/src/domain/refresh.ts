import { CART_MAX_QUANTITY, type CartUnavailableReason } from "@mkt/contracts";
import { availabilityOf } from "./availability.js";
import { findPlan, type CatalogView, type PlanInfo } from "./catalog.js";
import type { CartItem } from "./cart-view.js";

// POST /refresh: what becomes of each line that cannot be bought. A line of a superseded plan
// moves to the plan that replaced it, at that plan's price (the buyer sees the new price before
// paying); any other unavailable line leaves the cart. A moved line landing on a plan the cart
// already holds merges into that line (quantities added, capped at 100).

export type RefreshStep =
  | { kind: "remove"; item: CartItem; reason: CartUnavailableReason }
  | { kind: "move"; item: CartItem; to: PlanInfo }
  | { kind: "merge"; item: CartItem; to: PlanInfo; into: CartItem; quantity: number };

export function planRefresh(items: readonly CartItem[], catalog: CatalogView): RefreshStep[] {
  const steps: RefreshStep[] = [];
  // Which line holds each plan once the earlier steps are applied.
  const holder = new Map<string, CartItem>(items.map((item) => [item.planId, item]));
  const quantities = new Map<string, number>(items.map((item) => [item.id, item.quantity]));
  for (const item of items) {
    const entry = catalog.get(item.productId);
    const availability = availabilityOf(entry, findPlan(catalog, item.productId, item.planId));
    if (availability.status === "available" || !availability.reason) continue;
    const to = availability.replacementPlanId
      ? findPlan(catalog, item.productId, availability.replacementPlanId)
      : undefined;
    if (!to) {
      steps.push({ kind: "remove", item, reason: availability.reason });
      holder.delete(item.planId);
      continue;
    }
    const into = holder.get(to.id);
    holder.delete(item.planId);
    if (into && into.id !== item.id) {
      const quantity = Math.min(CART_MAX_QUANTITY, (quantities.get(into.id) ?? into.quantity) + item.quantity);
      quantities.set(into.id, quantity);
      steps.push({ kind: "merge", item, to, into, quantity });
    } else {
      holder.set(to.id, item);
      steps.push({ kind: "move", item, to });
    }
  }
  return steps;
}
