import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { ControllableClock } from "@mkt/service-kit";
import { startServiceForTest, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/testing";
import { catalogService } from "../../src/bootstrap.js";
import type { Db } from "../../src/db/client.js";

import type { Json } from "@mkt/testing";

export type { Json };
export type Catalog = ServiceUnderTest<Db, Record<string, never>>;

export const migrationsDir = join(__dirname, "../../prisma/migrations");

/** The catalog on its own database, its clock frozen (tests move it; nothing sleeps). */
export async function startCatalog(namespace = uniqueBusNamespace("catalog")) {
  const clock = new ControllableClock({ start: new Date("2026-11-01T09:00:00.000Z"), frozen: true });
  const catalog: Catalog = await startServiceForTest(catalogService, { namespace, migrationsDir, clock });
  return { catalog, clock, namespace, api: api(catalog.service.url) };
}

export function api(base: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call("POST", path, body ?? {}, headers),
    patch: (path: string, body: unknown) => call("PATCH", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
    delete: (path: string) => call("DELETE", path),
  };
}

/** Puts an approved vendor straight into the catalog's projection (what vendor.approved does). */
export async function approvedVendor(catalog: Catalog, legalName = "Nuage Souverain SAS"): Promise<string> {
  const id = randomUUID();
  await catalog.database.query(
    `INSERT INTO vendor (id, legal_name, contact_email, contact_phone, support_url, approved_at, contact_as_of, updated_at,
       legal_form, share_capital)
     VALUES ($1, $2, 'ventes@nuage.example', '+33 1 84 00 00 00', 'https://support.nuage.example', now(), now(), now(),
       'SAS', '{"amount": 5000000, "currency": "EUR"}')`,
    [id, legalName],
  );
  return id;
}

export const plan = (overrides: Record<string, unknown> = {}) => ({
  name: "Pro",
  billingCycle: "monthly",
  price: { amount: 4900, currency: "EUR" },
  commitmentMonths: 0,
  trialDays: 14,
  ...overrides,
});

export const product = (overrides: Record<string, unknown> = {}) => ({
  name: "Factur'Nuage",
  category: "saas",
  subcategory: "accounting",
  region: "fr-par-1",
  description: {
    fr: "# Factur'Nuage\n\nLa **facturation** en ligne pour les PME : devis, relances et paiements.",
    en: "# Factur'Nuage\n\nOnline **invoicing** for small businesses: quotes, reminders and payments.",
  },
  documentationUrl: "https://docs.facturnuage.example",
  plans: [plan()],
  ...overrides,
});

/** The product-updated events the catalog recorded for a product, oldest first. */
export async function productEvents(catalog: Catalog, productId: string): Promise<Json[]> {
  const rows = await catalog.database.query<{ payload: Json }>(
    `SELECT payload FROM outbox_event WHERE type = 'catalog.product-updated' AND payload->'data'->>'productId' = $1 ORDER BY created_at, id`,
    [productId],
  );
  return rows.map((row) => row.payload);
}
