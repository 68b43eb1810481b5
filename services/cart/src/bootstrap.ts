import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";

/** Composition root of the cart service: every dependency is built once, here. */
export const cartService = defineService({
  name: "cart",
  port: 7102,
  database: createPrismaClient,
});
