import type { GatewayIdentity, ServiceClient, ServiceDeps } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

export type VendorApiDeps = Pick<ServiceDeps<Db, Record<never, never>>, "db" | "clock"> & {
  identity: GatewayIdentity;
  vendorKyc: ServiceClient;
  /** The notification service: vendors' webhook endpoints and deliveries. */
  notification: ServiceClient;
};
