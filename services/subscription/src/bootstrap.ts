import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";

/** Composition root of the subscription service: every dependency is built once, here. */
export const subscriptionService = defineService({
  name: "subscription",
  port: 7105,
  database: createPrismaClient,
});
