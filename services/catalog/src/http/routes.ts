import type { Router } from "express";
import { z } from "zod";
import { parseInput } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { findVendor } from "../app/find-vendor.js";

const vendorParams = z.object({ vendorId: z.uuid() });

/** The catalog's internal API, called by the gateways. */
export function catalogRoutes(router: Router, deps: { db: { client: Db } }): void {
  router.get("/vendors/:vendorId", async (req, res) => {
    const { vendorId } = parseInput(vendorParams, req.params, "params");
    res.json(await findVendor(deps.db.client, vendorId));
  });
}
