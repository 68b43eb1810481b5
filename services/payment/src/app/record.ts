import { afterCommit, uuidv7 } from "@mkt/service-kit";
import type { CartCheckoutSubmittedV1, EventData, OrderFacts } from "@mkt/contracts";
import type { PaymentDeps, Tx } from "./deps.js";

// What the consumers do, inside the transaction that records the event in the inbox: record the
// work, never call the processor (a processor call inside a transaction would hold it open for
// a network round trip). The payment worker does the calls, outside transactions.

/** cart.checkout-submitted: a checkout to authorize, one payment per draft order. */
export async function recordCheckout(
  tx: Tx,
  deps: Pick<PaymentDeps, "clock" | "processor" | "wake" | "log">,
  data: EventData<typeof CartCheckoutSubmittedV1>,
): Promise<void> {
  const existing = await tx.checkout.findUnique({ where: { id: data.checkoutId } });
  if (existing) return; // the same checkout published again (republish): nothing new
  const now = deps.clock.now();
  await tx.checkout.create({
    data: {
      id: data.checkoutId,
      buyerId: data.buyer.buyerId,
      status: "authorizing",
      submitted: data,
      paymentMethod: data.payment.paymentMethod,
      saveForRenewals: data.payment.saveForRenewals,
      createdAt: now,
      updatedAt: now,
    },
  });
  let position = 0;
  for (const order of data.orders) {
    await tx.payment.create({
      data: {
        id: uuidv7(now.getTime()),
        orderId: order.orderId,
        checkoutId: data.checkoutId,
        position: position++,
        buyerId: data.buyer.buyerId,
        vendorId: order.vendor.vendorId,
        currency: order.totals.total.currency,
        amount: order.totals.total.amount,
        fee: order.totals.fee.amount,
        status: "authorizing",
        processor: deps.processor.name,
        createdAt: now,
      },
    });
  }
  afterCommit(tx, deps.wake);
}

/**
 * order.accepted → capture; order.refused / order.cancelled → release; order.checkout-failed →
 * release each of its orders' authorizations (no order exists). Recorded as work for the worker.
 */
export async function requestSettlement(
  tx: Tx,
  deps: Pick<PaymentDeps, "wake" | "log">,
  order: Pick<OrderFacts, "orderId"> & { paymentId?: string },
  action: "capture" | "release",
): Promise<void> {
  const payment = await tx.payment.findUnique({ where: { orderId: order.orderId } });
  if (!payment) {
    // An order exists only after payment.checkout-authorized: not knowing it is a bug; retry then dead-letter.
    throw new Error(`no payment for order ${order.orderId}${order.paymentId ? ` (payment ${order.paymentId})` : ""}`);
  }
  if (payment.status !== "authorized" || payment.pendingAction) {
    if (
      payment.pendingAction !== action &&
      !(action === "capture" && payment.status === "captured") &&
      !(action === "release" && payment.status === "released")
    ) {
      deps.log.warn(
        {
          orderId: order.orderId,
          paymentId: payment.id,
          status: payment.status,
          pendingAction: payment.pendingAction,
          action,
        },
        "order settlement ignored: the payment is past it",
      );
    }
    return;
  }
  await tx.payment.update({ where: { id: payment.id }, data: { pendingAction: action, leaseUntil: null } });
  afterCommit(tx, deps.wake);
}

/** The buyer did not authenticate in time: the checkout is declined, its authorizations released (by the worker). */
export async function expireAuthentication(
  tx: Tx,
  deps: Pick<PaymentDeps, "clock" | "wake">,
  checkoutId: string,
): Promise<void> {
  const expired = await tx.checkout.updateMany({
    where: { id: checkoutId, status: "action-required" },
    data: {
      status: "declining",
      declineReason: "authentication-failed",
      leaseUntil: null,
      updatedAt: deps.clock.now(),
    },
  });
  if (expired.count > 0) afterCommit(tx, deps.wake);
}

/**
 * The buyer finished authenticating (the simulated page, or Stripe's webhook): the checkout goes
 * back to the worker, which asks the processor where the authorization stands.
 */
export async function authenticationFinished(
  deps: Pick<PaymentDeps, "db" | "clock" | "wake" | "log">,
  processorPaymentId: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const payment = await tx.payment.findFirst({ where: { processorPaymentId } });
    if (!payment || payment.status !== "action-required") return;
    const resumed = await tx.checkout.updateMany({
      where: { id: payment.checkoutId, status: "action-required" },
      data: { status: "authorizing", leaseUntil: null, updatedAt: deps.clock.now() },
    });
    if (resumed.count > 0) afterCommit(tx, deps.wake);
  });
}
