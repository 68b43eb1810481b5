import type { CheckoutPayments, PaymentView } from "@mkt/contracts";
import type { Checkout, Payment } from "../generated/prisma/client.js";
import { refundableAmount } from "../domain/amounts.js";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function paymentView(p: Payment): PaymentView {
  const money = (amount: number) => ({ amount, currency: p.currency });
  return {
    paymentId: p.id,
    orderId: p.orderId,
    checkoutId: p.checkoutId,
    buyerId: p.buyerId,
    vendorId: p.vendorId,
    status: p.status as PaymentView["status"],
    amount: money(p.amount),
    fee: money(p.fee),
    capturedAmount: money(p.capturedAmount),
    releasedAmount: money(p.releasedAmount),
    refundedAmount: money(p.refundedAmount),
    refundableAmount: money(refundableAmount(p)),
    processor: p.processor as PaymentView["processor"],
    processorPaymentId: p.processorPaymentId,
    failureReason: p.failureReason,
    createdAt: p.createdAt.toISOString(),
    authorizedAt: iso(p.authorizedAt),
    capturedAt: iso(p.capturedAt),
    releasedAt: iso(p.releasedAt),
  };
}

/** `declining` is internal (releasing what was authorized): the outside still sees it authorizing. */
export function checkoutPaymentsView(c: Checkout, payments: Payment[]): CheckoutPayments {
  const status = c.status === "declining" ? "authorizing" : (c.status as CheckoutPayments["status"]);
  return {
    checkoutId: c.id,
    buyerId: c.buyerId,
    status,
    redirectUrl: status === "action-required" ? c.redirectUrl : null,
    declineReason: status === "declined" ? c.declineReason : null,
    declineMessage: status === "declined" ? c.declineMessage : null,
    payments: payments.map(paymentView),
  };
}
