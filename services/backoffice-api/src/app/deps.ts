import type { ServiceDeps } from "@mkt/service-kit";
import type { GatewayIdentity, ServiceClient } from "@mkt/gateway-kit";
import type { Db } from "../db/client.js";
import type { BackofficeSettings } from "../settings.js";

/** What the back office's routes and its first-operator worker share: built once per start. */
export type BackofficeDeps = ServiceDeps<Db, BackofficeSettings> & {
  identity: GatewayIdentity;
  /** vendor-kyc: applications to review, their documents, decisions. */
  vendorKyc: ServiceClient;
  /** catalog: labels and unlisting. */
  catalog: ServiceClient;
  /** order: every order, read only. */
  order: ServiceClient;
  /** subscription: every subscription, read only. */
  subscription: ServiceClient;
};
