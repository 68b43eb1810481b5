import type { CancellationAnswer, SubscriptionDetails } from "@mkt/contracts";
import { decide, periodTotals, type Decision, type SubscriptionCommand } from "../domain/subscription-state.js";
import { applyMove } from "./apply-move.js";
import { recordDue } from "./charge-due.js";
import type { SubscriptionDeps } from "./deps.js";
import { commandRefused, subscriptionNotFound } from "./errors.js";
import {
  cancellationState,
  domainOf,
  findSubscription,
  inScope,
  lockSubscriptionIfExists,
  toDetails,
  type SubscriptionRow,
  type Tx,
} from "./subscription-store.js";

// The buyer's commands on a subscription: stopping auto-renewal ("Résilier", docs/business-rules.md) as a
// request that answers what will happen and changes nothing billable, its confirmation and its
// undoing; and paying the open period of a past-due or suspended one. The rules (24 hours before
// the due date, the committed term, the request's expiry, what is open) are the decider's.

interface Commanded {
  row: SubscriptionRow;
  decision: Exclude<Decision, { kind: "refused" }>;
}

/** Locks the buyer's subscription and runs the command on it: 404 for another's, 409 when refused. */
async function buyerCommand(
  deps: SubscriptionDeps,
  tx: Tx,
  subscriptionId: string,
  buyerId: string,
  command: SubscriptionCommand,
): Promise<Commanded> {
  const row = await lockSubscriptionIfExists(tx, subscriptionId);
  if (!row || !inScope(row, { buyerId })) throw subscriptionNotFound(subscriptionId);
  const now = deps.clock.now();
  const before = domainOf(row);
  const decision = decide(before, command, now);
  if (decision.kind === "refused") throw commandRefused(subscriptionId, decision);
  if (decision.kind === "moved")
    await applyMove(deps, tx, row, before, decision, now, { by: { kind: "buyer", id: buyerId } });
  if (decision.kind === "charge") await recordDue(deps, tx, before, decision.charge, now);
  return { row, decision };
}

/** The answer to a request or a confirmation: the cancellation as it now stands, with what it saves. */
function answerOf({ row, decision }: Commanded): CancellationAnswer {
  const subscription = decision.kind === "moved" ? decision.next : domainOf(row);
  if (!subscription.cancellation) throw new Error("a cancellation was just requested or confirmed");
  return {
    subscriptionId: row.id,
    ...cancellationState(subscription.cancellation),
    // What each renewal from its date would have charged: one period's total, as the decider answers it.
    amountNoLongerCharged: periodTotals(subscription).total,
  };
}

/**
 * Saga step renewal.8 (docs/sagas/renewal.md), with its confirmation and undoing below: asks to
 * stop renewal; the answer says the last day of service and what is no longer charged.
 */
export const requestCancellation = (deps: SubscriptionDeps, subscriptionId: string, buyerId: string) =>
  deps.db.transaction(async (tx) =>
    answerOf(await buyerCommand(deps, tx, subscriptionId, buyerId, { kind: "request-cancellation" })),
  );

/** Confirms the request: `subscription.cancellation-scheduled`; confirming again answers the same. */
export const confirmCancellation = (deps: SubscriptionDeps, subscriptionId: string, buyerId: string) =>
  deps.db.transaction(async (tx) =>
    answerOf(await buyerCommand(deps, tx, subscriptionId, buyerId, { kind: "confirm-cancellation" })),
  );

/** Undoes a request or a confirmed cancellation before it takes effect: it renews again. */
export async function undoCancellation(
  deps: SubscriptionDeps,
  subscriptionId: string,
  buyerId: string,
): Promise<SubscriptionDetails> {
  await deps.db.transaction((tx) => buyerCommand(deps, tx, subscriptionId, buyerId, { kind: "undo-cancellation" }));
  return toDetails(await findSubscription(deps.db.client, subscriptionId, { buyerId }));
}

/**
 * Saga step renewal.6 (docs/sagas/renewal.md): pays the open period now (the buyer saved a new card): the attempt is
 * recorded due and the renewal worker charges it at once; a paid suspended subscription is reactivated on its anchor.
 */
export async function payOpenPeriod(
  deps: SubscriptionDeps,
  subscriptionId: string,
  buyerId: string,
): Promise<SubscriptionDetails> {
  await deps.db.transaction((tx) => buyerCommand(deps, tx, subscriptionId, buyerId, { kind: "pay-open-period" }));
  return toDetails(await findSubscription(deps.db.client, subscriptionId, { buyerId }));
}
