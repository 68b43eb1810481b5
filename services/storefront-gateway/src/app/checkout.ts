import { setTimeout as sleep } from "node:timers/promises";
import {
  CHECKOUT_WAIT_MAX_MS,
  CheckoutCart,
  GetCheckout,
  GetOrder,
  type Checkout,
  type OrderDetails,
  type OrderSummary,
} from "@mkt/contracts";
import { DomainError } from "@mkt/service-kit";
import type { CheckoutResult } from "../http/endpoints.js";
import type { StorefrontDeps } from "./deps.js";

/** The pause before asking again a cart that answered "pending" without holding its answer. */
const PENDING_PAUSE_MS = 100;

/** The card was declined: nothing is charged and the cart is as it was (402, RFC 9457 with the decline's reason). */
export class PaymentDeclined extends DomainError {
  constructor(checkoutId: string, reason: string, message: string) {
    super({
      slug: "payment-declined",
      status: 402,
      title: "Payment declined",
      detail: message,
      extensions: { checkoutId, reason },
    });
  }
}

/** An order as a list shows it, from the order in full. */
export function summaryOf(order: OrderDetails): OrderSummary {
  return {
    orderId: order.orderId,
    checkoutId: order.checkoutId,
    state: order.state,
    purchaseOrderNumber: order.purchaseOrderNumber,
    buyer: { buyerId: order.buyer.buyerId, name: order.buyer.name, kind: order.buyer.kind },
    vendor: { vendorId: order.vendor.vendorId, legalName: order.vendor.legalName },
    lines: order.lines.map((line) => ({
      productName: line.productName,
      planName: line.planName,
      quantity: line.quantity,
    })),
    total: order.totals.total,
    transmittedAt: order.transmittedAt,
    deadlines: order.deadlines,
    updatedAt: order.updatedAt,
  };
}

/**
 * A checkout as the buyer is answered: completed with its orders (read from the order service,
 * scoped to the buyer), still going (pending, or action-required with where to authenticate),
 * or declined (thrown: a 402 problem).
 */
export async function checkoutResult(
  deps: StorefrontDeps,
  buyerId: string,
  checkout: Checkout,
): Promise<CheckoutResult> {
  switch (checkout.status) {
    case "completed": {
      const orders = await Promise.all(
        checkout.orderIds.map((orderId) => deps.order.call(GetOrder, { params: { orderId }, query: { buyerId } })),
      );
      return { checkoutId: checkout.id, status: "completed", orders: orders.map(summaryOf) };
    }
    case "declined":
      throw new PaymentDeclined(
        checkout.id,
        checkout.decline?.reason ?? "card-declined",
        checkout.decline?.message ?? "The card was declined. Nothing was charged.",
      );
    case "action-required":
      return { checkoutId: checkout.id, status: "action-required", redirectUrl: checkout.redirectUrl ?? "" };
    case "pending":
      return { checkoutId: checkout.id, status: "pending" };
  }
}

/**
 * Pays the buyer's cart: the cart starts the checkout (the same Idempotency-Key answers the same
 * one), then the cart is asked to answer once the card has answered (GetCheckout's waitMs: the
 * cart holds the request until it commits the outcome), again while the wait (CHECKOUT_WAIT_MS)
 * lasts, at most CHECKOUT_WAIT_MAX_MS at a time. The wait is measured on the monotonic clock: it bounds how long a
 * person waits for an HTTP answer, it is not business time (deps.clock stays for that).
 */
export async function payCart(
  deps: StorefrontDeps,
  buyerId: string,
  input: { paymentMethod: string; saveForRenewals: boolean; idempotencyKey: string },
  signal?: AbortSignal,
): Promise<CheckoutResult> {
  let checkout = await deps.cart.call(CheckoutCart, {
    params: { buyerId },
    body: { paymentMethod: input.paymentMethod, saveForRenewals: input.saveForRenewals },
    idempotencyKey: input.idempotencyKey,
  });
  const until = performance.now() + deps.checkoutWaitMs;
  for (;;) {
    const waitMs = Math.floor(Math.min(CHECKOUT_WAIT_MAX_MS, until - performance.now()));
    if (checkout.status !== "pending" || waitMs <= 0 || signal?.aborted) break;
    // Not aborted with the buyer's request: the cart answers within waitMs anyway.
    const asked = performance.now();
    checkout = await deps.cart.call(GetCheckout, { params: { buyerId, checkoutId: checkout.id }, query: { waitMs } });
    // A cart that answers "pending" long before the wait it was given (one that does not hold
    // answers) is asked again after a pause, not in a tight loop.
    if (checkout.status === "pending" && performance.now() - asked < waitMs / 2)
      await sleep(Math.min(PENDING_PAUSE_MS, Math.max(0, until - performance.now())));
  }
  return checkoutResult(deps, buyerId, checkout);
}

/** Where a checkout stands now (no waiting). Another buyer's checkout is a 404 from the cart. */
export async function readCheckout(deps: StorefrontDeps, buyerId: string, checkoutId: string): Promise<CheckoutResult> {
  return checkoutResult(
    deps,
    buyerId,
    await deps.cart.call(GetCheckout, { params: { buyerId, checkoutId }, query: {} }),
  );
}
