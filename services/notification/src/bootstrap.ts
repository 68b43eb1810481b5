import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";

/** Composition root of the notification service: every dependency is built once, here. */
export const notificationService = defineService({
  name: "notification",
  port: 7108,
  database: createPrismaClient,
});
