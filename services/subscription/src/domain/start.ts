import { DEFAULT_TIME_ZONE, type Money, type OrderFacts } from "@mkt/contracts";
import { anchorDate } from "./anniversary.js";
import {
  addDays,
  nextChargeAt,
  periodDueAt,
  periodStart,
  periodTotals,
  type AcceptedLine,
  type Subscription,
} from "./subscription-state.js";

// Saga step renewal.1 (docs/sagas/renewal.md) as pure functions: what an accepted order starts.
// The use case (src/app/start-subscriptions.ts) gives each line its id, asks startSubscription and
// records the result; nothing here reads a clock or a database.

/** The buyer's zone: the one its profile named at checkout, else the platform's (docs/business-rules.md). */
export function buyerTimeZone(order: Pick<OrderFacts, "buyer">): string {
  return order.buyer.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * The purchase date in the buyer's zone: the day the order was transmitted (the buyer bought when
 * the checkout became the order), not the day the vendor accepted it. A Paris buyer who bought at
 * 23:30 UTC on 31 December bought on 1 January.
 */
export function purchaseDate(order: Pick<OrderFacts, "buyer" | "transmittedAt">): string {
  return anchorDate(new Date(order.transmittedAt), buyerTimeZone(order));
}

/**
 * One accepted line per plan line of the order, with the terms of the plan version bought (cycle,
 * unit price, quantity, commitment, trial days) and the order's VAT rate; `subscriptionIds[i]` is
 * the id of line i's subscription.
 */
export function acceptedLines(order: OrderFacts, subscriptionIds: readonly string[]): AcceptedLine[] {
  if (subscriptionIds.length !== order.lines.length)
    throw new RangeError(`${order.lines.length} lines but ${subscriptionIds.length} subscription ids`);
  const date = purchaseDate(order);
  const timeZone = buyerTimeZone(order);
  return order.lines.map((line, index) => ({
    subscriptionId: subscriptionIds[index]!,
    buyerId: order.buyer.buyerId,
    productId: line.productId,
    cycle: line.billingCycle,
    purchaseDate: date,
    timeZone,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    vatRateBasisPoints: order.vatTreatment.rateBasisPoints,
    commitmentMonths: line.commitmentMonths,
    trialDays: line.trialDays,
  }));
}

/** The trial's last day (the anchor is the day after); null without a trial. */
export function trialEndsOn(subscription: Subscription): string | null {
  return subscription.state === "trialing" ? addDays(subscription.anchor, -1) : null;
}

export interface NextDue {
  period: number;
  /** The period's start date, in the buyer's zone. */
  on: string;
  /** When its charge is due (the dunning retry's instant for a past-due subscription). */
  at: Date;
  amount: Money;
}

/** The next charge: which period, its date, its instant and its amount; null once nothing more is charged. */
export function nextDue(subscription: Subscription): NextDue | null {
  const at = nextChargeAt(subscription);
  if (at === null) return null;
  const period = subscription.openCharge?.period ?? subscription.paidPeriod + 1;
  return { period, on: periodStart(subscription, period), at, amount: periodTotals(subscription).total };
}

export interface PeriodRecord {
  number: number;
  startsOn: string;
  endsBefore: string;
  amount: Money;
  state: "scheduled" | "due" | "failed" | "paid";
  dueAt: Date;
  paidBy: "order" | "renewal" | null;
}

/** Period n as the periods table records it, in `state`. */
export function periodRecord(
  subscription: Subscription,
  number: number,
  state: PeriodRecord["state"],
  paidBy: PeriodRecord["paidBy"] = null,
): PeriodRecord {
  return {
    number,
    startsOn: periodStart(subscription, number),
    endsBefore: periodStart(subscription, number + 1),
    amount: periodTotals(subscription).total,
    state,
    dueAt: periodDueAt(subscription, number),
    paidBy,
  };
}

/** The first period at the start: paid by the order (captured at acceptance), or charged at the trial's end. */
export function firstPeriod(subscription: Subscription): PeriodRecord {
  return subscription.paidPeriod >= 0
    ? periodRecord(subscription, 0, "paid", "order")
    : periodRecord(subscription, 0, "scheduled");
}
