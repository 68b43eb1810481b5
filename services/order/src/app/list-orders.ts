import type { ListOrdersQuery, OrderSummary, Page } from "@mkt/contracts";
import { ValidationError } from "@mkt/service-kit";
import type { z } from "zod";
import type { Db } from "../db/client.js";
import type { Prisma } from "../generated/prisma/client.js";
import { toSummary } from "./order-store.js";

type Query = z.output<typeof ListOrdersQuery>;

/**
 * Keyset pagination: the cursor carries the sort value and the id of the last order shown, so a
 * deep page costs what the first does. Opaque on the wire (base64url of JSON), tied to its sort.
 */
interface Cursor {
  s: Query["sort"];
  t: string;
  i: string;
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");

function decode(raw: string, sort: Query["sort"]): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Cursor>;
    if (
      cursor.s === sort &&
      typeof cursor.t === "string" &&
      typeof cursor.i === "string" &&
      !Number.isNaN(Date.parse(cursor.t))
    )
      return cursor as Cursor;
  } catch {
    // not JSON: reported below
  }
  throw new ValidationError([{ path: "query.cursor", message: "is not a cursor this list returned (for this sort)" }]);
}

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
    const cursor = decode(query.cursor, query.sort);
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
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encode({ s: query.sort, t: (byDeadline ? last.validationDueAt : last.transmittedAt).toISOString(), i: last.id })
      : null;
  return { items: page.map(toSummary), nextCursor };
}
