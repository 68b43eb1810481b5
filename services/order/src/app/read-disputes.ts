import type { Dispute, DisputeSummary, ListDisputesQuery, Page } from "@mkt/contracts";
import { keysetCursor, keysetPage } from "@mkt/service-kit";
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Prisma } from "../generated/prisma/client.js";
import { findDispute, toDisputeSummary, toDisputeView } from "./dispute-store.js";
import type { Scope } from "./order-store.js";

type Query = z.output<typeof ListDisputesQuery>;

/** Keyset cursor: `t` the last dispute's opening time, `i` its id (latest opened first). */
const CURSOR = keysetCursor(z.object({ t: z.iso.datetime({ offset: true }), i: z.guid() }));

export async function getDispute(db: Db, disputeId: string, scope: Scope): Promise<Dispute> {
  return toDisputeView(await findDispute(db, disputeId, scope));
}

/** Disputes of a buyer, of a vendor, or all of them (operators), latest opened first, a page at a time. */
export async function listDisputes(db: Db, query: Query): Promise<Page<DisputeSummary>> {
  const where: Prisma.DisputeWhereInput[] = [];
  if (query.buyerId !== undefined) where.push({ buyerId: query.buyerId });
  if (query.vendorId !== undefined) where.push({ vendorId: query.vendorId });
  if (query.orderId !== undefined) where.push({ orderId: query.orderId });
  if (query.state !== undefined) where.push({ state: query.state });
  if (query.cursor !== undefined) {
    const cursor = CURSOR.decode(query.cursor);
    const t = new Date(cursor.t);
    where.push({ OR: [{ openedAt: { lt: t } }, { openedAt: t, id: { lt: cursor.i } }] });
  }
  const rows = await db.dispute.findMany({
    where: { AND: where },
    include: { order: true },
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, (last) =>
    CURSOR.encode({ t: last.openedAt.toISOString(), i: last.id }),
  );
  return { items: page.map(toDisputeSummary), nextCursor };
}
