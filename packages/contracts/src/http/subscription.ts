import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Page, PageQuery } from "./common.js";
import { CalendarDate, Id, Money, Timestamp } from "../common/primitives.js";
import { BillingCycle } from "../common/catalog-taxonomy.js";
import { OrderTotals, VatTreatment } from "../common/order-terms.js";

// subscription's internal API (not public): storefront-gateway shows a buyer's subscriptions (and
// those of one purchase), vendor-api lists a vendor's. The reading party's id (buyerId / vendorId)
// always comes from the caller's credential; a subscription that is not theirs answers 404, never
// 403. WIRE FORMAT between services: change it with every side.

/**
 * A subscription's states (docs/business-rules.md, Renewal): `trialing` until the trial's first charge,
 * `active`, `past_due` while dunning retries run, `suspended` after the last failed retry (paying
 * reactivates it), `ended`.
 */
export const SUBSCRIPTION_STATES = ["trialing", "active", "past_due", "suspended", "ended"] as const;
export const SubscriptionState = z.enum(SUBSCRIPTION_STATES).meta({
  id: "SubscriptionState",
  description:
    "`trialing`: in its free trial, first charge at the trial's end; `active`; `past_due`: a renewal failed, retries run; " +
    "`suspended`: the last retry failed, paying the open period reactivates it; `ended`.",
});
export type SubscriptionState = z.infer<typeof SubscriptionState>;

/** The next charge of a subscription: the date (the buyer's zone), the instant and the amount. */
export const SubscriptionNextDue = z
  .object({
    period: z.number().int().min(0).meta({ description: "The period charged then (0 = the first)." }),
    on: CalendarDate.meta({ description: "The renewal date, in the buyer's time zone." }),
    at: Timestamp.meta({ description: "When it is due: the first instant of that date in the buyer's zone." }),
    amount: Money.meta({ description: "What the card will be charged (VAT included)." }),
  })
  .meta({ id: "SubscriptionNextDue" });

/** Where stopping a subscription's renewal stands. */
export const SubscriptionCancellationState = z
  .object({
    status: z.enum(["requested", "confirmed"]),
    lastDayOfService: CalendarDate.meta({ description: "The last day of service, in the buyer's zone." }),
    effectiveOn: CalendarDate.meta({ description: "The first renewal no longer charged (later with a commitment)." }),
    deferredByCommitment: z.boolean(),
    /** A request unconfirmed by then changes nothing; null once confirmed. */
    expiresAt: Timestamp.nullable(),
  })
  .meta({ id: "SubscriptionCancellationState" });
export type SubscriptionCancellationState = z.infer<typeof SubscriptionCancellationState>;

/** One subscription as a list shows it, and the head of its details. */
export const SubscriptionSummary = z
  .object({
    subscriptionId: Id,
    orderId: Id.meta({ description: "The accepted order that started it." }),
    lineId: Id.meta({ description: "The order line (one subscription per plan line)." }),
    buyer: z.object({ buyerId: Id, name: z.string(), kind: z.enum(["company", "individual"]) }),
    vendor: z.object({ vendorId: Id, legalName: z.string() }),
    productId: Id,
    productName: z.string(),
    planId: Id.meta({ description: "The plan version bought (the catalog gives each version its own id)." }),
    planName: z.string(),
    state: SubscriptionState,
    billingCycle: BillingCycle,
    anchor: CalendarDate.meta({
      description: "The anniversary anchor: the purchase date (or the trial's end) in the buyer's zone.",
    }),
    timeZone: z.string().meta({ description: "The buyer's IANA zone the dates are computed in." }),
    quantity: z.number().int().min(1),
    unitPrice: Money.meta({ description: "Per unit and period, before tax, as the plan version was bought." }),
    periodTotals: OrderTotals.meta({
      description:
        "What one period costs: before tax, VAT, total charged; `fee` is the marketplace's 3%, charged to the vendor.",
    }),
    vatTreatment: VatTreatment,
    commitmentMonths: z.number().int().min(0).meta({ description: "The committed term from the anchor (0 = none)." }),
    trialEndsOn: CalendarDate.nullable().meta({ description: "The trial's last day; null without a trial." }),
    cancellation: SubscriptionCancellationState.nullable().meta({
      description: "Stopping renewal: asked (`requested`, until `expiresAt`) or `confirmed`; null when it renews.",
    }),
    nextDue: SubscriptionNextDue.nullable().meta({ description: "null once nothing more will be charged." }),
    startedAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "SubscriptionSummary" });
export type SubscriptionSummary = z.infer<typeof SubscriptionSummary>;

export const SUBSCRIPTION_PERIOD_STATES = ["scheduled", "due", "failed", "paid"] as const;

/** One period of a subscription: its dates, amount and where its charge stands (the payment history). */
export const SubscriptionPeriod = z
  .object({
    number: z.number().int().min(0),
    startsOn: CalendarDate.meta({ description: "First day of service of the period, included." }),
    endsBefore: CalendarDate.meta({ description: "First day of the next period, excluded." }),
    amount: Money,
    state: z.enum(SUBSCRIPTION_PERIOD_STATES).meta({
      description:
        "`scheduled`: charged when due (a trial's first period); `due`: its due instant passed, the charge is on its way; " +
        "`failed`: the last attempt failed, retried as dunning says (or by paying it with a new card); `paid`.",
    }),
    dueAt: Timestamp,
    paidBy: z
      .enum(["order", "renewal"])
      .nullable()
      .meta({ description: "`order`: paid with the purchase (captured at acceptance); null until paid." }),
    paidAt: Timestamp.nullable(),
    /** payment's renewal charge that paid it (null when paid by the order, or unpaid). */
    paymentId: Id.nullable(),
    /**
     * The vendor's invoice of the period, downloadable by its number; null when paid by the order (the order's
     * invoice).
     */
    invoiceNumber: z.string().nullable(),
    failures: z.number().int().min(0).meta({ description: "Failed charge attempts of this period." }),
    lastFailure: z.object({ reason: z.string(), declineCode: z.string().nullable() }).nullable().meta({
      description: "Why the last attempt failed (`card-declined`, `authentication-required`, `no-saved-card`, …).",
    }),
  })
  .meta({ id: "SubscriptionPeriod" });
export type SubscriptionPeriod = z.infer<typeof SubscriptionPeriod>;

/** A subscription in full: its terms, next due date and amount, and its periods, newest first. */
export const SubscriptionDetails = SubscriptionSummary.extend({
  periods: z.array(SubscriptionPeriod),
}).meta({ id: "SubscriptionDetails" });
export type SubscriptionDetails = z.infer<typeof SubscriptionDetails>;

export const ListSubscriptionsQuery = PageQuery.extend({
  buyerId: Id.optional().meta({ description: "Only this buyer's subscriptions (storefront)." }),
  vendorId: Id.optional().meta({ description: "Only this vendor's subscriptions (vendor API)." }),
  orderId: Id.optional().meta({ description: "Only those started by this order (a purchase's details)." }),
  state: SubscriptionState.optional(),
  productId: Id.optional(),
});

const SubscriptionParams = z.object({ subscriptionId: Id });
/** Scopes a read to one party: with a buyerId or vendorId, a subscription that is not theirs is a 404. */
const SubscriptionScope = z.object({
  buyerId: Id.optional().meta({ description: "The buyer reading (storefront): 404 when it is not theirs." }),
  vendorId: Id.optional().meta({ description: "The vendor reading (vendor API): 404 when it is not theirs." }),
});

export const ListSubscriptions = defineEndpoint({
  method: "get",
  path: "/subscriptions",
  summary: "Subscriptions of a buyer, a vendor or an order, newest first, a page at a time",
  tags: ["subscriptions"],
  query: ListSubscriptionsQuery,
  response: { status: 200, schema: Page(SubscriptionSummary) },
});

export const GetSubscription = defineEndpoint({
  method: "get",
  path: "/subscriptions/:subscriptionId",
  summary: "A subscription in full: terms, state, next due date and amount, periods",
  tags: ["subscriptions"],
  params: SubscriptionParams,
  query: SubscriptionScope,
  response: { status: 200, schema: SubscriptionDetails },
  errors: [404],
});

/** The buyer acting (storefront): another buyer's subscription is a 404. */
const BuyerActing = z.object({ buyerId: Id });

/** What stopping renewal does, answered before it is confirmed (and once it is). */
export const CancellationAnswer = SubscriptionCancellationState.extend({
  subscriptionId: Id,
  amountNoLongerCharged: Money.meta({ description: "What each renewal from `effectiveOn` would have charged." }),
}).meta({ id: "CancellationAnswer" });
export type CancellationAnswer = z.infer<typeof CancellationAnswer>;

const CANCELLATION_REFUSALS =
  "409 `too-late-to-cancel` within 24 hours of the next due date (with `possibleFrom`, the date a cancellation " +
  "asked now would take effect), `already-cancelled`, `subscription-state-conflict` (`subscriptionState` says where it stands).";

export const RequestCancellation = defineEndpoint({
  method: "post",
  path: "/subscriptions/:subscriptionId/cancellation",
  summary:
    "Ask to stop renewal: answers the last day of service and the amount no longer charged, changing nothing yet",
  description:
    "Allowed until 24 hours before the next due date; with a commitment it takes effect at the end of the committed term. " +
    "The request lapses unconfirmed after an hour. " +
    CANCELLATION_REFUSALS,
  tags: ["subscriptions"],
  params: SubscriptionParams,
  body: BuyerActing,
  response: { status: 201, schema: CancellationAnswer },
  errors: [404, 409],
});

export const ConfirmCancellation = defineEndpoint({
  method: "post",
  path: "/subscriptions/:subscriptionId/cancellation/confirm",
  summary: "Confirm stopping renewal: nothing is charged from its date, service lasts until then",
  description:
    "Confirming twice answers the same. 409 `no-cancellation`, `cancellation-request-expired`, or " +
    CANCELLATION_REFUSALS,
  tags: ["subscriptions"],
  params: SubscriptionParams,
  body: BuyerActing,
  response: { status: 200, schema: CancellationAnswer },
  errors: [404, 409],
});

export const UndoCancellation = defineEndpoint({
  method: "delete",
  path: "/subscriptions/:subscriptionId/cancellation",
  summary: "Undo stopping renewal (until it takes effect): the subscription renews again",
  description: "409 `no-cancellation` when none was asked, `subscription-state-conflict` once ended.",
  tags: ["subscriptions"],
  params: SubscriptionParams,
  query: BuyerActing,
  response: { status: 200, schema: SubscriptionDetails },
  errors: [404, 409],
});

export const PayOpenPeriod = defineEndpoint({
  method: "post",
  path: "/subscriptions/:subscriptionId/payment",
  summary: "Pay the open period of a past-due or suspended subscription now, with the card saved last",
  description:
    "The charge runs at once in the background (its outcome is the period's state, and a suspended subscription paid " +
    "this way is reactivated on the same anchor). 409 `subscription-state-conflict` when nothing is open.",
  tags: ["subscriptions"],
  params: SubscriptionParams,
  body: BuyerActing,
  response: { status: 202, schema: SubscriptionDetails },
  errors: [404, 409],
});

/** Every endpoint of subscription's internal API. */
export const subscriptionEndpoints = [
  ListSubscriptions,
  GetSubscription,
  RequestCancellation,
  ConfirmCancellation,
  UndoCancellation,
  PayOpenPeriod,
] as const;
