import type { BuyerSnapshot, CartLine, FieldIssue, OrderTotals, VendorOrderDraft } from "@mkt/contracts";
import { sumTotals } from "@mkt/pricing";
import { buyerSnapshotOf } from "./buyer.js";
import { cartLines, chargedAtCheckout, pricedGroups, type CartState } from "./cart-view.js";

// What a checkout freezes (contracts' CartCheckoutSubmittedV1): the buyer, one draft order per
// vendor (pricing's VAT treatment, totals and 3% fee), the sum the card is charged.

export interface CheckoutPlan {
  buyer: BuyerSnapshot;
  orders: VendorOrderDraft[];
  totals: OrderTotals;
  itemIds: string[];
}

export type CheckoutDecision =
  | { kind: "ready"; plan: CheckoutPlan }
  | { kind: "empty" }
  | { kind: "lines-unavailable"; errors: FieldIssue[] }
  | { kind: "buyer-unknown" };

/**
 * One free trial per buyer per solution (docs/business-rules.md, Trials): a line whose plan has trial days, of a
 * solution whose trial the buyer already had, cannot be bought as it is.
 */
export function secondTrials(lines: readonly CartLine[], trialsUsed: ReadonlySet<string>): FieldIssue[] {
  return lines
    .filter((line) => line.trialDays > 0 && trialsUsed.has(line.productId))
    .map((line) => ({
      path: `items.${line.id}`,
      message: `You already had the free trial of ${line.productName}: a solution's trial is granted once per buyer.`,
    }));
}

/**
 * Decides whether a cart can be paid as it is and, if so, its drafts. Every line must be
 * buyable (one `items.<itemId>` issue per line that is not, saying why and naming the newer plan
 * when superseded); the buyer must be known (VAT and documents need its profile). `newOrderId`
 * mints each draft's order id (the order keeps it; payment keys its authorization by it).
 */
export function decideCheckout(state: CartState, newOrderId: () => string): CheckoutDecision {
  if (state.items.length === 0) return { kind: "empty" };
  const lines = cartLines(state);
  const errors = lines
    .filter((line) => line.availability.status === "unavailable")
    .map((line) => ({ path: `items.${line.id}`, message: line.availability.message ?? "This line cannot be bought." }));
  errors.push(...secondTrials(lines, state.trialsUsed ?? new Set()));
  if (errors.length > 0) return { kind: "lines-unavailable", errors };
  if (!state.buyer) return { kind: "buyer-unknown" };
  const buyer = state.buyer;

  const orders = pricedGroups(lines, buyer).map((group): VendorOrderDraft => {
    const first = group.lines[0]!;
    const vendor = state.catalog.get(first.productId)!.product.vendor;
    return {
      orderId: newOrderId(),
      vendor: {
        vendorId: group.vendorId,
        legalName: vendor.legalName,
        publicContact: vendor.publicContact,
        registrationNumber: vendor.registrationNumber ?? null,
        vatNumber: vendor.vatNumber ?? null,
        registeredAddress: vendor.registeredAddress ?? null,
        ...(vendor.legalForm ? { legalForm: vendor.legalForm } : {}),
        ...(vendor.shareCapital ? { shareCapital: vendor.shareCapital } : {}),
      },
      lines: group.lines.map((line) => ({
        lineId: line.id,
        productId: line.productId,
        productName: line.productName,
        planId: line.planId,
        planName: line.planName,
        billingCycle: line.billingCycle,
        commitmentMonths: line.commitmentMonths,
        trialDays: line.trialDays,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        amount: chargedAtCheckout(line) ? line.amount : { amount: 0, currency: line.amount.currency },
      })),
      vatTreatment: group.vatTreatment,
      totals: group.totals,
    };
  });
  return {
    kind: "ready",
    plan: {
      buyer: buyerSnapshotOf(buyer),
      orders,
      totals: sumTotals(orders.map((order) => order.totals)),
      itemIds: lines.map((line) => line.id),
    },
  };
}
