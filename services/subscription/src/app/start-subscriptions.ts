import { SubscriptionStartedV1, type EventData, type OrderAcceptedV1 } from "@mkt/contracts";
import { uuidv7 } from "@mkt/service-kit";
import { acceptedLines, firstPeriod, nextDue, trialEndsOn } from "../domain/start.js";
import { startSubscription, type Subscription } from "../domain/subscription-state.js";
import type { SubscriptionDeps } from "./deps.js";
import { trialAlreadyUsed } from "./errors.js";
import { movingColumns, periodRow, toDbDate, type FrozenFacts, type Tx } from "./subscription-store.js";
import { armTimers } from "./timers.js";

/**
 * Saga step renewal.1 (docs/sagas/renewal.md): the vendor accepted an order, so each of its plan
 * lines starts a subscription. Compensation: none (a second trial of a solution is refused at
 * checkout; if one reaches here, the consumer gives up and the event waits in the dead letters
 * for an operator).
 *
 * All in the consumer's transaction: the subscriptions and their first period (paid by the order,
 * or scheduled at a trial's end), one `subscription.started` each through the outbox, and each
 * one's charge-due timer at its next due instant. The inbox drops a redelivered event; an event
 * re-published under another id finds the order's subscriptions already there and changes nothing.
 * An order whose withdrawal this service heard of first (order.withdrawn consumed before
 * order.accepted) starts nothing: the buyer left it, nothing may be charged.
 */
export async function startSubscriptions(
  deps: SubscriptionDeps,
  tx: Tx,
  accepted: EventData<typeof OrderAcceptedV1>,
): Promise<void> {
  const order = accepted.order;
  if (await tx.withdrawnOrder.findUnique({ where: { orderId: order.orderId } })) {
    deps.log.info(
      { orderId: order.orderId },
      "the buyer withdrew from this order before it was heard accepted: starts nothing",
    );
    return;
  }
  const existing = await tx.subscription.count({ where: { orderId: order.orderId } });
  if (existing > 0) {
    deps.log.warn({ orderId: order.orderId, existing }, "subscriptions of this order already exist; nothing to do");
    return;
  }

  const now = deps.clock.now();
  const ids = order.lines.map(() => uuidv7(now.getTime()));
  const lines = acceptedLines(order, ids);
  const trialsUsed = await productsTrialledBy(
    tx,
    order.buyer.buyerId,
    order.lines.filter((line) => line.trialDays > 0).map((line) => line.productId),
  );
  const started = lines.map((line, index) => {
    const subscription = startSubscription(line, trialsUsed.has(line.productId));
    if ("kind" in subscription) throw trialAlreadyUsed(subscription);
    const orderLine = order.lines[index]!;
    const facts: FrozenFacts = {
      subscriptionId: subscription.subscriptionId,
      orderId: order.orderId,
      lineId: orderLine.lineId,
      buyer: order.buyer,
      vendor: order.vendor,
      productId: orderLine.productId,
      productName: orderLine.productName,
      planId: orderLine.planId,
      planName: orderLine.planName,
      billingCycle: subscription.cycle,
      anchor: subscription.anchor,
      timeZone: subscription.timeZone,
      unitPrice: subscription.unitPrice,
      quantity: subscription.quantity,
      vatTreatment: order.vatTreatment,
      commitmentMonths: subscription.commitmentMonths,
    };
    return { subscription, facts, orderLine };
  });

  // One statement per table for all of the order's subscriptions.
  await tx.subscription.createMany({
    data: started.map(({ subscription, facts, orderLine }) => {
      const trialEnd = trialEndsOn(subscription);
      return {
        id: subscription.subscriptionId,
        orderId: order.orderId,
        lineId: orderLine.lineId,
        buyerId: order.buyer.buyerId,
        vendorId: order.vendor.vendorId,
        productId: orderLine.productId,
        planId: orderLine.planId,
        facts: facts as object,
        billingCycle: subscription.cycle,
        anchor: toDbDate(subscription.anchor),
        timeZone: subscription.timeZone,
        currency: subscription.unitPrice.currency,
        unitPriceAmount: subscription.unitPrice.amount,
        quantity: subscription.quantity,
        vatRateBasisPoints: subscription.vatRateBasisPoints,
        commitmentMonths: subscription.commitmentMonths,
        trialEndsOn: trialEnd ? toDbDate(trialEnd) : null,
        ...movingColumns(subscription, now),
        createdAt: now,
      };
    }),
  });
  await tx.subscriptionPeriod.createMany({
    data: started.map(({ subscription }) => periodRow(subscription.subscriptionId, firstPeriod(subscription), now)),
  });
  for (const { subscription, facts } of started) {
    await announce(deps, tx, subscription, facts, now);
  }
}

/** Arms the first charge (and a yearly one's reminder) and publishes subscription.started. */
async function announce(deps: SubscriptionDeps, tx: Tx, subscription: Subscription, facts: FrozenFacts, now: Date) {
  const due = nextDue(subscription);
  if (due === null) throw new Error(`a subscription that just started has a next charge (${subscription.state})`);
  await armTimers(deps.timers, tx, subscription, null, deps.reminderDays);
  await deps.outbox.add(tx, SubscriptionStartedV1, {
    subscription: { ...facts, state: subscription.state },
    trialEndsOn: trialEndsOn(subscription),
    nextDueOn: due.on,
    nextDueAt: due.at.toISOString(),
    startedAt: now.toISOString(),
  });
}

/** The products among `productIds` whose trial this buyer already had (one trial per buyer per solution). */
async function productsTrialledBy(tx: Tx, buyerId: string, productIds: string[]): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const rows = await tx.subscription.findMany({
    where: { buyerId, productId: { in: productIds }, trialEndsOn: { not: null } },
    select: { productId: true },
  });
  return new Set(rows.map((row) => row.productId));
}
