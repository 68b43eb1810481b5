import { setTimeout as sleep } from "node:timers/promises";
import {
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

/**
 * How often POST /checkout asks the cart whether the card answered: soon at first (an idle
 * marketplace answers in a couple of hundred milliseconds), then less and less often, so that
 * many buyers paying at once do not spend the machine on asking (bench:checkout showed it).
 */
export const CHECKOUT_POLL_MS = { first: 40, factor: 1.5, max: 400 };

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
 * one), then it is polled (CHECKOUT_POLL_MS, backing off) until the card has answered or the wait
 * (CHECKOUT_WAIT_MS) is over. The wait is measured on the monotonic clock: it bounds how long a
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
  let pause = CHECKOUT_POLL_MS.first;
  while (checkout.status === "pending" && performance.now() < until && !signal?.aborted) {
    await sleep(Math.min(pause, Math.max(0, until - performance.now())));
    pause = Math.min(CHECKOUT_POLL_MS.max, pause * CHECKOUT_POLL_MS.factor);
    checkout = await deps.cart.call(GetCheckout, { params: { buyerId, checkoutId: checkout.id } });
  }
  return checkoutResult(deps, buyerId, checkout);
}

/** Where a checkout stands now (no waiting). Another buyer's checkout is a 404 from the cart. */
export async function readCheckout(deps: StorefrontDeps, buyerId: string, checkoutId: string): Promise<CheckoutResult> {
  return checkoutResult(deps, buyerId, await deps.cart.call(GetCheckout, { params: { buyerId, checkoutId } }));
}
