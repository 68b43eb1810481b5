import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { CalendarDate, Id, Money, Timestamp } from "../../common/primitives.js";
import { OrderTotals } from "../../common/order-terms.js";
import { SubscriptionFacts } from "./subscription-facts.js";

// A subscription's life (docs/business-rules.md, Renewal): started by the vendor's acceptance of an order line;
// renewed on each anniversary; on a failed charge retried (dunning), suspended after the last retry,
// reactivated by paying, ended after 30 days suspended; stopping renewal is scheduled, undone, or
// takes effect; a withdrawal ends it at once. One event per fact, each carrying the whole
// subscription. WIRE NAMES: the types below are subjects (mkt.subscription.<event>.v1).

const Actor = z.object({ kind: z.enum(["buyer", "vendor", "operator", "system"]), id: z.string().nullable() });
/** A renewal period: the n-th after the anchor (0 = the first, paid by the order or at the trial's end). */
const Period = z.object({
  number: z.number().int().min(0),
  /** First day of service of the period, included. */
  startsOn: CalendarDate,
  /** First day of the next period (excluded). */
  endsBefore: CalendarDate,
});

export const SubscriptionStartedV1 = defineEvent({
  type: "subscription.started",
  version: 1,
  description:
    "The vendor accepted an order line with a plan that renews: its subscription started (`trialing` when the plan has trial days, the first charge at the trial's end).",
  data: z.object({
    subscription: SubscriptionFacts,
    trialEndsOn: CalendarDate.nullable(),
    nextDueOn: CalendarDate,
    nextDueAt: Timestamp,
    startedAt: Timestamp,
  }),
});

export const SubscriptionRenewedV1 = defineEvent({
  type: "subscription.renewed",
  version: 1,
  description:
    "A period was paid (a renewal, a trial's first charge, or the open period of a past-due or suspended subscription): the money facts for the ledger, `fee` being the marketplace's 3% of `total`, charged to the vendor; the vendor's invoice for it is `invoiceNumber`.",
  data: z.object({
    subscription: SubscriptionFacts,
    period: Period,
    totals: OrderTotals,
    paymentId: Id,
    invoiceNumber: z.string().min(1).max(64),
    nextDueOn: CalendarDate,
    renewedAt: Timestamp,
  }),
});

export const SubscriptionRenewalFailedV1 = defineEvent({
  type: "subscription.renewal-failed",
  version: 1,
  description:
    "A period's charge failed (declined, or the bank asks the buyer to authenticate): buyer (with a link to update the card) and vendor are told; `nextRetryAt` is the next dunning attempt, null after the last one.",
  data: z.object({
    subscription: SubscriptionFacts,
    period: Period,
    amount: Money,
    /** How many attempts failed so far for this period (the first at the due date). */
    failures: z.number().int().min(1),
    declineCode: z.string().max(64).nullable(),
    nextRetryAt: Timestamp.nullable(),
    failedAt: Timestamp,
  }),
});

export const SubscriptionSuspendedV1 = defineEvent({
  type: "subscription.suspended",
  version: 1,
  description:
    "The last dunning retry failed: the subscription is suspended (the vendor may cut the service); paying `amountDue` reactivates it; unpaid, it ends at `endsAt` (30 days).",
  data: z.object({
    subscription: SubscriptionFacts,
    period: Period,
    amountDue: Money,
    endsAt: Timestamp,
    suspendedAt: Timestamp,
  }),
});

export const SubscriptionReactivatedV1 = defineEvent({
  type: "subscription.reactivated",
  version: 1,
  description:
    "A suspended subscription's open period was paid: it is active again, on the same anchor (its subscription.renewed carries the money).",
  data: z.object({ subscription: SubscriptionFacts, period: Period, reactivatedAt: Timestamp }),
});

export const SubscriptionCancellationScheduledV1 = defineEvent({
  type: "subscription.cancellation-scheduled",
  version: 1,
  description:
    "The buyer confirmed stopping auto-renewal: service lasts until `lastDayOfService`, nothing is charged from `effectiveOn` (later with a commitment: `deferredByCommitment`). It can be undone until then.",
  data: z.object({
    subscription: SubscriptionFacts,
    lastDayOfService: CalendarDate,
    effectiveOn: CalendarDate,
    amountNoLongerCharged: Money,
    deferredByCommitment: z.boolean(),
    by: Actor,
    scheduledAt: Timestamp,
  }),
});

export const SubscriptionCancellationUndoneV1 = defineEvent({
  type: "subscription.cancellation-undone",
  version: 1,
  description: "The buyer undid a scheduled cancellation before it took effect: the subscription renews again.",
  data: z.object({ subscription: SubscriptionFacts, effectiveOn: CalendarDate, by: Actor, undoneAt: Timestamp }),
});

export const SubscriptionEndedV1 = defineEvent({
  type: "subscription.ended",
  version: 1,
  description:
    "The subscription ended: `cancelled` (a scheduled cancellation reached its date), `withdrawn` (the legal withdrawal: released or refunded in full, at once), or `suspended-too-long` (30 days suspended, unpaid). Nothing more is charged.",
  data: z.object({
    subscription: SubscriptionFacts,
    reason: z.enum(["cancelled", "withdrawn", "suspended-too-long"]),
    /** The last day the buyer had service. */
    lastDayOfService: CalendarDate,
    endedAt: Timestamp,
  }),
});

export const SubscriptionReminderDueV1 = defineEvent({
  type: "subscription.reminder-due",
  version: 1,
  description:
    "A yearly subscription renews in N days (30 unless configured): the buyer is emailed the date, the amount and how to stop it.",
  data: z.object({
    subscription: SubscriptionFacts,
    renewsOn: CalendarDate,
    amount: Money,
    /** Until when stopping renewal is still allowed (24 hours before the due instant). */
    cancellableUntil: Timestamp,
    remindedAt: Timestamp,
  }),
});
