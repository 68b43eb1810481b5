import type { GatewayIdentity, ServiceDeps } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

export type StorefrontDeps = Pick<ServiceDeps<Db, Record<never, never>>, "db" | "clock" | "outbox"> & { identity: GatewayIdentity };
