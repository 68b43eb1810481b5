import { afterCommit, uuidv7 } from "@mkt/service-kit";
import {
  PaymentCheckoutDeclinedV1,
  type CartCheckoutSubmittedV1,
  type EventData,
  type OrderFacts,
} from "@mkt/contracts";
import { declineMessage } from "../domain/outcomes.js";
import type { PaymentDeps, Tx } from "./deps.js";

// What the consumers do, inside the transaction that records the event in the inbox: record the
// work, never call the processor (a processor call inside a transaction would hold it open for
// a network round trip). The payment worker does the calls, outside transactions.

/**
 * Saga step checkout.2 (docs/sagas/checkout.md), its first half: cart.checkout-submitted is a
 * checkout to authorize, one payment per draft order; the worker does the authorization
 * (advanceCheckout). Compensation: declineUnrecordedCheckout when this never commits.
 */
export async function recordCheckout(
  tx: Tx,
  deps: Pick<PaymentDeps, "clock" | "processor" | "wake" | "log">,
  data: EventData<typeof CartCheckoutSubmittedV1>,
): Promise<void> {
  const now = deps.clock.now();
  // ON CONFLICT DO NOTHING: the same checkout published again (republish) inserts nothing, and that is the check.
  const recorded = await tx.checkout.createMany({
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
    skipDuplicates: true,
  });
  if (recorded.count === 0) return;
  await tx.payment.createMany({
    data: data.orders.map((order, position) => ({
      id: uuidv7(now.getTime()),
      orderId: order.orderId,
      checkoutId: data.checkoutId,
      position,
      buyerId: data.buyer.buyerId,
      vendorId: order.vendor.vendorId,
      currency: order.totals.total.currency,
      amount: order.totals.total.amount,
      fee: order.totals.fee.amount,
      status: "authorizing",
      processor: deps.processor.name,
      createdAt: now,
    })),
  });
  afterCommit(tx, deps.wake);
}

/**
 * Saga step checkout.2's compensation (docs/sagas/checkout.md), when recordCheckout failed on
 * every delivery (the kit's onGiveUp, after the dead letter): nothing was authorized (its
 * transaction rolled back, the worker never saw the checkout), so the checkout is declined as a
 * processing error and the cart unlocks, instead of staying locked for good. A checkout recorded
 * after all (the same checkout published again under another event id) is the worker's: nothing
 * to undo.
 */
export async function declineUnrecordedCheckout(
  tx: Tx,
  deps: Pick<PaymentDeps, "clock" | "outbox" | "log">,
  data: EventData<typeof CartCheckoutSubmittedV1>,
  error: string,
): Promise<void> {
  if (await tx.checkout.findUnique({ where: { id: data.checkoutId }, select: { id: true } })) return;
  deps.log.error(
    { checkoutId: data.checkoutId, error },
    "a submitted checkout could not be recorded; declining it so that the cart unlocks",
  );
  await deps.outbox.add(tx, PaymentCheckoutDeclinedV1, {
    checkoutId: data.checkoutId,
    buyerId: data.buyer.buyerId,
    reason: "processing-error",
    message: declineMessage("processing-error", data.buyer.locale),
    declinedAt: deps.clock.now().toISOString(),
  });
}

/**
 * Saga steps order-validation.7 (capture) and order-validation.8 / checkout.5 (release)
 * (docs/sagas/order-validation.md, docs/sagas/checkout.md), their first half; the worker does
 * the call (settlePayments).
 *
 * order.accepted → capture; order.refused / order.cancelled → release; order.checkout-failed →
 * release each of its orders' authorizations (no order exists). Recorded as work for the worker.
 */
export async function requestSettlement(
  tx: Tx,
  deps: Pick<PaymentDeps, "wake" | "log">,
  order: Pick<OrderFacts, "orderId"> & { paymentId?: string },
  action: "capture" | "release",
): Promise<void> {
  // The usual case in one statement: an authorized payment with nothing pending takes the action.
  const requested = await tx.payment.updateMany({
    where: { orderId: order.orderId, status: "authorized", pendingAction: null },
    data: { pendingAction: action, leaseUntil: null },
  });
  if (requested.count > 0) {
    afterCommit(tx, deps.wake);
    return;
  }
  const payment = await tx.payment.findUnique({ where: { orderId: order.orderId } });
  if (!payment) {
    // An order exists only after payment.checkout-authorized: not knowing it is a bug; retry then dead-letter.
    throw new Error(`no payment for order ${order.orderId}${order.paymentId ? ` (payment ${order.paymentId})` : ""}`);
  }
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
}

/**
 * Saga step checkout.2b (docs/sagas/checkout.md), timer payment.authentication-expiry: the buyer
 * did not authenticate in time; the checkout is declined, its authorizations released (by the
 * worker: the compensation in advanceCheckout's completeDeclined).
 */
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
 * Saga step checkout.2a (docs/sagas/checkout.md): the buyer finished authenticating (the
 * simulated page, or Stripe's webhook): the checkout goes
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
