import { defineService } from "@mkt/service-kit";
import type { VendorKycServiceDeps } from "./app/deps.js";
import { createPrismaClient } from "./db/client.js";
import { vendorKycRoutes } from "./http/routes.js";
import { vendorKycSettings } from "./settings.js";
import { createDocumentStorage, type DocumentStorage } from "./storage/index.js";

// One document storage per started service, built from its settings.
const storages = new WeakMap<VendorKycServiceDeps, DocumentStorage>();
function storageOf(deps: VendorKycServiceDeps): DocumentStorage {
  let storage = storages.get(deps);
  if (!storage) storages.set(deps, (storage = createDocumentStorage(deps.config)));
  return storage;
}

/** Composition root of the vendor-kyc service: every dependency is built once, here. */
export const vendorKycService = defineService({
  name: "vendor-kyc",
  port: 7106,
  settings: vendorKycSettings,
  database: createPrismaClient,
  routes: (router, deps) =>
    vendorKycRoutes(router, { db: deps.db, clock: deps.clock, outbox: deps.outbox, storage: storageOf(deps) }),
  // Builds the storage at start (a bad S3 setting stops the start, named) and closes it at stop.
  workers: (deps) => [
    { name: "document-storage", start: () => void storageOf(deps), stop: async () => storageOf(deps).close?.() },
  ],
});
export type { Db } from "./db/client.js";
export type { VendorKycConfig } from "./app/deps.js";
