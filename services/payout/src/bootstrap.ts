import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";

/** Composition root of the payout service: every dependency is built once, here. */
export const payoutService = defineService({
  name: "payout",
  port: 7107,
  database: createPrismaClient,
});
