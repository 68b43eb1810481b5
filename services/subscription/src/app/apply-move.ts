import {
  SubscriptionCancellationScheduledV1,
  SubscriptionCancellationUndoneV1,
  SubscriptionEndedV1,
  SubscriptionReactivatedV1,
  SubscriptionRenewalFailedV1,
  SubscriptionRenewedV1,
  SubscriptionSuspendedV1,
  type SubscriptionFacts,
} from "@mkt/contracts";
import { anchorDate } from "../domain/anniversary.js";
import { nextDue } from "../domain/start.js";
import {
  addDays,
  periodStart,
  periodTotals,
  SUSPENSION_ENDS_AFTER_MS,
  decide,
  type Decision,
  type EndReason,
  type Subscription,
  type SubscriptionCommand,
  type SubscriptionFact,
} from "../domain/subscription-state.js";
import type { SubscriptionDeps } from "./deps.js";
import {
  domainOf,
  factsOf,
  lockSubscriptionIfExists,
  movingColumns,
  type SubscriptionRow,
  type Tx,
} from "./subscription-store.js";
import { armTimers } from "./timers.js";

export type Move = Extract<Decision, { kind: "moved" }>;

/** Who asked for a move, as the cancellation events name it. */
export interface Actor {
  kind: "buyer" | "vendor" | "operator" | "system";
  id: string | null;
}

/** What the events need beyond the subscription: the charge that paid or failed, who asked. */
export interface MoveContext {
  paid?: { paymentId: string; invoiceNumber: string };
  failed?: { declineCode: string | null };
  by?: Actor;
}

/**
 * Records a decided move in the caller's transaction, the one way every use case does it: the
 * subscription's moving columns, its timers (only those whose instant changed), and one event per
 * fact through the outbox, each carrying the subscription as it now stands.
 */
export async function applyMove(
  deps: SubscriptionDeps,
  tx: Tx,
  row: SubscriptionRow,
  before: Subscription,
  move: Move,
  now: Date,
  context: MoveContext = {},
): Promise<void> {
  const next = move.next;
  await tx.subscription.update({ where: { id: row.id }, data: movingColumns(next, now) });
  // A trial's first period waits `scheduled` for its charge; ended before it, it never will be, and
  // the payment history must not show it as a charge to come.
  if (next.state === "ended")
    await tx.subscriptionPeriod.deleteMany({ where: { subscriptionId: row.id, state: "scheduled" } });
  await armTimers(deps.timers, tx, next, before, deps.reminderDays);
  const subscription: SubscriptionFacts = { ...factsOf(row), state: next.state };
  for (const fact of move.facts) await publish(deps, tx, subscription, before, next, fact, now, context);
}

/**
 * Locks the subscription, asks the decider and records what it moved (applyMove); a command it
 * answers `unchanged` or refuses changes nothing. The timers and consumers that act on a
 * subscription by its id alone (no caller to answer) go through here.
 */
export async function decideAndApply(
  deps: SubscriptionDeps,
  tx: Tx,
  subscriptionId: string,
  command: SubscriptionCommand,
  context: MoveContext = {},
): Promise<void> {
  const row = await lockSubscriptionIfExists(tx, subscriptionId);
  if (!row) return;
  const now = deps.clock.now();
  const before = domainOf(row);
  const decision = decide(before, command, now);
  if (decision.kind === "moved") await applyMove(deps, tx, row, before, decision, now, context);
}

const periodOf = (subscription: Subscription, number: number) => ({
  number,
  startsOn: periodStart(subscription, number),
  endsBefore: periodStart(subscription, number + 1),
});

async function publish(
  deps: SubscriptionDeps,
  tx: Tx,
  subscription: SubscriptionFacts,
  before: Subscription,
  next: Subscription,
  fact: SubscriptionFact,
  now: Date,
  context: MoveContext,
): Promise<void> {
  const at = now.toISOString();
  const by = context.by ?? { kind: "system" as const, id: null };
  switch (fact.kind) {
    case "renewed": {
      if (!context.paid) throw new Error("a renewal is recorded with the charge that paid it");
      const due = nextDue(next);
      await deps.outbox.add(tx, SubscriptionRenewedV1, {
        subscription,
        period: periodOf(next, fact.period),
        totals: fact.totals,
        paymentId: context.paid.paymentId,
        invoiceNumber: context.paid.invoiceNumber,
        // A renewal that a confirmed cancellation will stop still has a date it would renew on.
        nextDueOn: due?.on ?? periodStart(next, fact.period + 1),
        renewedAt: at,
      });
      return;
    }
    case "renewal-failed":
      await deps.outbox.add(tx, SubscriptionRenewalFailedV1, {
        subscription,
        period: periodOf(next, fact.period),
        amount: periodTotals(next).total,
        failures: fact.failures,
        declineCode: context.failed?.declineCode?.slice(0, 64) ?? null,
        nextRetryAt: fact.nextRetryAt?.toISOString() ?? null,
        failedAt: at,
      });
      return;
    case "suspended":
      await deps.outbox.add(tx, SubscriptionSuspendedV1, {
        subscription,
        period: periodOf(next, fact.period),
        amountDue: periodTotals(next).total,
        endsAt: new Date(next.suspendedAt!.getTime() + SUSPENSION_ENDS_AFTER_MS).toISOString(),
        suspendedAt: at,
      });
      return;
    case "reactivated":
      await deps.outbox.add(tx, SubscriptionReactivatedV1, {
        subscription,
        period: periodOf(next, fact.period),
        reactivatedAt: at,
      });
      return;
    case "cancellation-scheduled":
      await deps.outbox.add(tx, SubscriptionCancellationScheduledV1, {
        subscription,
        lastDayOfService: fact.answer.lastDayOfService,
        effectiveOn: fact.answer.effectiveDate,
        amountNoLongerCharged: fact.answer.amountNoLongerCharged,
        deferredByCommitment: fact.answer.deferredByCommitment,
        by,
        scheduledAt: at,
      });
      return;
    case "cancellation-undone":
      await deps.outbox.add(tx, SubscriptionCancellationUndoneV1, {
        subscription,
        effectiveOn: fact.effectiveDate,
        by,
        undoneAt: at,
      });
      return;
    case "ended":
      await deps.outbox.add(tx, SubscriptionEndedV1, {
        subscription,
        reason: fact.reason,
        lastDayOfService: lastDayOfService(before, fact.reason, now),
        endedAt: at,
      });
      return;
  }
}

/**
 * The last day the buyer had service: the day before the cancellation's date; for a withdrawal,
 * the day it ended (today in the buyer's zone); for a suspension, the last paid period's last day
 * (the trial's last day when the trial never converted).
 */
function lastDayOfService(before: Subscription, reason: EndReason, now: Date): string {
  if (reason === "cancelled" && before.cancellation) return addDays(before.cancellation.effectiveDate, -1);
  if (reason === "withdrawn") return anchorDate(now, before.timeZone);
  return addDays(periodStart(before, before.paidPeriod + 1), -1);
}
