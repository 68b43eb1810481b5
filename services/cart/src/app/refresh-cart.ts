import type { Cart, EndpointOutput, RefreshCart } from "@mkt/contracts";
import { cartView } from "../domain/cart-view.js";
import { checkoutInProgress } from "./errors.js";
import { planRefresh, type RefreshStep } from "../domain/refresh.js";
import type { CartDeps } from "./deps.js";
import { loadCartState, lockCart } from "./cart-store.js";

type Change = EndpointOutput<typeof RefreshCart>["changes"][number];

/**
 * POST /refresh: drops the lines that cannot be bought and moves lines of a superseded plan to the
 * plan that replaced it, at its price (src/domain/refresh.ts); answers the cart and what changed.
 */
export async function refreshCart(deps: CartDeps, buyerId: string): Promise<{ cart: Cart; changes: Change[] }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const cart = await lockCart(tx, buyerId, { create: false, now });
    if (!cart) return { cart: cartView(await loadCartState(tx, buyerId, null)), changes: [] };
    if (cart.pendingCheckoutId) throw checkoutInProgress(cart.pendingCheckoutId);

    const before = await loadCartState(tx, buyerId, null);
    const steps = planRefresh(before.items, before.catalog);
    const changes: Change[] = [];
    for (const step of steps) {
      const previousUnitPrice = { amount: step.item.unitPriceCents, currency: step.item.currency };
      switch (step.kind) {
        case "remove":
          await tx.cartItem.delete({ where: { id: step.item.id } });
          changes.push({
            itemId: step.item.id,
            change: "removed",
            reason: step.reason,
            previousPlanId: step.item.planId,
            planId: null,
            previousUnitPrice,
            unitPrice: null,
            mergedIntoItemId: null,
          });
          break;
        case "move":
          await tx.cartItem.update({
            where: { id: step.item.id },
            data: { planId: step.to.id, unitPriceCents: step.to.priceCents, currency: step.to.currency },
          });
          changes.push(replaced(step, previousUnitPrice, null));
          break;
        case "merge":
          await tx.cartItem.delete({ where: { id: step.item.id } });
          await tx.cartItem.update({ where: { id: step.into.id }, data: { quantity: step.quantity } });
          changes.push(replaced(step, previousUnitPrice, step.into.id));
          break;
      }
    }
    if (changes.length > 0) await tx.cart.update({ where: { buyerId }, data: { updatedAt: now } });
    return { cart: cartView(await loadCartState(tx, buyerId, null)), changes };
  });
}

/** A line moved (or merged) onto the plan that superseded its own, at that plan's price. */
function replaced(
  step: Extract<RefreshStep, { kind: "move" | "merge" }>,
  previousUnitPrice: Change["previousUnitPrice"],
  mergedIntoItemId: string | null,
): Change {
  return {
    itemId: step.item.id,
    change: "replaced",
    reason: "plan-superseded",
    previousPlanId: step.item.planId,
    planId: step.to.id,
    previousUnitPrice,
    unitPrice: { amount: step.to.priceCents, currency: step.to.currency },
    mergedIntoItemId,
  };
}
