import type { Cart, CartLine, Money, OrderTotals, VatTreatment } from "@mkt/contracts";
import { lineAmount, orderTotals, splitByVendor, sumTotals, vatTreatmentFor } from "@mkt/pricing";
import { availabilityOf } from "./availability.js";
import { findPlan, type CatalogView } from "./catalog.js";
import { vatBuyerOf, type BuyerInfo } from "./buyer.js";

/** A cart line as stored: a plan at its snapshotted unit price. */
export interface CartItem {
  id: string;
  planId: string;
  productId: string;
  vendorId: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  addedAt: Date;
}

export const DEFAULT_CURRENCY = "EUR";

export interface CartState {
  buyerId: string;
  /** In the cart's order (position). */
  items: readonly CartItem[];
  catalog: CatalogView;
  buyer: BuyerInfo | null;
  pendingCheckoutId: string | null;
  /** The solutions (product ids) whose free trial this buyer already had; unset: none known. */
  trialsUsed?: ReadonlySet<string>;
}

/** One vendor's available lines with their VAT and totals: what becomes one order. */
export interface PricedGroup {
  vendorId: string;
  lines: CartLine[];
  vatTreatment: VatTreatment;
  totals: OrderTotals;
}

/** Every line with its availability, in the cart's order. Every line's plan must be in `catalog`. */
export function cartLines(state: Pick<CartState, "items" | "catalog">): CartLine[] {
  return state.items.map((item) => {
    const entry = state.catalog.get(item.productId);
    const plan = findPlan(state.catalog, item.productId, item.planId);
    if (!entry || !plan)
      throw new Error(
        `cart line ${item.id}: plan ${item.planId} of product ${item.productId} is missing from the catalog projection`,
      );
    const unitPrice: Money = { amount: item.unitPriceCents, currency: item.currency };
    return {
      id: item.id,
      productId: item.productId,
      productName: entry.product.name,
      planId: item.planId,
      planName: plan.name,
      billingCycle: plan.billingCycle,
      commitmentMonths: plan.commitmentMonths,
      trialDays: plan.trialDays,
      vendor: { id: item.vendorId, legalName: entry.product.vendor.legalName },
      unitPrice,
      quantity: item.quantity,
      amount: lineAmount({ unitPrice, quantity: item.quantity }),
      availability: availabilityOf(entry, plan),
      addedAt: item.addedAt.toISOString(),
    };
  });
}

/**
 * Whether checkout charges the line: a plan with a free trial is paid by its subscription at the
 * trial's end (docs/business-rules.md, Trials), so its checkout authorizes nothing for it and only keeps the card.
 */
export function chargedAtCheckout(line: Pick<CartLine, "trialDays">): boolean {
  return line.trialDays === 0;
}

/**
 * The available lines split by vendor (stable order: @mkt/pricing), each priced with the buyer's
 * VAT; the totals are what the checkout charges now, so a trial line is listed but not counted.
 */
export function pricedGroups(lines: readonly CartLine[], buyer: BuyerInfo | null): PricedGroup[] {
  const treatment = vatTreatmentFor(vatBuyerOf(buyer));
  const available = lines
    .filter((line) => line.availability.status === "available")
    .map((line) => ({ ...line, vendorId: line.vendor.id }));
  return splitByVendor(available).map((group) => ({
    vendorId: group.vendorId,
    lines: group.lines.map(({ vendorId: _vendorId, ...line }) => line),
    vatTreatment: treatment,
    totals: orderTotals(group.lines.filter(chargedAtCheckout), treatment, group.lines[0]!.unitPrice.currency),
  }));
}

/** The cart as GET /carts/:buyerId answers it (contracts' Cart). */
export function cartView(state: CartState): Cart {
  const lines = cartLines(state);
  const currency = state.items[0]?.currency ?? DEFAULT_CURRENCY;
  const groups = pricedGroups(lines, state.buyer);
  const totals = sumTotals(
    groups.map((group) => group.totals),
    currency,
  );
  return {
    buyerId: state.buyerId,
    currency,
    lines,
    vendors: groups.map((group) => ({
      vendor: group.lines[0]!.vendor,
      itemIds: group.lines.map((line) => line.id),
      vatTreatment: group.vatTreatment,
      totals: buyerTotals(group.totals),
    })),
    totals: buyerTotals(totals),
    pendingCheckoutId: state.pendingCheckoutId,
  };
}

/** The figures a buyer sees: the vendor's fee is not the buyer's business. */
export function buyerTotals(totals: OrderTotals): { subtotal: Money; vat: Money; total: Money } {
  return { subtotal: totals.subtotal, vat: totals.vat, total: totals.total };
}
