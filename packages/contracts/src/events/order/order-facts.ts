import { z } from "zod";
import { Id, Timestamp } from "../../common/primitives.js";
import { BuyerSnapshot, VendorOrderDraft } from "../../common/order-terms.js";

/**
 * An order as every order event carries it (event-carried state): who, what, how much, and its
 * deadlines, so notification, payment and payouts act without calling back.
 */
export const OrderFacts = VendorOrderDraft.extend({
  checkoutId: Id,
  /**
   * The purchase order's number (PO-…), the one reference people use for the order in every email
   * and document. Optional in v1: events recorded before it travelled lack it (fall back to orderId).
   */
  purchaseOrderNumber: z.string().min(1).max(64).optional(),
  buyer: BuyerSnapshot,
  paymentId: Id,
  transmittedAt: Timestamp,
  /** transmittedAt + 24 h: the vendor is reminded if it has not answered. */
  reminderAt: Timestamp,
  /** transmittedAt + 48 h: past it the order is overdue. */
  validationDueAt: Timestamp,
  /** transmittedAt + 5 days: an order still unanswered is cancelled automatically. */
  autoCancelAt: Timestamp,
});
export type OrderFacts = z.infer<typeof OrderFacts>;
