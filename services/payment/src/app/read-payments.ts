import { NotFoundError } from "@mkt/service-kit";
import type { PaymentDeps } from "./deps.js";
import { checkoutPaymentsView, paymentView } from "./views.js";

/** A checkout's payments, one per order, in the cart's order. */
export async function readCheckoutPayments(deps: Pick<PaymentDeps, "db">, checkoutId: string) {
  const checkout = await deps.db.client.checkout.findUnique({ where: { id: checkoutId } });
  if (!checkout) throw new NotFoundError("Checkout", checkoutId);
  const payments = await deps.db.client.payment.findMany({ where: { checkoutId }, orderBy: { position: "asc" } });
  return checkoutPaymentsView(checkout, payments);
}

/** The payment of one order. */
export async function readOrderPayment(deps: Pick<PaymentDeps, "db">, orderId: string) {
  const payment = await deps.db.client.payment.findUnique({ where: { orderId } });
  if (!payment) throw new NotFoundError("Payment of order", orderId);
  return paymentView(payment);
}

/**
 * The cards a buyer agreed to keep for renewals at a checkout, most recent first. A card put from
 * the buyer's account (PUT renewal-card) has no consent checkout, which this contract requires:
 * GET renewal-card answers it.
 */
export async function listSavedPaymentMethods(deps: Pick<PaymentDeps, "db">, buyerId: string) {
  const saved = await deps.db.client.savedPaymentMethod.findMany({
    where: { buyerId, consentCheckoutId: { not: null } },
    orderBy: { savedAt: "desc" },
  });
  return {
    items: saved.map((s) => ({
      paymentMethodId: s.paymentMethodId,
      brand: s.brand,
      last4: s.last4,
      expMonth: s.expMonth,
      expYear: s.expYear,
      savedAt: s.savedAt.toISOString(),
      consentCheckoutId: s.consentCheckoutId!,
    })),
  };
}
