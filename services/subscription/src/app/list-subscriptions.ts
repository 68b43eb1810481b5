import type { ListSubscriptionsQuery, Page, SubscriptionSummary } from "@mkt/contracts";
import { createdAtIdCursor, keysetPage } from "@mkt/service-kit";
import type { z } from "zod";
import type { Db } from "../db/client.js";
import type { Prisma } from "../generated/prisma/client.js";
import { toSummary } from "./subscription-store.js";

type Query = z.output<typeof ListSubscriptionsQuery>;

/**
 * Subscriptions of a buyer, a vendor or an order (or every one, for operators), filtered by state
 * and product, newest first. Keyset pagination: the cursor is the last row's start time and id.
 */
export async function listSubscriptions(db: Db, query: Query): Promise<Page<SubscriptionSummary>> {
  const where: Prisma.SubscriptionWhereInput[] = [];
  if (query.buyerId !== undefined) where.push({ buyerId: query.buyerId });
  if (query.vendorId !== undefined) where.push({ vendorId: query.vendorId });
  if (query.orderId !== undefined) where.push({ orderId: query.orderId });
  if (query.state !== undefined) where.push({ state: query.state });
  if (query.productId !== undefined) where.push({ productId: query.productId });
  if (query.cursor !== undefined) {
    const { createdAt, id } = createdAtIdCursor.decode(query.cursor);
    where.push({ OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] });
  }
  const rows = await db.subscription.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, (last) =>
    createdAtIdCursor.encode({ createdAt: last.createdAt, id: last.id }),
  );
  return { items: page.map(toSummary), nextCursor };
}
