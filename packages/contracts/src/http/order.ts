import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Page, PageQuery } from "./common.js";
import { CalendarDate, Id, Money, Timestamp } from "../common/primitives.js";
import { BuyerSnapshot, OrderLine, OrderTotals, VatTreatment, VendorSnapshot } from "../common/order-terms.js";

// order's internal API (not public): storefront-gateway shows a buyer's purchases and lets it
// cancel an overdue order, vendor-api lists, accepts, refuses and delivers a vendor's orders,
// backoffice-api lists overdue orders. The acting party's id (buyerId / vendorId) always comes
// from the caller's credential; an order that is not theirs answers 404, never 403.
// WIRE FORMAT between services: change it with every side.

/**
 * An order's states (DOMAIN.md, Ordering): transmitted (awaiting the vendor) → accepted →
 * delivered; transmitted → refused; transmitted → overdue (48 h) → accepted (late) | cancelled;
 * transmitted | overdue → cancelled automatically 5 days after transmission; transmitted | overdue |
 * accepted | delivered → withdrawn (the buyer's legal withdrawal, 7 or 14 days).
 */
export const ORDER_STATES = [
  "transmitted",
  "overdue",
  "accepted",
  "refused",
  "cancelled",
  "delivered",
  "withdrawn",
] as const;
export const OrderState = z.enum(ORDER_STATES).meta({
  id: "OrderState",
  description:
    "`transmitted`: awaiting the vendor's answer; `overdue`: unanswered 48 h after transmission (the buyer may cancel); " +
    "`accepted`; `refused`; `cancelled` (by the buyer once overdue, or automatically 5 days after transmission); `delivered`; " +
    "`withdrawn` (the buyer withdrew within the legal period: authorization released, or refunded in full).",
});
export type OrderState = z.infer<typeof OrderState>;

export const ORDER_DOCUMENT_KINDS = ["purchase-order", "invoice"] as const;
export const OrderDocumentKind = z.enum(ORDER_DOCUMENT_KINDS).meta({
  id: "OrderDocumentKind",
  description:
    "`purchase-order`: issued in the vendor's name at transmission; `invoice`: issued by the vendor at delivery.",
});
export type OrderDocumentKind = z.infer<typeof OrderDocumentKind>;

export const OrderActor = z
  .object({
    kind: z.enum(["buyer", "vendor", "operator", "system"]),
    id: z
      .string()
      .nullable()
      .meta({ description: "The buyer, vendor or operator id; null for the system (timers, the checkout)." }),
  })
  .meta({ id: "OrderActor" });
export type OrderActor = z.infer<typeof OrderActor>;

/** One transition of an order, oldest first in `timeline`. The first entry is the transmission (from null). */
export const OrderTimelineEntry = z
  .object({
    from: OrderState.nullable(),
    to: OrderState,
    at: Timestamp,
    actor: OrderActor,
    note: z
      .string()
      .nullable()
      .meta({ description: "Why: the refusal reason, `accepted late`, `expired-unanswered`, …" }),
  })
  .meta({ id: "OrderTimelineEntry" });
export type OrderTimelineEntry = z.infer<typeof OrderTimelineEntry>;

export const OrderDocumentSummary = z
  .object({
    kind: OrderDocumentKind,
    number: z.string().meta({
      description: "The purchase order number or the invoice number (per vendor, sequential, e.g. `NUAG-2026-000001`).",
    }),
    issuedAt: Timestamp,
  })
  .meta({ id: "OrderDocumentSummary" });

export const OrderDelivery = z
  .object({
    accessUrl: z.string(),
    instructions: z.string(),
    deliveredAt: Timestamp,
    by: OrderActor,
  })
  .meta({ id: "OrderDelivery" });

/** The deadlines of an order, all computed at transmission. */
export const OrderDeadlines = z
  .object({
    /** transmittedAt + 24 h: the vendor is reminded if it has not answered. */
    reminderAt: Timestamp,
    /** transmittedAt + 48 h: past it the order is overdue and the buyer may cancel. */
    validationDueAt: Timestamp,
    /** transmittedAt + 5 days: an unanswered order is cancelled automatically. */
    autoCancelAt: Timestamp,
  })
  .meta({ id: "OrderDeadlines" });

/** An order in full: "My purchases > More details", the vendor's order page. */
export const OrderDetails = z
  .object({
    orderId: Id,
    checkoutId: Id,
    paymentId: Id,
    state: OrderState,
    purchaseOrderNumber: z.string(),
    invoiceNumber: z.string().nullable().meta({ description: "Set once delivered." }),
    buyer: BuyerSnapshot,
    vendor: VendorSnapshot.meta({ description: "The vendor as it was at checkout, with its public contact." }),
    lines: z.array(OrderLine),
    vatTreatment: VatTreatment,
    totals: OrderTotals.meta({
      description: "`fee` is the marketplace's 3% transaction fee, charged to the vendor, not the buyer.",
    }),
    transmittedAt: Timestamp,
    deadlines: OrderDeadlines,
    remindedAt: Timestamp.nullable().meta({ description: "When the vendor was reminded (24 h), if it was." }),
    acceptedLate: z.boolean().meta({ description: "Accepted after the order became overdue." }),
    refusalReason: z.string().nullable(),
    cancellationReason: z.enum(["buyer-cancelled-overdue", "expired-unanswered"]).nullable(),
    delivery: OrderDelivery.nullable().meta({ description: "Set once delivered." }),
    documents: z.array(OrderDocumentSummary).meta({ description: "The documents available for download." }),
    timeline: z.array(OrderTimelineEntry),
    updatedAt: Timestamp,
  })
  .meta({ id: "OrderDetails" });
export type OrderDetails = z.infer<typeof OrderDetails>;

/** One order in a list. */
export const OrderSummary = z
  .object({
    orderId: Id,
    checkoutId: Id,
    state: OrderState,
    purchaseOrderNumber: z.string(),
    buyer: z.object({ buyerId: Id, name: z.string(), kind: z.enum(["company", "individual"]) }),
    vendor: z.object({ vendorId: Id, legalName: z.string() }),
    lines: z.array(z.object({ productName: z.string(), planName: z.string(), quantity: z.number().int() })),
    total: Money,
    transmittedAt: Timestamp,
    deadlines: OrderDeadlines,
    updatedAt: Timestamp,
  })
  .meta({ id: "OrderSummary" });
export type OrderSummary = z.infer<typeof OrderSummary>;

const Bool = z.enum(["true", "false"]).transform((value) => value === "true");

export const ListOrdersQuery = PageQuery.extend({
  buyerId: Id.optional().meta({ description: "Only this buyer's orders (storefront)." }),
  vendorId: Id.optional().meta({ description: "Only this vendor's orders (vendor API)." }),
  state: OrderState.optional(),
  overdue: Bool.optional().meta({
    description: "`true`: only orders in state `overdue` (past their 48 h, unanswered); `false`: the others.",
  }),
  deadlineBefore: Timestamp.optional().meta({
    description: "Only orders whose validation deadline (48 h) is before this instant.",
  }),
  sort: z.enum(["newest", "validation-deadline"]).default("newest").meta({
    description:
      "`newest`: latest transmitted first; `validation-deadline`: the most urgent validation deadline first (vendors).",
  }),
});

const OrderParams = z.object({ orderId: Id });
/** Scopes a read to one party: with a buyerId or vendorId, an order that is not theirs is a 404. Operators send neither. */
const OrderScope = z.object({
  buyerId: Id.optional().meta({ description: "The buyer reading (storefront): 404 when the order is not theirs." }),
  vendorId: Id.optional().meta({ description: "The vendor reading (vendor API): 404 when the order is not theirs." }),
});
const VendorId = Id.meta({
  description: "The vendor acting (from the vendor API credential): 404 when the order is not theirs.",
});

export const ListOrders = defineEndpoint({
  method: "get",
  path: "/orders",
  summary: "Orders of a buyer or a vendor, or every overdue order (operators), a page at a time",
  tags: ["orders"],
  query: ListOrdersQuery,
  response: { status: 200, schema: Page(OrderSummary) },
});

export const GetOrder = defineEndpoint({
  method: "get",
  path: "/orders/:orderId",
  summary: "An order in full: lines, totals, VAT, vendor contact, state, deadlines, timeline, documents, delivery",
  tags: ["orders"],
  params: OrderParams,
  query: OrderScope,
  response: { status: 200, schema: OrderDetails },
  errors: [404],
});

export const AcceptOrder = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/accept",
  summary: "The vendor accepts a transmitted or overdue order (its payment is then captured)",
  tags: ["orders"],
  params: OrderParams,
  body: z.object({ vendorId: VendorId }),
  response: { status: 200, schema: OrderDetails },
  errors: [404, 409],
});

export const RefuseOrder = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/refuse",
  summary: "The vendor refuses a transmitted order, with a reason (the buyer's authorization is released)",
  tags: ["orders"],
  params: OrderParams,
  body: z.object({ vendorId: VendorId, reason: z.string().trim().min(1).max(2000) }),
  response: { status: 200, schema: OrderDetails },
  errors: [404, 409],
});

export const DeliverOrder = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/deliver",
  summary: "The vendor delivers an accepted order (access URL, instructions); its invoice is issued",
  tags: ["orders"],
  params: OrderParams,
  body: z.object({
    vendorId: VendorId,
    accessUrl: z.url().max(2000),
    instructions: z.string().trim().min(1).max(10_000),
  }),
  response: { status: 200, schema: OrderDetails },
  errors: [404, 409],
});

export const CancelOrder = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/cancel",
  summary: "The buyer cancels an overdue order (vendor silent past 48 h); 409 before, saying when it becomes possible",
  tags: ["orders"],
  params: OrderParams,
  body: z.object({ buyerId: Id.meta({ description: "The buyer acting (from the storefront credential)." }) }),
  response: { status: 200, schema: OrderDetails },
  errors: [404, 409],
});

export const DownloadOrderDocument = defineEndpoint({
  method: "get",
  path: "/orders/:orderId/documents/:kind",
  summary: "An order's purchase order or invoice (PDF); the invoice exists once delivered",
  tags: ["documents"],
  params: OrderParams.extend({ kind: OrderDocumentKind }),
  query: OrderScope,
  response: { status: 200, file: { contentTypes: ["application/pdf"] } },
  errors: [404],
});

/**
 * A renewal's invoice: issued by the vendor for one paid period of a subscription, numbered on the
 * vendor's invoice sequence (the same gapless per-vendor, per-year sequence as the orders'
 * invoices), its buyer, seller and VAT treatment those of the order that started the subscription.
 */
export const RenewalInvoice = z
  .object({
    invoiceId: Id,
    orderId: Id,
    subscriptionId: Id,
    lineId: Id,
    periodNumber: z.number().int().min(0),
    periodStartsOn: CalendarDate,
    periodEndsBefore: CalendarDate,
    number: z.string().meta({ description: "On the vendor's invoice sequence, e.g. `NUAG-2027-000042`." }),
    totals: OrderTotals,
    paymentId: Id,
    paidAt: Timestamp,
    issuedAt: Timestamp,
  })
  .meta({ id: "RenewalInvoice" });
export type RenewalInvoice = z.infer<typeof RenewalInvoice>;

export const RenewalInvoiceInput = z
  .object({
    subscriptionId: Id,
    /** The order line the subscription renews (one subscription per plan line). */
    lineId: Id,
    /** 0 is a trial's first period (charged at the trial's end); n ≥ 1 the n-th renewal. */
    period: z.object({ number: z.number().int().min(0), startsOn: CalendarDate, endsBefore: CalendarDate }),
    /** What the period's charge moved: one period of the line at the price bought, VAT once. */
    totals: OrderTotals,
    /** payment's renewal charge that paid the period. */
    paymentId: Id,
    paidAt: Timestamp,
  })
  .meta({ id: "RenewalInvoiceInput" });
export type RenewalInvoiceInput = z.infer<typeof RenewalInvoiceInput>;

export const IssueRenewalInvoice = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/renewal-invoices",
  summary: "Issue the vendor's invoice of a paid renewal period (subscription service only)",
  description:
    "The number is taken on the vendor's invoice sequence in the same transaction that stores the PDF, so numbers never " +
    "skip nor repeat. The same Idempotency-Key (the period's charge key) answers the same invoice; another body with it: " +
    "409 `idempotency-key-reused`. A line that is not in the order: 422 `unknown-order-line`.",
  tags: ["documents"],
  params: OrderParams,
  body: RenewalInvoiceInput,
  response: { status: 201, schema: RenewalInvoice },
  errors: [404, 409, 422],
  idempotencyKey: true,
});

export const DownloadRenewalInvoice = defineEndpoint({
  method: "get",
  path: "/orders/:orderId/renewal-invoices/:number",
  summary: "A renewal's invoice (PDF), by its number on the vendor's sequence",
  description:
    "Scoped like the order's documents: with a buyerId or vendorId, another party's order or invoice is a 404, as for " +
    "one that does not exist.",
  tags: ["documents"],
  params: OrderParams.extend({
    number: z
      .string()
      .regex(/^[A-Z0-9]{1,8}-\d{4}-\d{6,}$/, "an invoice number, e.g. NUAG-2027-000042")
      .meta({ description: "The invoice number, e.g. `NUAG-2027-000042`." }),
  }),
  query: OrderScope,
  response: { status: 200, file: { contentTypes: ["application/pdf"] } },
  errors: [404],
});

export const WithdrawOrder = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/withdrawal",
  summary: "The buyer withdraws from an order within the legal period (7 days for a company, 14 for an individual)",
  description:
    "Counted in calendar days from the order's date in the buyer's zone (day 0 = the order's day, the last day until " +
    "midnight their time). Before capture the authorization is released; after capture the buyer is refunded in full " +
    "and the order's subscriptions end at once. Withdrawing again answers the order as it is. Later: 409 " +
    "`withdrawal-period-ended` with `lastDay`; a refused or cancelled order: 409 `order-state-conflict`.",
  tags: ["orders"],
  params: OrderParams,
  body: z.object({ buyerId: Id.meta({ description: "The buyer acting (from the storefront credential)." }) }),
  response: { status: 200, schema: OrderDetails },
  errors: [404, 409],
});

/** Every endpoint of order's internal API. */
export const orderEndpoints = [
  ListOrders,
  GetOrder,
  AcceptOrder,
  RefuseOrder,
  DeliverOrder,
  CancelOrder,
  DownloadOrderDocument,
  IssueRenewalInvoice,
  DownloadRenewalInvoice,
  WithdrawOrder,
] as const;
