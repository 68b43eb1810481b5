import type { Router } from "express";
import { z } from "zod";
import { parseInput } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { listNotifications } from "../app/list-notifications.js";

const historyQuery = z.object({
  /** `vendor:<vendorId>` */
  recipient: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});

/** The notification service's internal API, called by the gateways. */
export function notificationRoutes(router: Router, deps: { db: { client: Db } }): void {
  router.get("/notifications", async (req, res) => {
    res.json(await listNotifications(deps.db.client, parseInput(historyQuery, req.query, "query")));
  });
}
