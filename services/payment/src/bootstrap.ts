import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";

/** Composition root of the payment service: every dependency is built once, here. */
export const paymentService = defineService({
  name: "payment",
  port: 7103,
  database: createPrismaClient,
});
