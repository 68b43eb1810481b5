import type { ServiceDeps } from "@mkt/service-kit";
import type { z } from "zod";
import type { Db } from "../db/client.js";
import type { vendorKycSettings } from "../settings.js";
import type { DocumentStorage } from "../storage/document-storage.js";

export type VendorKycConfig = z.infer<z.ZodObject<typeof vendorKycSettings>>;
export type VendorKycServiceDeps = ServiceDeps<Db, VendorKycConfig>;

/** What the use cases receive: the kit's database, clock and outbox, and the document storage. */
export interface VendorKycDeps extends Pick<VendorKycServiceDeps, "db" | "clock" | "outbox"> {
  storage: DocumentStorage;
}

/** Who acted, as the history records it: the vendor itself, an operator (by id) or the system. */
export type Actor =
  { kind: "vendor"; id: string | null } | { kind: "operator"; id: string } | { kind: "system"; id: null };
