import type {
  SubscriptionCancellationState,
  SubscriptionDetails,
  SubscriptionFacts,
  SubscriptionPeriod,
  SubscriptionSummary,
} from "@mkt/contracts";
import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import type { Subscription as SubscriptionRow, SubscriptionPeriod as PeriodRow } from "../generated/prisma/client.js";
import type { BillingCycle } from "../domain/anniversary.js";
import { nextDue, type PeriodRecord } from "../domain/start.js";
import {
  addDays,
  periodTotals,
  type Cancellation,
  type EndReason,
  type Subscription,
  type SubscriptionState,
} from "../domain/subscription-state.js";
import { subscriptionNotFound } from "./errors.js";

// Between the tables and the domain: a row becomes the decider's Subscription, a decided
// Subscription becomes the columns that move, and a row becomes what the internal API answers.

export type Tx = TxOf<Db>;
type Reader = Pick<Db, "subscription">;
export type { SubscriptionRow };
export type LoadedSubscription = SubscriptionRow & { periods: PeriodRow[] };

/** The facts frozen at start: every SubscriptionFacts field but the state, which moves. */
export type FrozenFacts = Omit<SubscriptionFacts, "state">;

/** Who reads: a buyer or vendor only sees its own subscriptions (others answer 404); operators see all. */
export interface Scope {
  buyerId?: string | undefined;
  vendorId?: string | undefined;
}

/** A DATE column holds a calendar date: midnight UTC of it, as the pg driver and Prisma read it. */
export const toDbDate = (date: string) => new Date(`${date}T00:00:00.000Z`);
export const fromDbDate = (date: Date) => date.toISOString().slice(0, 10);

export const frozenFactsOf = (row: SubscriptionRow): FrozenFacts => row.facts as unknown as FrozenFacts;
export const factsOf = (row: SubscriptionRow): SubscriptionFacts => ({
  ...frozenFactsOf(row),
  state: row.state as SubscriptionState,
});

/** The row as the decider sees it. */
export function domainOf(row: SubscriptionRow): Subscription {
  const cancellation = row.cancellation as unknown as
    (Omit<Cancellation, "requestedAt" | "expiresAt"> & { requestedAt: string; expiresAt: string }) | null;
  return {
    subscriptionId: row.id,
    buyerId: row.buyerId,
    productId: row.productId,
    cycle: row.billingCycle as BillingCycle,
    anchor: fromDbDate(row.anchor),
    timeZone: row.timeZone,
    unitPrice: { amount: row.unitPriceAmount, currency: row.currency },
    quantity: row.quantity,
    vatRateBasisPoints: row.vatRateBasisPoints,
    commitmentMonths: row.commitmentMonths,
    state: row.state as SubscriptionState,
    paidPeriod: row.paidPeriod,
    openCharge: row.openPeriod === null ? null : { period: row.openPeriod, failures: row.openFailures },
    suspendedAt: row.suspendedAt,
    cancellation: cancellation
      ? {
          ...cancellation,
          requestedAt: new Date(cancellation.requestedAt),
          expiresAt: new Date(cancellation.expiresAt),
        }
      : null,
    endReason: row.endReason as EndReason | null,
    endedAt: row.endedAt,
  };
}

/** The columns that move with a decided subscription, its next charge included. */
export function movingColumns(subscription: Subscription, now: Date) {
  const due = nextDue(subscription);
  return {
    state: subscription.state,
    paidPeriod: subscription.paidPeriod,
    openPeriod: subscription.openCharge?.period ?? null,
    openFailures: subscription.openCharge?.failures ?? 0,
    suspendedAt: subscription.suspendedAt,
    cancellation: subscription.cancellation
      ? ({
          ...subscription.cancellation,
          requestedAt: subscription.cancellation.requestedAt.toISOString(),
          expiresAt: subscription.cancellation.expiresAt.toISOString(),
        } satisfies Prisma.InputJsonObject)
      : Prisma.DbNull,
    endReason: subscription.endReason,
    endedAt: subscription.endedAt,
    nextDuePeriod: due?.period ?? null,
    nextDueOn: due ? toDbDate(due.on) : null,
    nextDueAt: due?.at ?? null,
    updatedAt: now,
  };
}

/** A period record as a row of the periods table. */
export const periodRow = (
  subscriptionId: string,
  period: PeriodRecord,
  now: Date,
  chargeKey: string | null = null,
) => ({
  subscriptionId,
  number: period.number,
  startsOn: toDbDate(period.startsOn),
  endsBefore: toDbDate(period.endsBefore),
  amount: period.amount.amount,
  currency: period.amount.currency,
  state: period.state,
  dueAt: period.dueAt,
  paidBy: period.paidBy,
  // Period 0 paid by the order: captured at the vendor's acceptance, which is now.
  paidAt: period.state === "paid" ? now : null,
  chargeKey,
  recordedAt: now,
  updatedAt: now,
});

export function inScope(row: Pick<SubscriptionRow, "buyerId" | "vendorId">, scope: Scope): boolean {
  return (
    (scope.buyerId === undefined || scope.buyerId === row.buyerId) &&
    (scope.vendorId === undefined || scope.vendorId === row.vendorId)
  );
}

const withPeriods = { periods: { orderBy: { number: "desc" } } } as const;

/** A subscription as its party may see it, with its periods, or 404. */
export async function findSubscription(db: Reader, subscriptionId: string, scope: Scope): Promise<LoadedSubscription> {
  const row = UUID.test(subscriptionId)
    ? await db.subscription.findUnique({ where: { id: subscriptionId }, include: withPeriods })
    : null;
  if (!row || !inScope(row, scope)) throw subscriptionNotFound(subscriptionId);
  return row;
}

/** Ids are UUIDs: any other text names no subscription (a 404, not a database error). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Locks the subscription a timer names for the rest of the transaction and reads it; null when it does not exist. */
export async function lockSubscriptionIfExists(tx: Tx, subscriptionId: string): Promise<SubscriptionRow | null> {
  if (!UUID.test(subscriptionId)) return null;
  const locked = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM subscriptions WHERE id = $1::uuid FOR UPDATE`,
    subscriptionId,
  );
  if (locked.length === 0) return null;
  return tx.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
}

/** Where stopping renewal stands, as the API shows it. */
export const cancellationState = (cancellation: Cancellation): SubscriptionCancellationState => ({
  status: cancellation.status,
  lastDayOfService: addDays(cancellation.effectiveDate, -1),
  effectiveOn: cancellation.effectiveDate,
  deferredByCommitment: cancellation.deferredByCommitment,
  expiresAt: cancellation.status === "requested" ? cancellation.expiresAt.toISOString() : null,
});

export function toSummary(row: SubscriptionRow): SubscriptionSummary {
  const facts = frozenFactsOf(row);
  const subscription = domainOf(row);
  const due = row.nextDuePeriod !== null && row.nextDueOn && row.nextDueAt;
  return {
    subscriptionId: row.id,
    orderId: row.orderId,
    lineId: row.lineId,
    buyer: { buyerId: facts.buyer.buyerId, name: facts.buyer.name, kind: facts.buyer.kind },
    vendor: { vendorId: facts.vendor.vendorId, legalName: facts.vendor.legalName },
    productId: row.productId,
    productName: facts.productName,
    planId: row.planId,
    planName: facts.planName,
    state: subscription.state,
    billingCycle: subscription.cycle,
    anchor: subscription.anchor,
    timeZone: row.timeZone,
    quantity: row.quantity,
    unitPrice: subscription.unitPrice,
    periodTotals: periodTotals(subscription),
    vatTreatment: facts.vatTreatment,
    commitmentMonths: row.commitmentMonths,
    trialEndsOn: row.trialEndsOn ? fromDbDate(row.trialEndsOn) : null,
    cancellation: subscription.cancellation ? cancellationState(subscription.cancellation) : null,
    nextDue: due
      ? {
          period: row.nextDuePeriod!,
          on: fromDbDate(row.nextDueOn!),
          at: row.nextDueAt!.toISOString(),
          amount: periodTotals(subscription).total,
        }
      : null,
    startedAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const toPeriod = (row: PeriodRow): SubscriptionPeriod => ({
  number: row.number,
  startsOn: fromDbDate(row.startsOn),
  endsBefore: fromDbDate(row.endsBefore),
  amount: { amount: row.amount, currency: row.currency },
  state: row.state as SubscriptionPeriod["state"],
  dueAt: row.dueAt.toISOString(),
  paidBy: row.paidBy as SubscriptionPeriod["paidBy"],
  paidAt: row.paidAt?.toISOString() ?? null,
  paymentId: row.paymentId,
  invoiceNumber: row.invoiceNumber,
  failures: row.failures,
  lastFailure: row.failureReason ? { reason: row.failureReason, declineCode: row.declineCode } : null,
});

export const toDetails = (row: LoadedSubscription): SubscriptionDetails => ({
  ...toSummary(row),
  periods: row.periods.map(toPeriod),
});
