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
 * An order's states (docs/business-rules.md, Ordering): transmitted (awaiting the vendor) → accepted →
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
/**
 * Scopes a read to one party: with a buyerId or vendorId, an order that is not theirs is a 404. Operators send neither.
 */
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

// ---------------------------------------------------------------------------------------------
// Disputes (issue 12): "product not as described, or vendor silent past the delay stated in its
// terms: the buyer opens a case with support; the operator mediates and can order a refund."
// A dispute lives with the order it is about: open → (the vendor answers) answered → resolved.

export const DISPUTE_REASONS = ["not-delivered", "not-as-described", "vendor-unresponsive"] as const;
export const DisputeReason = z.enum(DISPUTE_REASONS).meta({ id: "DisputeReason" });
export type DisputeReason = z.infer<typeof DisputeReason>;

export const DISPUTE_STATES = ["open", "answered", "resolved"] as const;
export const DisputeState = z.enum(DISPUTE_STATES).meta({
  id: "DisputeState",
  description:
    "`open`: the buyer's case awaits the vendor; `answered`: the vendor responded; `resolved`: an operator decided (final).",
});
export type DisputeState = z.infer<typeof DisputeState>;

export const DISPUTE_RESOLUTIONS = ["refunded-in-full", "partially-refunded", "rejected"] as const;
export const DisputeResolutionKind = z.enum(DISPUTE_RESOLUTIONS).meta({ id: "DisputeResolutionKind" });
export type DisputeResolutionKind = z.infer<typeof DisputeResolutionKind>;

/** What an attachment may be: checked on its bytes too (a PDF, PNG or JPEG signature), not only its declared type. */
export const DISPUTE_ATTACHMENT_MEDIA_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export const DISPUTE_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const DISPUTE_MAX_ATTACHMENTS = 5;

export const DisputeAttachment = z
  .object({
    attachmentId: Id,
    filename: z.string(),
    contentType: z.enum(DISPUTE_ATTACHMENT_MEDIA_TYPES),
    size: z.number().int().min(1).meta({ description: "In bytes." }),
  })
  .meta({ id: "DisputeAttachment" });
export type DisputeAttachment = z.infer<typeof DisputeAttachment>;

export const DISPUTE_ENTRY_KINDS = ["opened", "message", "response", "resolved"] as const;

/** One step of a dispute, oldest first: who, when, what, with the files it carried. Never changed once written. */
export const DisputeHistoryEntry = z
  .object({
    seq: z.number().int().min(1),
    kind: z.enum(DISPUTE_ENTRY_KINDS).meta({
      description:
        "`opened` by the buyer; `message`: the buyer adds to its case; `response`: the vendor answers; `resolved` by an operator.",
    }),
    at: Timestamp,
    actor: OrderActor,
    message: z.string().nullable().meta({ description: "The text; for `resolved`, the rejection reason if any." }),
    attachments: z.array(DisputeAttachment),
  })
  .meta({ id: "DisputeHistoryEntry" });
export type DisputeHistoryEntry = z.infer<typeof DisputeHistoryEntry>;

export const DisputeResolution = z
  .object({
    kind: DisputeResolutionKind,
    refund: z
      .object({ refundId: Id, amount: Money })
      .nullable()
      .meta({ description: "The refund payment made (null when rejected)." }),
    reason: z.string().nullable().meta({ description: "Why it was rejected." }),
    resolvedAt: Timestamp,
    by: OrderActor,
  })
  .meta({ id: "DisputeResolution" });
export type DisputeResolution = z.infer<typeof DisputeResolution>;

export const DisputeSummary = z
  .object({
    disputeId: Id,
    orderId: Id,
    purchaseOrderNumber: z.string(),
    buyer: z.object({ buyerId: Id, name: z.string() }),
    vendor: z.object({ vendorId: Id, legalName: z.string() }),
    reason: DisputeReason,
    state: DisputeState,
    resolution: DisputeResolutionKind.nullable(),
    openedAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "DisputeSummary" });
export type DisputeSummary = z.infer<typeof DisputeSummary>;

export const Dispute = DisputeSummary.omit({ resolution: true })
  .extend({
    /** The order's total, what a refund is measured against (payment knows what was captured and refunded). */
    orderTotal: Money,
    resolution: DisputeResolution.nullable(),
    history: z.array(DisputeHistoryEntry),
  })
  .meta({ id: "Dispute" });
export type Dispute = z.infer<typeof Dispute>;

const DisputeMessage = z.string().trim().min(1).max(5000);
const AttachmentIds = z
  .array(Id)
  .max(DISPUTE_MAX_ATTACHMENTS)
  .default([])
  .meta({
    description: `Up to ${DISPUTE_MAX_ATTACHMENTS} files uploaded first to the order's dispute attachments by the same party, not yet used.`,
  });

export const OpenDisputeInput = z
  .object({ reason: DisputeReason, message: DisputeMessage, attachmentIds: AttachmentIds })
  .meta({ id: "OpenDisputeInput" });
export const DisputeMessageInput = z
  .object({ message: DisputeMessage, attachmentIds: AttachmentIds })
  .meta({ id: "DisputeMessageInput" });

/** The operator's decision: a refund goes through payment (0 < a partial amount < what is still refundable). */
export const DisputeDecision = z
  .discriminatedUnion("decision", [
    z.object({ decision: z.literal("refund-in-full") }),
    z.object({ decision: z.literal("partial-refund"), amount: Money }),
    z.object({ decision: z.literal("rejected"), reason: z.string().trim().min(1).max(2000) }),
  ])
  .meta({ id: "DisputeDecision" });
export type DisputeDecision = z.infer<typeof DisputeDecision>;

export const ListDisputesQuery = PageQuery.extend({
  buyerId: Id.optional().meta({ description: "Only this buyer's disputes (storefront)." }),
  vendorId: Id.optional().meta({ description: "Only this vendor's disputes (vendor API)." }),
  orderId: Id.optional(),
  state: DisputeState.optional(),
});

const DisputeParams = z.object({ disputeId: Id });
const DisputeScope = OrderScope;
const BuyerId = Id.meta({ description: "The buyer acting (from the storefront credential): 404 when not theirs." });

export const OpenDispute = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/disputes",
  summary: "The buyer opens a dispute on a transmitted (or overdue), accepted or delivered order",
  description:
    "One dispute not yet resolved per order (409 `dispute-already-open`); a refused or cancelled order cannot have one " +
    "(409 `order-not-disputable`). Attachments not the buyer's, unknown or already used: 422 `unknown-dispute-attachment`. " +
    "With an Idempotency-Key, the same call again answers the dispute it opened (another body: 409 `idempotency-key-reused`).",
  tags: ["disputes"],
  params: OrderParams,
  body: OpenDisputeInput.extend({ buyerId: BuyerId }),
  idempotencyKey: "optional",
  response: { status: 201, schema: Dispute },
  errors: [404, 409, 422],
});

export const ListDisputes = defineEndpoint({
  method: "get",
  path: "/disputes",
  summary: "Disputes of a buyer, of a vendor, or all of them (operators), latest opened first",
  tags: ["disputes"],
  query: ListDisputesQuery,
  response: { status: 200, schema: Page(DisputeSummary) },
});

export const GetDispute = defineEndpoint({
  method: "get",
  path: "/disputes/:disputeId",
  summary: "A dispute with its history",
  tags: ["disputes"],
  params: DisputeParams,
  query: DisputeScope,
  response: { status: 200, schema: Dispute },
  errors: [404],
});

export const AddDisputeMessage = defineEndpoint({
  method: "post",
  path: "/disputes/:disputeId/messages",
  summary: "The buyer adds a message (and files) to its dispute while it is not resolved",
  tags: ["disputes"],
  params: DisputeParams,
  body: DisputeMessageInput.extend({ buyerId: BuyerId }),
  idempotencyKey: "optional",
  response: { status: 201, schema: Dispute },
  errors: [404, 409, 422],
});

export const RespondToDispute = defineEndpoint({
  method: "post",
  path: "/disputes/:disputeId/responses",
  summary: "The vendor answers a dispute (and may answer again) while it is not resolved",
  tags: ["disputes"],
  params: DisputeParams,
  body: DisputeMessageInput.extend({ vendorId: VendorId }),
  idempotencyKey: "optional",
  response: { status: 201, schema: Dispute },
  errors: [404, 409, 422],
});

export const ResolveDispute = defineEndpoint({
  method: "post",
  path: "/disputes/:disputeId/resolve",
  summary: "An operator resolves a dispute: refund in full, refund in part, or reject",
  description:
    "A refund goes through payment's refund endpoint with an Idempotency-Key derived from the dispute, so a repeated or " +
    "concurrent resolve never refunds twice. Resolved already: 409 `dispute-already-resolved`; a partial amount not " +
    "strictly between 0 and what is still refundable: 422 `refund-amount-out-of-range`; nothing refundable (not captured " +
    "or refunded already): 409 `nothing-to-refund`; payment unreachable or its processor down: 502/503, retry.",
  tags: ["disputes"],
  params: DisputeParams,
  body: z.intersection(
    z.object({ operatorId: Id.meta({ description: "The operator deciding (from the back-office credential)." }) }),
    DisputeDecision,
  ),
  response: { status: 200, schema: Dispute },
  errors: [404, 409, 422, 502, 503, 504],
});

export const UploadDisputeAttachment = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/dispute-attachments",
  summary: "Upload one file (PDF, PNG or JPEG, 5 MB at most) to attach to a dispute message of this order",
  description:
    "The buyer (`buyerId`) or the vendor (`vendorId`) of the order uploads; the answer's `attachmentId` then goes in " +
    "`attachmentIds` of the message that carries it. Bytes that are not a PDF, PNG or JPEG: 422 `unsupported-attachment`.",
  tags: ["disputes"],
  params: OrderParams,
  body: OrderScope,
  upload: { field: "file", maxBytes: DISPUTE_ATTACHMENT_MAX_BYTES },
  response: { status: 201, schema: DisputeAttachment },
  errors: [404, 413, 415, 422],
});

export const DownloadDisputeAttachment = defineEndpoint({
  method: "get",
  path: "/disputes/:disputeId/attachments/:attachmentId",
  summary: "A file attached to a dispute",
  tags: ["disputes"],
  params: DisputeParams.extend({ attachmentId: Id }),
  query: DisputeScope,
  response: { status: 200, file: { contentTypes: DISPUTE_ATTACHMENT_MEDIA_TYPES } },
  errors: [404],
});

/** The dispute endpoints of order's internal API. */
export const disputeEndpoints = [
  OpenDispute,
  ListDisputes,
  GetDispute,
  AddDisputeMessage,
  RespondToDispute,
  ResolveDispute,
  UploadDisputeAttachment,
  DownloadDisputeAttachment,
] as const;
