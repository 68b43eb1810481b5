import { createdAtIdCursor, keysetPage } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

export interface NotificationPage {
  items: {
    id: string;
    channel: string;
    template: string;
    locale: string;
    subject: string;
    status: string;
    to: string;
    attempts: number;
    createdAt: string;
    sentAt: string | null;
  }[];
  /** Pass it as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** A recipient's notifications, newest first, a page at a time (keyset pagination). */
export async function listNotifications(
  db: Db,
  query: { recipient: string; limit: number; cursor?: string },
): Promise<NotificationPage> {
  const after = query.cursor === undefined ? undefined : createdAtIdCursor.decode(query.cursor);
  const rows = await db.notification.findMany({
    where: {
      recipientKey: query.recipient,
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, createdAtIdCursor.encode);
  return {
    items: page.map((row) => ({
      id: row.id,
      channel: row.channel,
      template: row.template,
      locale: row.locale,
      subject: row.subject,
      status: row.status,
      to: row.toAddress,
      attempts: row.attempts,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    })),
    nextCursor,
  };
}
