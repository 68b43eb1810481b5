import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";

/** Composition root of the order service: every dependency is built once, here. */
export const orderService = defineService({
  name: "order",
  port: 7104,
  database: createPrismaClient,
});
