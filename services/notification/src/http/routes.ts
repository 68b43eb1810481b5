import type { Router } from "express";
import { ListNotifications } from "@mkt/contracts";
import { parseInput } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { listNotifications } from "../app/list-notifications.js";
import { webhookRoutes } from "./webhook-routes.js";

/** The notification service's internal API, called by the gateways. */
export function notificationRoutes(router: Router, deps: { db: { client: Db } }): void {
  router.get("/notifications", async (req, res) => {
    res.json(await listNotifications(deps.db.client, parseInput(ListNotifications.query, req.query, "query")));
  });
  webhookRoutes(router, deps);
}
