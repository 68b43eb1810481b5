import { z } from "zod";
import { CalendarDate, Id, Money } from "../../common/primitives.js";
import { BillingCycle } from "../../common/catalog-taxonomy.js";
import { BuyerSnapshot, VatTreatment, VendorSnapshot } from "../../common/order-terms.js";

/**
 * A subscription as every subscription event carries it (event-carried state): who, what, on which
 * terms and where it stands, so notification, payment and the ledger act without calling back. The
 * terms are copied from the accepted order line (the plan version as bought) and never change.
 */
export const SubscriptionFacts = z.object({
  subscriptionId: Id,
  /** The order and line that started it (one subscription per plan line of an accepted order). */
  orderId: Id,
  lineId: Id,
  buyer: BuyerSnapshot,
  vendor: VendorSnapshot,
  productId: Id,
  productName: z.string(),
  planId: Id,
  planName: z.string(),
  billingCycle: BillingCycle,
  /** The anniversary anchor: the purchase date (or the trial's end) in the buyer's zone. */
  anchor: CalendarDate,
  /** The buyer's IANA zone: renewals are due at the first instant of their date there. */
  timeZone: z.string().min(1).max(64),
  unitPrice: Money,
  quantity: z.number().int().min(1),
  vatTreatment: VatTreatment,
  /** The committed term from the anchor, in months (0 = none). */
  commitmentMonths: z.number().int().min(0),
  state: z.enum(["trialing", "active", "past_due", "suspended", "ended"]),
});
export type SubscriptionFacts = z.infer<typeof SubscriptionFacts>;
