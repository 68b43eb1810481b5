import { createHash } from "node:crypto";
import { CartCheckoutSubmittedV1, type Checkout, type CheckoutStatus } from "@mkt/contracts";
import { uuidv7 } from "@mkt/service-kit";
import type { Checkout as CheckoutRow } from "../generated/prisma/client.js";
import { buyerTotals } from "../domain/cart-view.js";
import { decideCheckout } from "../domain/checkout-drafts.js";
import {
  buyerUnknown,
  cartEmpty,
  cartLinesUnavailable,
  checkoutInProgress,
  checkoutNotFound,
  idempotencyKeyReused,
  renewalCardRequired,
} from "./errors.js";
import type { CartDeps } from "./deps.js";
import { loadCartState, loadTrialsUsed, lockCart } from "./cart-store.js";

export interface CheckoutRequest {
  paymentMethod: string;
  saveForRenewals: boolean;
}

/**
 * Saga step checkout.1 (docs/sagas/checkout.md). Compensation: checkout.4 unlocks the cart as it
 * was when payment declines or the orders fail.
 *
 * POST /checkouts: freezes the cart into one draft order per vendor, records the
 * checkout `pending`, locks the cart and emits cart.checkout-submitted, in one transaction.
 *
 * Idempotent by (buyer, Idempotency-Key): the same key answers the same checkout whatever its
 * status now (a retried or double-clicked request pays once), the key with another body is
 * refused. Concurrency: the cart's row lock serialises checkouts of one cart, so two requests
 * with the same key make one checkout (the second finds the first's row once the lock is
 * released), and a second key while one is pending gets 409 checkout-in-progress. The unique
 * index (buyer_id, idempotency_key) backs this up.
 */
export async function submitCheckout(
  deps: CartDeps,
  buyerId: string,
  request: CheckoutRequest,
  idempotencyKey: string,
): Promise<Checkout> {
  const fingerprint = fingerprintOf(request);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const cart = await lockCart(tx, buyerId, { create: false, now });
    const previous = await tx.checkout.findUnique({ where: { buyerId_idempotencyKey: { buyerId, idempotencyKey } } });
    if (previous) {
      if (previous.requestFingerprint !== fingerprint) throw idempotencyKeyReused(previous.id);
      return checkoutView(previous);
    }
    if (!cart) throw cartEmpty();
    if (cart.pendingCheckoutId) throw checkoutInProgress(cart.pendingCheckoutId);

    const loaded = await loadCartState(tx, buyerId, null);
    const state = { ...loaded, trialsUsed: await loadTrialsUsed(tx, loaded) };
    const decision = decideCheckout(state, () => uuidv7(now.getTime()));
    switch (decision.kind) {
      case "empty":
        throw cartEmpty();
      case "lines-unavailable":
        throw cartLinesUnavailable(decision.errors);
      case "buyer-unknown":
        throw buyerUnknown(buyerId);
      case "ready":
        break;
    }
    if (!request.saveForRenewals) throw renewalCardRequired();
    const { plan } = decision;
    const checkoutId = uuidv7(now.getTime());
    const row = await tx.checkout.create({
      data: {
        id: checkoutId,
        buyerId,
        idempotencyKey,
        requestFingerprint: fingerprint,
        status: "pending",
        itemIds: plan.itemIds,
        orderIds: plan.orders.map((order) => order.orderId),
        totals: buyerTotals(plan.totals),
        submittedAt: now,
      },
    });
    await tx.cart.update({ where: { buyerId }, data: { pendingCheckoutId: checkoutId, updatedAt: now } });
    await deps.outbox.add(tx, CartCheckoutSubmittedV1, {
      checkoutId,
      buyer: plan.buyer,
      orders: plan.orders,
      total: plan.totals.total,
      payment: { paymentMethod: request.paymentMethod, saveForRenewals: request.saveForRenewals },
      submittedAt: now.toISOString(),
    });
    return checkoutView(row);
  });
}

/**
 * How long one wait lasts before the checkout is read again: the outcome committed by another
 * replica of the cart wakes nobody here, so it is seen at the latest this much later.
 */
export const CHECKOUT_RECHECK_MS = 1_000;

/**
 * GET /checkouts/:checkoutId. With `waitMs`, a pending checkout is answered as soon as this
 * process commits its outcome (deps.checkoutSettled) or when the wait is over: the gateway asks
 * once instead of polling, and the database is read once per outcome, not once per poll.
 */
export async function getCheckout(
  deps: Pick<CartDeps, "db" | "checkoutSettled">,
  buyerId: string,
  checkoutId: string,
  waitMs = 0,
): Promise<Checkout> {
  const until = performance.now() + waitMs;
  for (;;) {
    const remaining = until - performance.now();
    // Waiting starts before the read, so that an outcome committed in between is not missed.
    const wait = remaining > 0 ? deps.checkoutSettled.wait(checkoutId, Math.min(remaining, CHECKOUT_RECHECK_MS)) : null;
    const row = await deps.db.client.checkout.findFirst({ where: { id: checkoutId, buyerId } });
    if (!row || row.status !== "pending" || !wait) {
      wait?.cancel();
      if (!row) throw checkoutNotFound(checkoutId);
      return checkoutView(row);
    }
    await wait.woken;
  }
}

export function checkoutView(row: CheckoutRow): Checkout {
  return {
    id: row.id,
    buyerId: row.buyerId,
    status: row.status as CheckoutStatus,
    orderIds: row.orderIds,
    redirectUrl: row.redirectUrl,
    decline: row.declineReason
      ? { reason: row.declineReason as NonNullable<Checkout["decline"]>["reason"], message: row.declineMessage ?? "" }
      : null,
    totals: row.totals as Checkout["totals"],
    submittedAt: row.submittedAt.toISOString(),
    settledAt: row.settledAt?.toISOString() ?? null,
  };
}

/** The request a key was first used with, hashed (the payment-method token is not kept in clear). */
function fingerprintOf(request: CheckoutRequest): string {
  return createHash("sha256")
    .update(JSON.stringify([request.paymentMethod, request.saveForRenewals]))
    .digest("hex");
}
