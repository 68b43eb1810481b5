import type { EventData, PaymentCapturedV1, PaymentRefundedV1, SubscriptionRenewedV1 } from "@mkt/contracts";
import type { DueTimer } from "@mkt/service-kit";
import { bookCharge, bookHoldRelease, bookRefund, chargeBookOf } from "../domain/bookings.js";
import { holdEndsAt } from "../domain/hold.js";
import type { LedgerTransaction } from "../domain/ledger.js";
import type { PayoutDeps } from "./deps.js";
import { lockChargeTransactions, postTransaction, type Tx } from "./ledger-store.js";

// The money facts of the bus, booked in the ledger (docs/ledger.md). Each runs in the inbox's
// transaction of its event, and each transaction's id is the fact's business key (the payment, the
// refund, the charge's hold), so a fact delivered twice, or republished as a new event, posts once.

// WIRE NAMES (stored in the timer table): renaming one orphans the timers already armed.
export const PAYOUT_TIMERS = { holdEnds: "payout.hold-ends" } as const;

/** A charge arrived twice, or a refund before its charge: the kit redelivers it later. */
export class ChargeNotBookedYet extends Error {
  constructor(chargeId: string) {
    super(`charge ${chargeId} is not in the ledger yet: the refund waits for its capture`);
  }
}

/** An order's payment captured: the vendor's share goes to pending for 21 days, the fee to the platform. */
export async function bookCapturedPayment(
  deps: PayoutDeps,
  tx: Tx,
  captured: EventData<typeof PaymentCapturedV1>,
): Promise<void> {
  await bookChargeAndHold(deps, tx, {
    id: `captured:${captured.paymentId}`,
    kind: "charge-captured",
    chargeId: captured.paymentId,
    orderId: captured.orderId,
    vendorId: captured.vendorId,
    currency: captured.amount.currency,
    amount: captured.amount.amount,
    fee: captured.fee.amount,
    occurredAt: captured.capturedAt,
  });
}

/** A renewal paid: booked as a charge of its own, with its own hold. */
export async function bookRenewal(
  deps: PayoutDeps,
  tx: Tx,
  renewed: EventData<typeof SubscriptionRenewedV1>,
): Promise<void> {
  await bookChargeAndHold(deps, tx, {
    id: `renewed:${renewed.paymentId}`,
    kind: "renewal-charged",
    chargeId: renewed.paymentId,
    orderId: renewed.subscription.orderId,
    vendorId: renewed.subscription.vendor.vendorId,
    currency: renewed.totals.total.currency,
    amount: renewed.totals.total.amount,
    fee: renewed.totals.fee.amount,
    occurredAt: renewed.renewedAt,
  });
}

/** Money back to the buyer's card: taken from the charge's pending share during its hold, else from available. */
export async function bookRefundedPayment(
  deps: PayoutDeps,
  tx: Tx,
  refunded: EventData<typeof PaymentRefundedV1>,
): Promise<void> {
  const charge = chargeBookOf(await lockChargeTransactions(tx, refunded.paymentId));
  if (!charge) throw new ChargeNotBookedYet(refunded.paymentId);
  const booked = bookRefund(charge, {
    id: `refund:${refunded.refundId}`,
    amount: refunded.amount.amount,
    occurredAt: refunded.refundedAt,
  });
  if ("refused" in booked) {
    // Payment never refunds more than it captured: a refusal here is a fault to look at, not a retry.
    throw new Error(
      `refund ${refunded.refundId} of ${refunded.amount.amount} on charge ${charge.chargeId} refused: ${booked.refused} (refundable ${booked.refundable ?? 0})`,
    );
  }
  await postTransaction(tx, booked, deps.clock.now());
}

/** The end of a charge's 21-day hold: what is left of its share becomes available for payouts. */
export const onHoldEnds = (deps: PayoutDeps) => async (timer: DueTimer, tx: Tx) => {
  const charge = chargeBookOf(await lockChargeTransactions(tx, timer.key));
  if (!charge) return;
  const release = bookHoldRelease(charge, {
    id: `hold-released:${charge.chargeId}`,
    occurredAt: deps.clock.now().toISOString(),
  });
  if (release) await postTransaction(tx, release, deps.clock.now());
};

async function bookChargeAndHold(deps: PayoutDeps, tx: Tx, fact: Parameters<typeof bookCharge>[0]): Promise<void> {
  const transaction: LedgerTransaction = bookCharge(fact);
  const posted = await postTransaction(tx, transaction, deps.clock.now());
  if (!posted) return;
  await deps.timers.schedule(tx, {
    type: PAYOUT_TIMERS.holdEnds,
    key: fact.chargeId,
    dueAt: new Date(holdEndsAt(fact.occurredAt)),
    payload: { chargeId: fact.chargeId, vendorId: fact.vendorId },
  });
}
