import type { ServiceDeps } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

export type VendorKycDeps = Pick<ServiceDeps<Db, Record<never, never>>, "db" | "clock" | "outbox">;
