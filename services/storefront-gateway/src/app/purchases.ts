import {
  CancelOrder,
  GetOrder,
  GetOrderPayment,
  ListSubscriptions,
  type OrderDetails,
  type PaymentView,
  WithdrawOrder,
} from "@mkt/contracts";
import type { PurchaseDetails } from "../http/endpoints.js";
import type { StorefrontDeps } from "./deps.js";
import { presentSubscription } from "./subscriptions.js";

/** How long "More details" waits for the payment's status before showing the order without it. */
const PAYMENT_LOOKUP_TIMEOUT_MS = 2_000;
/** The same for the subscriptions the order started. */
const SUBSCRIPTIONS_LOOKUP_TIMEOUT_MS = 2_000;
/** More than an order has plan lines: one page is all of them. */
const SUBSCRIPTIONS_PER_ORDER = 100;

/**
 * The order's payment as its buyer sees it, or null when the payment service cannot tell now:
 * "More details" still shows the order (the payment status is a detail, not the page).
 */
async function paymentOf(deps: StorefrontDeps, orderId: string): Promise<PurchaseDetails["payment"]> {
  let payment: PaymentView;
  try {
    payment = await deps.payment.call(
      GetOrderPayment,
      { params: { orderId } },
      { timeoutMs: PAYMENT_LOOKUP_TIMEOUT_MS },
    );
  } catch (error) {
    deps.log.warn({ err: error, orderId }, "a purchase's payment could not be read; shown without it");
    return null;
  }
  const { status, amount, capturedAmount, releasedAmount, refundedAmount, authorizedAt, capturedAt, releasedAt } =
    payment;
  return { status, amount, capturedAmount, releasedAmount, refundedAmount, authorizedAt, capturedAt, releasedAt };
}

/**
 * The subscriptions the order started (none before the vendor accepts), or null when the
 * subscription service cannot tell now: like the payment, a detail of the page, not the page.
 */
async function subscriptionsOf(
  deps: StorefrontDeps,
  buyerId: string,
  orderId: string,
): Promise<PurchaseDetails["subscriptions"]> {
  try {
    const page = await deps.subscription.call(
      ListSubscriptions,
      { query: { orderId, buyerId, limit: SUBSCRIPTIONS_PER_ORDER } },
      { timeoutMs: SUBSCRIPTIONS_LOOKUP_TIMEOUT_MS },
    );
    return page.items.map(presentSubscription);
  } catch (error) {
    deps.log.warn({ err: error, orderId }, "a purchase's subscriptions could not be read; shown without them");
    return null;
  }
}

/**
 * An order as its buyer sees it: the vendor's fee and the payment's internal id left out, its payment and subscriptions
 * added.
 */
function present(
  order: OrderDetails,
  payment: PurchaseDetails["payment"],
  subscriptions: PurchaseDetails["subscriptions"],
): PurchaseDetails {
  const { totals, paymentId: _paymentId, ...rest } = order;
  return {
    ...rest,
    totals: { subtotal: totals.subtotal, vat: totals.vat, total: totals.total },
    payment,
    subscriptions,
  };
}

/** What "More details" adds to the order, both asked at once. */
const detailsOf = (deps: StorefrontDeps, buyerId: string, orderId: string) =>
  Promise.all([paymentOf(deps, orderId), subscriptionsOf(deps, buyerId, orderId)]);

/** "More details" of one of the buyer's purchases; another buyer's order is a 404 from the order service. */
export async function getPurchase(deps: StorefrontDeps, buyerId: string, orderId: string): Promise<PurchaseDetails> {
  const order = await deps.order.call(GetOrder, { params: { orderId }, query: { buyerId } });
  return present(order, ...(await detailsOf(deps, buyerId, orderId)));
}

/** The buyer cancels its overdue order (409 from the order service before the 48 hours). */
export async function cancelPurchase(deps: StorefrontDeps, buyerId: string, orderId: string): Promise<PurchaseDetails> {
  const order = await deps.order.call(CancelOrder, { params: { orderId }, body: { buyerId } });
  return present(order, ...(await detailsOf(deps, buyerId, orderId)));
}

/**
 * The buyer withdraws from its purchase within the legal period (7 days for a company, 14 for an
 * individual): the order service decides (409 `withdrawal-period-ended` with `lastDay` after it);
 * the answer shows the order withdrawn, its payment as it now stands (the refund follows).
 */
export async function withdrawPurchase(
  deps: StorefrontDeps,
  buyerId: string,
  orderId: string,
): Promise<PurchaseDetails> {
  const order = await deps.order.call(WithdrawOrder, { params: { orderId }, body: { buyerId } });
  return present(order, ...(await detailsOf(deps, buyerId, orderId)));
}
