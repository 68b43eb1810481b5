import type { Address } from "@mkt/contracts";
import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { BuyerInfo } from "../domain/buyer.js";
import type { CatalogEntry, CatalogView, PlanInfo, ProductInfo, VendorInfo } from "../domain/catalog.js";
import { cartLines, type CartItem, type CartState } from "../domain/cart-view.js";

// Reading and locking carts. Every change to a cart takes its row lock first (SELECT … FOR
// UPDATE): two requests on one cart (two tabs, a double-clicked checkout, a consumer settling a
// checkout) run one after the other, so a check and the write it guards cannot interleave.

export type Tx = TxOf<Db>;
/** A transaction or the client: reads work with either. */
export type Reader = Pick<Tx, "cartItem" | "catalogProduct" | "buyer" | "cart">;

export interface LockedCart {
  buyerId: string;
  pendingCheckoutId: string | null;
}

/** Locks the buyer's cart row, creating it first when `create` (a cart is created with its first line). */
export async function lockCart(
  tx: Tx,
  buyerId: string,
  options: { create: boolean; now: Date },
): Promise<LockedCart | null> {
  if (options.create) {
    await tx.$executeRaw`INSERT INTO cart (buyer_id, updated_at) VALUES (${buyerId}, ${options.now}) ON CONFLICT (buyer_id) DO NOTHING`;
  }
  const rows = await tx.$queryRaw<
    { pending_checkout_id: string | null }[]
  >`SELECT pending_checkout_id FROM cart WHERE buyer_id = ${buyerId} FOR UPDATE`;
  const row = rows[0];
  return row ? { buyerId, pendingCheckoutId: row.pending_checkout_id } : null;
}

export async function loadItems(db: Reader, buyerId: string): Promise<CartItem[]> {
  const rows = await db.cartItem.findMany({ where: { buyerId }, orderBy: [{ position: "asc" }, { id: "asc" }] });
  return rows.map((row) => ({
    id: row.id,
    planId: row.planId,
    productId: row.productId,
    vendorId: row.vendorId,
    unitPriceCents: row.unitPriceCents,
    currency: row.currency,
    quantity: row.quantity,
    addedAt: row.addedAt,
  }));
}

/** The catalog projection's entries of these products, every plan version included. */
export async function loadCatalog(db: Reader, productIds: readonly string[]): Promise<Map<string, CatalogEntry>> {
  if (productIds.length === 0) return new Map();
  const rows = await db.catalogProduct.findMany({
    where: { id: { in: [...new Set(productIds)] } },
    include: { plans: true },
  });
  return new Map(
    rows.map((row) => {
      const product: ProductInfo = {
        id: row.id,
        vendorId: row.vendorId,
        status: row.status as ProductInfo["status"],
        name: row.name,
        vendor: row.vendor as unknown as VendorInfo,
      };
      const plans: PlanInfo[] = row.plans.map((plan) => ({
        id: plan.id,
        productId: plan.productId,
        planFamilyId: plan.planFamilyId,
        version: plan.version,
        name: plan.name,
        billingCycle: plan.billingCycle as PlanInfo["billingCycle"],
        priceCents: plan.priceCents,
        currency: plan.currency,
        commitmentMonths: plan.commitmentMonths,
        trialDays: plan.trialDays,
        status: plan.status as PlanInfo["status"],
      }));
      return [row.id, { product, plans }];
    }),
  );
}

export async function loadBuyer(db: Reader, buyerId: string): Promise<BuyerInfo | null> {
  const row = await db.buyer.findUnique({ where: { id: buyerId } });
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind as BuyerInfo["kind"],
    name: row.name,
    email: row.email,
    locale: row.locale as BuyerInfo["locale"],
    registrationNumber: row.registrationNumber,
    vatNumber: row.vatNumber,
    address: (row.address as Address | null) ?? null,
    timeZone: row.timeZone,
  };
}

/** Everything the cart's rules need about one cart. */
/**
 * The solutions among the cart's trial lines whose free trial the buyer already had (read at
 * checkout only, and only when a line has a trial).
 */
export async function loadTrialsUsed(tx: Tx, state: CartState): Promise<ReadonlySet<string>> {
  const trialLines = cartLines(state).filter((line) => line.trialDays > 0);
  const productIds = [...new Set(trialLines.map((line) => line.productId))];
  if (productIds.length === 0) return new Set();
  const rows = await tx.trialUsed.findMany({
    where: { buyerId: state.buyerId, productId: { in: productIds } },
    select: { productId: true },
  });
  return new Set(rows.map((row) => row.productId));
}

export async function loadCartState(db: Reader, buyerId: string, pendingCheckoutId: string | null): Promise<CartState> {
  const items = await loadItems(db, buyerId);
  // One after the other: inside a transaction the queries share one connection anyway.
  const catalog = await loadCatalog(
    db,
    items.map((item) => item.productId),
  );
  const buyer = await loadBuyer(db, buyerId);
  return { buyerId, items, catalog: catalog as CatalogView, buyer, pendingCheckoutId };
}
