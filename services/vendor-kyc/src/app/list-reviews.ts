import { ValidationError } from "@mkt/service-kit";
import type { VendorKycStatus } from "@mkt/contracts";
import type { Db } from "../db/client.js";

export interface ListReviewsQuery {
  limit: number;
  cursor?: string;
  status?: VendorKycStatus[];
  payoutsOnHold?: "true" | "false";
}

/** Applications for operators, oldest submission first (never-submitted drafts last); by default those waiting for a decision. */
export async function listReviews(client: Db, query: ListReviewsQuery) {
  const status =
    query.status && query.status.length > 0 ? query.status : (["submitted", "resubmitted"] as VendorKycStatus[]);
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
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
  const page = rows.slice(0, query.limit);
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
    nextCursor:
      rows.length > query.limit && page.length > 0
        ? Buffer.from(page[page.length - 1]!.id).toString("base64url")
        : null,
  };
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
    throw new ValidationError([{ path: "query.cursor", message: "not a cursor this list gave" }]);
  return id;
}
