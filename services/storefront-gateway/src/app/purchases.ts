import { CancelOrder, GetOrder, GetOrderPayment, type OrderDetails, type PaymentView } from "@mkt/contracts";
import type { PurchaseDetails } from "../http/endpoints.js";
import type { StorefrontDeps } from "./deps.js";

/** How long "More details" waits for the payment's status before showing the order without it. */
const PAYMENT_LOOKUP_TIMEOUT_MS = 2_000;

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

/** An order as its buyer sees it: the vendor's fee and the payment's internal id left out, its payment status added. */
function present(order: OrderDetails, payment: PurchaseDetails["payment"]): PurchaseDetails {
  const { totals, paymentId: _paymentId, ...rest } = order;
  return { ...rest, totals: { subtotal: totals.subtotal, vat: totals.vat, total: totals.total }, payment };
}

/** "More details" of one of the buyer's purchases; another buyer's order is a 404 from the order service. */
export async function getPurchase(deps: StorefrontDeps, buyerId: string, orderId: string): Promise<PurchaseDetails> {
  const order = await deps.order.call(GetOrder, { params: { orderId }, query: { buyerId } });
  return present(order, await paymentOf(deps, orderId));
}

/** The buyer cancels its overdue order (409 from the order service before the 48 hours). */
export async function cancelPurchase(deps: StorefrontDeps, buyerId: string, orderId: string): Promise<PurchaseDetails> {
  const order = await deps.order.call(CancelOrder, { params: { orderId }, body: { buyerId } });
  return present(order, await paymentOf(deps, orderId));
}
