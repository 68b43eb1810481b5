import type { Clock, Database, Outbox } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/** What the catalog's use cases need: built once in bootstrap.ts (the kit's ServiceDeps fit). */
export interface CatalogDeps {
  db: Database<Db>;
  outbox: Outbox;
  clock: Clock;
}
