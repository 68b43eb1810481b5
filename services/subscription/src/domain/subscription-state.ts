import { orderTotals } from "@mkt/pricing";
import type { Money, OrderTotals } from "@mkt/contracts";
import { anniversaryDate, dueInstant, type BillingCycle } from "./anniversary.js";

// A subscription's life (docs/business-rules.md, Renewal), as pure functions: no I/O, no clock of its own. The
// use cases (src/app) apply what `decide` returns in one transaction with the events it raises, arm
// the timers `timersOf` lists, and ask the processor for the charge it instructs.
//
//   trialing ──first charge ok──▶ active ◀──charge ok── past_due ◀──charge failed── active
//   past_due ──last retry failed──▶ suspended ──open period paid──▶ active (same anchor)
//   suspended ──30 days──▶ ended (suspended-too-long)
//   trialing | active ──confirmed cancellation reaches its date──▶ ended (cancelled)
//   any but ended ──withdrawal──▶ ended (withdrawn)
//
// Periods: period n runs from anniversaryDate(anchor, cycle, n) (included) to the (n + 1)-th
// (excluded). Period 0 is paid by the order (captured when the vendor accepts); period n ≥ 1 is
// charged at the first instant of its start date in the buyer's zone. With a trial, the anchor is
// the trial's end and period 0 is charged then (Stripe's billing_cycle_anchor = trial_end).

export const SUBSCRIPTION_STATES = ["trialing", "active", "past_due", "suspended", "ended"] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export type EndReason = "cancelled" | "withdrawn" | "suspended-too-long";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * The dunning schedule: a failed renewal is retried this many days after its due date (Stripe's
 * "smart retries" default to a similar 4 attempts over about a week). The failure of the last retry
 * suspends the subscription. WIRE-VISIBLE: the buyer's emails quote these dates.
 */
export const DUNNING_RETRY_DAYS = [1, 3, 5, 7] as const;
/** A subscription suspended this long ends (Azure SaaS fulfillment's 30-day suspension). */
export const SUSPENSION_ENDS_AFTER_MS = 30 * DAY;
/** Stopping renewal is allowed until this long before the due date it stops (docs/business-rules.md). */
export const CANCELLATION_DEADLINE_BEFORE_DUE_MS = 24 * HOUR;
/** An unconfirmed cancellation request (an abandoned flow) expires after this, changing nothing. */
export const CANCELLATION_REQUEST_TTL_MS = 1 * HOUR;
/** Yearly subscriptions remind the buyer this many days before renewal, unless configured. */
export const DEFAULT_YEARLY_REMINDER_DAYS = 30;

export interface Cancellation {
  status: "requested" | "confirmed";
  requestedAt: Date;
  /** A requested cancellation lapses at this instant unless confirmed. */
  expiresAt: Date;
  /** The first day without service (YYYY-MM-DD): the start of the first period no longer charged. */
  effectiveDate: string;
  /** True when the commitment pushed the end past the next due date. */
  deferredByCommitment: boolean;
}

/** The open (unpaid) period of a past-due or suspended subscription. */
export interface OpenCharge {
  period: number;
  /** How many charge attempts failed so far (the first at the due date, then the retries). */
  failures: number;
}

export interface Subscription {
  subscriptionId: string;
  buyerId: string;
  /** The solution (product) bought: one trial per buyer per solution. */
  productId: string;
  cycle: BillingCycle;
  /** YYYY-MM-DD in the buyer's zone: the start of period 0. */
  anchor: string;
  timeZone: string;
  /** The price of one period before VAT (unit price × quantity, as the plan version was bought). */
  unitPrice: Money;
  quantity: number;
  vatRateBasisPoints: number;
  /** The committed term from the anchor, in months (0 = none). */
  commitmentMonths: number;
  state: SubscriptionState;
  /** The last paid period; -1 while a trial has not converted (period 0 not paid yet). */
  paidPeriod: number;
  openCharge: OpenCharge | null;
  suspendedAt: Date | null;
  cancellation: Cancellation | null;
  endReason: EndReason | null;
  endedAt: Date | null;
}

/** One accepted order line, as the subscription copies it (plan version terms frozen at checkout). */
export interface AcceptedLine {
  subscriptionId: string;
  buyerId: string;
  productId: string;
  cycle: BillingCycle;
  /** The purchase date in the buyer's zone (anchorDate). */
  purchaseDate: string;
  timeZone: string;
  unitPrice: Money;
  quantity: number;
  vatRateBasisPoints: number;
  commitmentMonths: number;
  trialDays: number;
}

export type StartRefusal = { kind: "refused"; reason: "trial-already-used"; detail: string };

/**
 * A subscription started by the vendor's acceptance of one order line. A trial is granted once per
 * buyer per solution: `trialAlreadyUsed` says whether this buyer already had one for this product.
 */
export function startSubscription(line: AcceptedLine, trialAlreadyUsed: boolean): Subscription | StartRefusal {
  const trial = line.trialDays > 0;
  if (trial && trialAlreadyUsed) {
    return {
      kind: "refused",
      reason: "trial-already-used",
      detail: `Buyer ${line.buyerId} already had the free trial of product ${line.productId}: a solution's trial is granted once per buyer.`,
    };
  }
  return {
    subscriptionId: line.subscriptionId,
    buyerId: line.buyerId,
    productId: line.productId,
    cycle: line.cycle,
    anchor: trial ? addDays(line.purchaseDate, line.trialDays) : line.purchaseDate,
    timeZone: line.timeZone,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    vatRateBasisPoints: line.vatRateBasisPoints,
    commitmentMonths: line.commitmentMonths,
    state: trial ? "trialing" : "active",
    paidPeriod: trial ? -1 : 0,
    openCharge: null,
    suspendedAt: null,
    cancellation: null,
    endReason: null,
    endedAt: null,
  };
}

/** The date `days` calendar days after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The start date of period n. */
export const periodStart = (subscription: Subscription, period: number) =>
  anniversaryDate(subscription.anchor, subscription.cycle, period);

/** When period n is due (charged): the first instant of its start date in the buyer's zone. */
export const periodDueAt = (subscription: Subscription, period: number) =>
  dueInstant(periodStart(subscription, period), subscription.timeZone);

/** What one period costs: the order's totals rule (VAT once, 3% fee on what the card moves). */
export function periodTotals(subscription: Subscription): OrderTotals {
  return orderTotals([{ unitPrice: subscription.unitPrice, quantity: subscription.quantity }], {
    rateBasisPoints: subscription.vatRateBasisPoints,
  });
}

/**
 * The idempotency key of a charge attempt: one per period, so that no period is ever charged twice
 * (two replicas, a crash between charge and commit: the processor answers the same payment). A
 * retry is a new attempt with its own key (`:retry-k`), since a processor replays a failed answer
 * for a reused key (Stripe does); a retry is only instructed after the previous attempt is recorded
 * as failed, so attempts of one period never overlap.
 */
export function chargeKey(subscriptionId: string, period: number, attempt: number): string {
  return attempt === 0 ? `${subscriptionId}:${period}` : `${subscriptionId}:${period}:retry-${attempt}`;
}

export interface ChargeInstruction {
  period: number;
  attempt: number;
  idempotencyKey: string;
  amount: Money;
  dueAt: Date;
}

export interface CancellationAnswer {
  /** The last day of service (YYYY-MM-DD, the buyer's zone). */
  lastDayOfService: string;
  /** The first period no longer charged: its date and amount (each later period too). */
  effectiveDate: string;
  amountNoLongerCharged: Money;
  deferredByCommitment: boolean;
}

export type SubscriptionCommand =
  /** The timer of the next period's due date (also fires for a retry or after a reactivation). */
  | { kind: "charge-due" }
  | { kind: "charge-succeeded"; period: number }
  | { kind: "charge-failed"; period: number }
  /** The buyer pays the open period (a new card) of a past-due or suspended subscription. */
  | { kind: "pay-open-period" }
  /** The 30-day suspension timer. */
  | { kind: "end-suspension" }
  | { kind: "request-cancellation" }
  | { kind: "confirm-cancellation" }
  | { kind: "undo-cancellation" }
  /** The unconfirmed-request timer. */
  | { kind: "expire-cancellation-request" }
  | { kind: "withdraw" };

export type RefusalReason =
  "wrong-state" | "too-late-to-cancel" | "no-cancellation" | "cancellation-request-expired" | "already-cancelled";

export type Decision =
  | {
      kind: "moved";
      next: Subscription;
      /** What happened, in order: each becomes one event. */
      facts: SubscriptionFact[];
      charge?: ChargeInstruction;
      cancellation?: CancellationAnswer;
    }
  /** Nothing to record, but a charge to attempt (the state moves on its answer). */
  | { kind: "charge"; charge: ChargeInstruction }
  | { kind: "unchanged" }
  | { kind: "refused"; reason: RefusalReason; state: SubscriptionState; detail: string; possibleFrom?: string };

export type SubscriptionFact =
  | { kind: "renewed"; period: number; totals: OrderTotals; periodStart: string; periodEnd: string }
  | { kind: "renewal-failed"; period: number; failures: number; nextRetryAt: Date | null }
  | { kind: "suspended"; period: number }
  | { kind: "reactivated"; period: number }
  | { kind: "cancellation-scheduled"; answer: CancellationAnswer }
  | { kind: "cancellation-undone"; effectiveDate: string }
  | { kind: "ended"; reason: EndReason };

/** The next period to charge: the open one, else the one after the last paid. */
function nextPeriod(subscription: Subscription): number {
  return subscription.openCharge?.period ?? subscription.paidPeriod + 1;
}

/** When the next charge attempt is due: the period's due date, or its dunning retry. */
export function nextChargeAt(subscription: Subscription): Date | null {
  if (subscription.state === "ended" || subscription.state === "suspended") return null;
  const period = nextPeriod(subscription);
  const due = periodDueAt(subscription, period);
  const failures = subscription.openCharge?.failures ?? 0;
  if (failures === 0) return due;
  return new Date(due.getTime() + DUNNING_RETRY_DAYS[failures - 1]! * DAY);
}

/**
 * The period at whose start a cancellation asked at `now` takes effect: the next one still ahead
 * by at least 24 hours, and no earlier than the end of the committed term. Null when that next
 * renewal is within 24 hours: then `possibleFrom` is the date from which a cancellation asked now
 * would take effect (the period after it).
 */
function cancellationTarget(
  subscription: Subscription,
  now: Date,
): { period: number; deferredByCommitment: boolean; tooLate: boolean } {
  const next = nextPeriod(subscription);
  const committedPeriods = Math.ceil(subscription.commitmentMonths / (subscription.cycle === "monthly" ? 1 : 12));
  const period = Math.max(next, committedPeriods);
  const deadline = periodDueAt(subscription, period).getTime() - CANCELLATION_DEADLINE_BEFORE_DUE_MS;
  return { period, deferredByCommitment: committedPeriods > next, tooLate: now.getTime() > deadline };
}

function cancellationAnswer(subscription: Subscription, period: number, deferred: boolean): CancellationAnswer {
  const effectiveDate = periodStart(subscription, period);
  return {
    lastDayOfService: addDays(effectiveDate, -1),
    effectiveDate,
    amountNoLongerCharged: periodTotals(subscription).total,
    deferredByCommitment: deferred,
  };
}

/** Decides what a command does to `subscription` at `now`. */
export function decide(subscription: Subscription, command: SubscriptionCommand, now: Date): Decision {
  const state = subscription.state;
  const refused = (reason: RefusalReason, detail: string, possibleFrom?: string): Decision => ({
    kind: "refused",
    reason,
    state,
    detail,
    ...(possibleFrom ? { possibleFrom } : {}),
  });
  const ended = (reason: EndReason, extra: Partial<Subscription> = {}): Subscription => ({
    ...subscription,
    ...extra,
    state: "ended",
    endReason: reason,
    endedAt: now,
    cancellation: null,
  });
  const instruct = (period: number, attempt: number, dueAt: Date): ChargeInstruction => ({
    period,
    attempt,
    idempotencyKey: chargeKey(subscription.subscriptionId, period, attempt),
    amount: periodTotals(subscription).total,
    dueAt,
  });

  switch (command.kind) {
    case "charge-due": {
      const at = nextChargeAt(subscription);
      if (at === null || now.getTime() < at.getTime()) return { kind: "unchanged" };
      const period = nextPeriod(subscription);
      const cancellation = subscription.cancellation;
      if (cancellation?.status === "confirmed" && periodStart(subscription, period) >= cancellation.effectiveDate) {
        return { kind: "moved", next: ended("cancelled"), facts: [{ kind: "ended", reason: "cancelled" }] };
      }
      const attempt = subscription.openCharge?.failures ?? 0;
      return { kind: "charge", charge: instruct(period, attempt, periodDueAt(subscription, period)) };
    }
    case "charge-succeeded": {
      if (state === "ended" || command.period <= subscription.paidPeriod) return { kind: "unchanged" };
      if (command.period !== nextPeriod(subscription))
        return refused(
          "wrong-state",
          `Period ${command.period} is not the next one to pay (${nextPeriod(subscription)}).`,
        );
      const next: Subscription = {
        ...subscription,
        state: "active",
        paidPeriod: command.period,
        openCharge: null,
        suspendedAt: null,
      };
      const facts: SubscriptionFact[] = [];
      if (state === "suspended") facts.push({ kind: "reactivated", period: command.period });
      facts.push({
        kind: "renewed",
        period: command.period,
        totals: periodTotals(subscription),
        periodStart: periodStart(subscription, command.period),
        periodEnd: periodStart(subscription, command.period + 1),
      });
      return { kind: "moved", next, facts };
    }
    case "charge-failed": {
      if (state === "ended" || command.period !== nextPeriod(subscription)) return { kind: "unchanged" };
      const failures = (subscription.openCharge?.failures ?? 0) + 1;
      if (state === "suspended") {
        // A reactivation attempt failed: the subscription stays suspended, its 30 days still run.
        return {
          kind: "moved",
          next: { ...subscription, openCharge: { period: command.period, failures } },
          facts: [{ kind: "renewal-failed", period: command.period, failures, nextRetryAt: null }],
        };
      }
      if (failures > DUNNING_RETRY_DAYS.length) {
        return {
          kind: "moved",
          next: {
            ...subscription,
            state: "suspended",
            openCharge: { period: command.period, failures },
            suspendedAt: now,
          },
          facts: [
            { kind: "renewal-failed", period: command.period, failures, nextRetryAt: null },
            { kind: "suspended", period: command.period },
          ],
        };
      }
      const next: Subscription = {
        ...subscription,
        state: "past_due",
        openCharge: { period: command.period, failures },
      };
      return {
        kind: "moved",
        next,
        facts: [{ kind: "renewal-failed", period: command.period, failures, nextRetryAt: nextChargeAt(next) }],
      };
    }
    case "pay-open-period": {
      if ((state !== "past_due" && state !== "suspended") || subscription.openCharge === null)
        return refused("wrong-state", `The subscription is ${state}: there is no open period to pay.`);
      const open = subscription.openCharge;
      return { kind: "charge", charge: instruct(open.period, open.failures, periodDueAt(subscription, open.period)) };
    }
    case "end-suspension": {
      if (state !== "suspended" || now.getTime() < subscription.suspendedAt!.getTime() + SUSPENSION_ENDS_AFTER_MS)
        return { kind: "unchanged" };
      return {
        kind: "moved",
        next: ended("suspended-too-long", { openCharge: null }),
        facts: [{ kind: "ended", reason: "suspended-too-long" }],
      };
    }
    case "request-cancellation": {
      if (state !== "active" && state !== "trialing" && state !== "past_due")
        return refused("wrong-state", `The subscription is ${state}: only a live subscription can stop renewing.`);
      if (subscription.cancellation?.status === "confirmed")
        return refused(
          "already-cancelled",
          `Renewal already stops on ${subscription.cancellation.effectiveDate}: undo it first to change it.`,
        );
      const target = cancellationTarget(subscription, now);
      const period = target.tooLate ? target.period + 1 : target.period;
      if (target.tooLate) {
        const effective = periodStart(subscription, period);
        return refused(
          "too-late-to-cancel",
          `The renewal of ${periodStart(subscription, target.period)} is less than 24 hours away and will be charged: a cancellation asked now would take effect on ${effective}.`,
          effective,
        );
      }
      const answer = cancellationAnswer(subscription, period, target.deferredByCommitment);
      const cancellation: Cancellation = {
        status: "requested",
        requestedAt: now,
        expiresAt: new Date(now.getTime() + CANCELLATION_REQUEST_TTL_MS),
        effectiveDate: answer.effectiveDate,
        deferredByCommitment: answer.deferredByCommitment,
      };
      return { kind: "moved", next: { ...subscription, cancellation }, facts: [], cancellation: answer };
    }
    case "confirm-cancellation": {
      const cancellation = subscription.cancellation;
      if (state === "ended") return refused("wrong-state", "The subscription has ended.");
      if (cancellation === null) return refused("no-cancellation", "No cancellation was requested.");
      if (cancellation.status === "confirmed") return { kind: "unchanged" };
      if (now.getTime() >= cancellation.expiresAt.getTime())
        return refused("cancellation-request-expired", "The cancellation request expired unconfirmed: ask again.");
      const target = cancellationTarget(subscription, now);
      if (target.tooLate || periodStart(subscription, target.period) !== cancellation.effectiveDate) {
        const effective = periodStart(subscription, target.tooLate ? target.period + 1 : target.period);
        return refused(
          "too-late-to-cancel",
          `The next renewal is less than 24 hours away and will be charged: a cancellation asked now would take effect on ${effective}.`,
          effective,
        );
      }
      const answer = cancellationAnswer(subscription, target.period, cancellation.deferredByCommitment);
      return {
        kind: "moved",
        next: { ...subscription, cancellation: { ...cancellation, status: "confirmed" } },
        facts: [{ kind: "cancellation-scheduled", answer }],
        cancellation: answer,
      };
    }
    case "undo-cancellation": {
      const cancellation = subscription.cancellation;
      if (state === "ended") return refused("wrong-state", "The subscription has ended: it can no longer be undone.");
      if (cancellation === null) return refused("no-cancellation", "No cancellation to undo.");
      const next = { ...subscription, cancellation: null };
      if (cancellation.status === "requested") return { kind: "moved", next, facts: [] };
      return {
        kind: "moved",
        next,
        facts: [{ kind: "cancellation-undone", effectiveDate: cancellation.effectiveDate }],
      };
    }
    case "expire-cancellation-request": {
      const cancellation = subscription.cancellation;
      if (cancellation?.status !== "requested" || now.getTime() < cancellation.expiresAt.getTime())
        return { kind: "unchanged" };
      return { kind: "moved", next: { ...subscription, cancellation: null }, facts: [] };
    }
    case "withdraw": {
      if (state === "ended") return refused("wrong-state", "The subscription has already ended.");
      return {
        kind: "moved",
        next: ended("withdrawn", { openCharge: null }),
        facts: [{ kind: "ended", reason: "withdrawn" }],
      };
    }
  }
}

/** The instants at which the subscription's timers fire, from its state alone (the use case arms them). */
export interface Timers {
  chargeAt: Date | null;
  endSuspensionAt: Date | null;
  expireCancellationRequestAt: Date | null;
  remindAt: Date | null;
}

export function timersOf(subscription: Subscription, reminderDays = DEFAULT_YEARLY_REMINDER_DAYS): Timers {
  const cancellation = subscription.cancellation;
  return {
    chargeAt: nextChargeAt(subscription),
    endSuspensionAt:
      subscription.state === "suspended"
        ? new Date(subscription.suspendedAt!.getTime() + SUSPENSION_ENDS_AFTER_MS)
        : null,
    expireCancellationRequestAt: cancellation?.status === "requested" ? cancellation.expiresAt : null,
    remindAt: reminderAt(subscription, reminderDays),
  };
}

/**
 * The yearly renewal reminder: `days` days before the next period's start, at the first instant of
 * that day in the buyer's zone. None for a monthly subscription, nor once renewal is stopped.
 */
export function reminderAt(subscription: Subscription, days = DEFAULT_YEARLY_REMINDER_DAYS): Date | null {
  if (subscription.cycle !== "yearly" || subscription.state !== "active") return null;
  if (subscription.cancellation?.status === "confirmed") return null;
  const next = nextPeriod(subscription);
  return dueInstant(addDays(periodStart(subscription, next), -days), subscription.timeZone);
}
