import type { ServiceDeps } from "@mkt/service-kit";
import type { GatewayIdentity, ServiceClient } from "@mkt/gateway-kit";
import type { Db } from "../db/client.js";

export type StorefrontDeps = Pick<ServiceDeps<Db, Record<never, never>>, "db" | "clock" | "outbox" | "log"> & {
  identity: GatewayIdentity;
  /** The catalog: search and details of published solutions. */
  catalog: ServiceClient;
  /** The notification service: the buyer's notification history. */
  notification: ServiceClient;
  /** The cart: the buyer's cart and its checkouts. */
  cart: ServiceClient;
  /** Payment: a purchase's payment status, the simulated processor's test cards. */
  payment: ServiceClient;
  /** Orders: the buyer's purchases, their documents, cancelling an overdue one. */
  order: ServiceClient;
  /** Subscriptions: the buyer's subscriptions, and those of one purchase. */
  subscription: ServiceClient;
  /** How long POST /checkout waits for the payment before answering 202 pending (CHECKOUT_WAIT_MS). */
  checkoutWaitMs: number;
  /** Whether this runs in production (the test-card route is never offered there). */
  production: boolean;
};
