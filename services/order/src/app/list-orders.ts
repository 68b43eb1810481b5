import type { ListOrdersQuery, OrderSummary, Page } from "@mkt/contracts";
import { keysetCursor, keysetPage } from "@mkt/service-kit";
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Prisma } from "../generated/prisma/client.js";
import { toSummary } from "./order-store.js";

type Query = z.output<typeof ListOrdersQuery>;

/**
 * Tied to its sort: `t` is the last order's deadline or transmission time, `i` its id. One codec per sort, built once.
 */
const cursorOfSort = (sort: Query["sort"]) =>
  keysetCursor(z.object({ s: z.literal(sort), t: z.iso.datetime({ offset: true }), i: z.guid() }));
const CURSORS = { newest: cursorOfSort("newest"), "validation-deadline": cursorOfSort("validation-deadline") };

/** Orders of a buyer, of a vendor, or every overdue order (operators), newest first or most urgent first. */
export async function listOrders(db: Db, query: Query): Promise<Page<OrderSummary>> {
  const where: Prisma.OrderWhereInput[] = [];
  if (query.buyerId !== undefined) where.push({ buyerId: query.buyerId });
  if (query.vendorId !== undefined) where.push({ vendorId: query.vendorId });
  if (query.state !== undefined) where.push({ state: query.state });
  if (query.overdue === true) where.push({ state: "overdue" });
  if (query.overdue === false) where.push({ state: { not: "overdue" } });
  if (query.deadlineBefore !== undefined) where.push({ validationDueAt: { lt: new Date(query.deadlineBefore) } });

  const byDeadline = query.sort === "validation-deadline";
  if (query.cursor !== undefined) {
    const cursor = CURSORS[query.sort].decode(query.cursor);
    const t = new Date(cursor.t);
    where.push(
      byDeadline
        ? { OR: [{ validationDueAt: { gt: t } }, { validationDueAt: t, id: { gt: cursor.i } }] }
        : { OR: [{ transmittedAt: { lt: t } }, { transmittedAt: t, id: { lt: cursor.i } }] },
    );
  }
  const rows = await db.order.findMany({
    where: { AND: where },
    orderBy: byDeadline ? [{ validationDueAt: "asc" }, { id: "asc" }] : [{ transmittedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, (last) =>
    CURSORS[query.sort].encode({
      s: query.sort,
      t: (byDeadline ? last.validationDueAt : last.transmittedAt).toISOString(),
      i: last.id,
    }),
  );
  return { items: page.map(toSummary), nextCursor };
}
