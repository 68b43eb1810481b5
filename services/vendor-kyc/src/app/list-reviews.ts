import { keysetCursor, keysetPage } from "@mkt/service-kit";
import { z } from "zod";
import type { VendorKycStatus } from "@mkt/contracts";
import type { Db } from "../db/client.js";

export interface ListReviewsQuery {
  limit: number;
  cursor?: string;
  status?: VendorKycStatus[];
  payoutsOnHold?: "true" | "false";
}

/** The last application shown: the next page starts after it in (submission time, id) order. */
const reviewCursor = keysetCursor(z.guid());

/**
 * Applications for operators, oldest submission first (never-submitted drafts last); by default those waiting for a
 * decision.
 */
export async function listReviews(client: Db, query: ListReviewsQuery) {
  const status =
    query.status && query.status.length > 0 ? query.status : (["submitted", "resubmitted"] as VendorKycStatus[]);
  const cursor = query.cursor ? reviewCursor.decode(query.cursor) : undefined;
  const rows = await client.vendor.findMany({
    where: {
      status: { in: status },
      ...(query.payoutsOnHold ? { payoutsOnHold: query.payoutsOnHold === "true" } : {}),
    },
    orderBy: [{ submittedAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: query.limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      legalName: true,
      status: true,
      submittedAt: true,
      decidedAt: true,
      payoutsOnHold: true,
      _count: { select: { documents: { where: { retiredAt: null } } } },
    },
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, (last) => reviewCursor.encode(last.id));
  return {
    items: page.map((row) => ({
      vendorId: row.id,
      legalName: row.legalName,
      status: row.status as VendorKycStatus,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      decidedAt: row.decidedAt?.toISOString() ?? null,
      documentCount: row._count.documents,
      payoutsOnHold: row.payoutsOnHold,
    })),
    nextCursor,
  };
}
