import { z } from "zod";
import { IanaTimeZone, Id, LegalForm, Money, PublicContact, ShareCapital } from "./primitives.js";
import { Address } from "./address.js";
import { BillingCycle } from "./catalog-taxonomy.js";

// WIRE FORMAT: what a checkout freezes and every later step (payment, order, documents, payouts)
// reads without calling back: the buyer and vendor as they were, the lines at their snapshotted
// prices, the VAT treatment and the fee. Renaming a field needs a new version of every event
// that carries it.

/**
 * The zone a buyer's business dates are computed in when its profile names none (the platform is
 * French): subscriptions' anchors and due dates, the withdrawal period's days.
 */
export const DEFAULT_TIME_ZONE = "Europe/Paris";

/** The buyer as invoices and VAT need it, frozen at checkout. */
export const BuyerSnapshot = z.object({
  buyerId: Id,
  kind: z.enum(["company", "individual"]),
  /** Company legal name or the individual's name. */
  name: z.string().min(1).max(200),
  email: z.email(),
  locale: z.enum(["fr", "en"]),
  registrationNumber: z.string().max(64).nullable(),
  vatNumber: z.string().max(32).nullable(),
  address: Address.nullable(),
  /** ISO 3166-1 alpha-2 country VAT was decided for. */
  country: z.string().length(2),
  /**
   * The buyer's IANA time zone, when its profile names one: a subscription's anchor and due dates
   * are computed there. Optional (an additive change within v1 of every event carrying the
   * snapshot, see the README's versioning rules): absent, consumers use Europe/Paris.
   */
  timeZone: IanaTimeZone.optional(),
});
export type BuyerSnapshot = z.infer<typeof BuyerSnapshot>;

/**
 * The vendor as the buyer sees it on documents and emails, frozen at checkout. The identity an
 * invoice needs (registration and VAT numbers, registered address) is null only for vendors
 * approved before vendor.approved carried it.
 */
export const VendorSnapshot = z.object({
  vendorId: Id,
  legalName: z.string().min(1).max(200),
  publicContact: PublicContact,
  registrationNumber: z.string().nullable(),
  vatNumber: z.string().nullable(),
  registeredAddress: Address.nullable(),
  /**
   * The company's legal form (SAS, SARL…) and share capital, which French invoices print. Optional:
   * absent for vendors that did not give them and from snapshots frozen before they travelled.
   */
  legalForm: LegalForm.optional(),
  shareCapital: ShareCapital.optional(),
});
export type VendorSnapshot = z.infer<typeof VendorSnapshot>;

/** One line of an order: a plan version at the price the buyer saw, times a quantity. */
export const OrderLine = z.object({
  lineId: Id,
  productId: Id,
  productName: z.string(),
  planId: Id,
  planName: z.string(),
  billingCycle: BillingCycle,
  commitmentMonths: z.number().int().min(0),
  trialDays: z.number().int().min(0),
  quantity: z.number().int().min(1),
  unitPrice: Money,
  /**
   * What this order charges for the line, before tax: unitPrice × quantity, or zero for a plan with
   * a free trial (its subscription charges the first period at the trial's end).
   */
  amount: Money,
});
export type OrderLine = z.infer<typeof OrderLine>;

/**
 * How VAT applies to an order (the one rule: packages/pricing): French VAT at 20% for French
 * buyers and EU individuals, reverse charge (0%, with its legal mention) for EU companies with a
 * VAT number outside France, outside the scope of EU VAT (0%) beyond the EU.
 */
export const VatTreatment = z.object({
  kind: z.enum(["standard", "reverse-charge", "outside-eu"]),
  /** In basis points: 2000 = 20%. */
  rateBasisPoints: z.number().int().min(0).max(10_000),
  /** The sentence documents must carry (reverse charge: Article 196 of Directive 2006/112/EC); null when none. */
  mention: z.string().nullable(),
});
export type VatTreatment = z.infer<typeof VatTreatment>;

/** Totals of one vendor order. fee = the marketplace's 3% transaction fee, charged to the vendor. */
export const OrderTotals = z.object({
  subtotal: Money,
  vat: Money,
  total: Money,
  fee: Money,
});
export type OrderTotals = z.infer<typeof OrderTotals>;

/** One vendor's share of a checkout: it becomes one order, authorized and captured on its own. */
export const VendorOrderDraft = z.object({
  /** Assigned at checkout; the order keeps it as its id, payment keys its authorization by it. */
  orderId: Id,
  vendor: VendorSnapshot,
  lines: z.array(OrderLine).min(1),
  vatTreatment: VatTreatment,
  totals: OrderTotals,
});
export type VendorOrderDraft = z.infer<typeof VendorOrderDraft>;
