import { CART_MAX_QUANTITY, type Cart } from "@mkt/contracts";
import { requestFingerprint, uuidv7 } from "@mkt/service-kit";
import { availabilityOf } from "../domain/availability.js";
import { cartView } from "../domain/cart-view.js";
import {
  checkoutInProgress,
  currencyMismatch,
  idempotencyKeyReusedForAdd,
  itemNotFound,
  planNotBuyable,
  planUnknown,
  quantityLimit,
} from "./errors.js";
import type { CartDeps } from "./deps.js";
import { loadCartState, loadCatalog, lockCart, type LockedCart, type Tx } from "./cart-store.js";

/** Runs a change of the buyer's cart under its row lock, refused while a checkout is paying it; answers the cart. */
async function changeCart(
  deps: CartDeps,
  buyerId: string,
  options: { create: boolean; missing?: () => Error; alreadyApplied?: (tx: Tx, now: Date) => Promise<boolean> },
  change: (tx: Tx, cart: LockedCart, now: Date) => Promise<void>,
): Promise<Cart> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const cart = await lockCart(tx, buyerId, { create: options.create, now });
    if (!cart) throw options.missing?.() ?? new Error("cart missing");
    // A retry of a change already made answers the cart as it is, even while a checkout pays it.
    if (await options.alreadyApplied?.(tx, now)) return cartView(await loadCartState(tx, buyerId, null));
    if (cart.pendingCheckoutId) throw checkoutInProgress(cart.pendingCheckoutId);
    await change(tx, cart, now);
    await tx.cart.update({ where: { buyerId }, data: { updatedAt: now } });
    return cartView(await loadCartState(tx, buyerId, null));
  });
}

/**
 * How long an add's Idempotency-Key is remembered (Stripe keeps keys 24 h): a retry comes within
 * seconds or minutes; after this the same key is a new add.
 */
export const ADD_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * POST /items: adds a buyable plan at its current price; a plan already in the cart gets the quantity added.
 *
 * Idempotent by (buyer, Idempotency-Key) when a key is given: the add and its cart_addition row
 * commit together, so a retry finds the row and adds nothing (it answers the cart as it is now);
 * the key with another body is a 409. The cart's row lock serialises one buyer's adds, so of two
 * concurrent adds with one key the second sees the first's row; the primary key backs it up.
 * The buyer's keys older than ADD_KEY_RETENTION_MS are pruned in the same transaction.
 */
export async function addItem(
  deps: CartDeps,
  buyerId: string,
  input: { planId: string; quantity: number },
  idempotencyKey?: string,
): Promise<Cart> {
  const fingerprint = requestFingerprint("AddCartItem", input);
  const alreadyApplied = async (tx: Tx, now: Date) => {
    if (idempotencyKey === undefined) return false;
    await tx.cartAddition.deleteMany({
      where: { buyerId, addedAt: { lt: new Date(now.getTime() - ADD_KEY_RETENTION_MS) } },
    });
    const previous = await tx.cartAddition.findUnique({
      where: { buyerId_idempotencyKey: { buyerId, idempotencyKey } },
    });
    if (previous && previous.requestFingerprint !== fingerprint) throw idempotencyKeyReusedForAdd();
    return previous !== null;
  };
  return changeCart(deps, buyerId, { create: true, alreadyApplied }, async (tx, _cart, now) => {
    if (idempotencyKey !== undefined)
      await tx.cartAddition.create({
        data: { buyerId, idempotencyKey, requestFingerprint: fingerprint, addedAt: now },
      });
    const planRow = await tx.catalogPlan.findUnique({ where: { id: input.planId } });
    if (!planRow) throw planUnknown(input.planId);
    const entry = (await loadCatalog(tx, [planRow.productId])).get(planRow.productId);
    const plan = entry?.plans.find((p) => p.id === input.planId);
    const availability = availabilityOf(entry, plan);
    if (availability.status === "unavailable" || !entry || !plan) {
      throw planNotBuyable(
        input.planId,
        availability.reason ?? "plan-retired",
        availability.message ?? "",
        availability.replacementPlanId,
      );
    }

    const items = await tx.cartItem.findMany({
      where: { buyerId },
      select: { id: true, planId: true, quantity: true, currency: true, position: true },
    });
    const other = items.find((item) => item.currency !== plan.currency);
    if (other) throw currencyMismatch(other.currency, plan.currency);
    const existing = items.find((item) => item.planId === plan.id);
    if (existing) {
      const quantity = existing.quantity + input.quantity;
      if (quantity > CART_MAX_QUANTITY) throw quantityLimit(existing.id, quantity);
      await tx.cartItem.update({ where: { id: existing.id }, data: { quantity } });
      return;
    }
    await tx.cartItem.create({
      data: {
        id: uuidv7(now.getTime()),
        buyerId,
        planId: plan.id,
        productId: entry.product.id,
        vendorId: entry.product.vendorId,
        unitPriceCents: plan.priceCents,
        currency: plan.currency,
        quantity: input.quantity,
        position: Math.max(0, ...items.map((item) => item.position)) + 1,
        addedAt: now,
      },
    });
  });
}

/** PATCH /items/:itemId: sets a line's quantity. */
export async function changeItemQuantity(
  deps: CartDeps,
  buyerId: string,
  itemId: string,
  quantity: number,
): Promise<Cart> {
  return changeCart(deps, buyerId, { create: false, missing: () => itemNotFound(itemId) }, async (tx) => {
    const { count } = await tx.cartItem.updateMany({ where: { id: itemId, buyerId }, data: { quantity } });
    if (count === 0) throw itemNotFound(itemId);
  });
}

/** DELETE /items/:itemId: removes a line. */
export async function removeItem(deps: CartDeps, buyerId: string, itemId: string): Promise<Cart> {
  return changeCart(deps, buyerId, { create: false, missing: () => itemNotFound(itemId) }, async (tx) => {
    const { count } = await tx.cartItem.deleteMany({ where: { id: itemId, buyerId } });
    if (count === 0) throw itemNotFound(itemId);
  });
}
