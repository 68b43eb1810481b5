import type { GatewayIdentity, ServiceClient, ServiceDeps } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

export type StorefrontDeps = Pick<ServiceDeps<Db, Record<never, never>>, "db" | "clock" | "outbox"> & {
  identity: GatewayIdentity;
  /** The catalog: search and details of published solutions. */
  catalog: ServiceClient;
  /** The notification service: the buyer's notification history. */
  notification: ServiceClient;
};
