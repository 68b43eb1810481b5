import type { ServiceDeps } from "@mkt/service-kit";
import type { GatewayIdentity, ServiceClient } from "@mkt/gateway-kit";
import type { Db } from "../db/client.js";

export type VendorApiDeps = Pick<ServiceDeps<Db, Record<never, never>>, "db" | "clock" | "outbox"> & {
  identity: GatewayIdentity;
  /** vendor-kyc: the vendor's application, documents, bank account and submission. */
  vendorKyc: ServiceClient;
  /** catalog: the vendor's own listings. */
  catalog: ServiceClient;
  /** The notification service: vendors' webhook endpoints and deliveries. */
  notification: ServiceClient;
  /** order: the vendor's orders, their answers, delivery and documents. */
  order: ServiceClient;
  /** payout: the vendor's balances and ledger. */
  payout: ServiceClient;
  /** subscription: the subscriptions the vendor's accepted orders started. */
  subscription: ServiceClient;
};
