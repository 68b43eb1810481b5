import { randomUUID } from "node:crypto";
import { join } from "node:path";
import {
  BuyerProfileUpdatedV1,
  BuyerRegisteredV1,
  CatalogProductUpdatedV1,
  OrderCheckoutCompletedV1,
  PaymentCheckoutActionRequiredV1,
  PaymentCheckoutDeclinedV1,
  type EventData,
  type EventDefinition,
  type EventEnvelope,
  type ListedPlan,
} from "@mkt/contracts";
import { ControllableClock } from "@mkt/service-kit";
import { eventually, startServiceForTest, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/testing";
import { cartService, type Db } from "../../src/bootstrap.js";
import type { CartDeps } from "../../src/app/deps.js";

import type { Json } from "@mkt/testing";

export type { Json };
export type CartUnderTest = ServiceUnderTest<Db, unknown, CartDeps>;

export const migrationsDir = join(__dirname, "../../prisma/migrations");

/** The cart on its own database and bus namespace, its clock frozen (nothing sleeps on business time). */
export async function startCart(namespace = uniqueBusNamespace("cart")) {
  const clock = new ControllableClock({ start: new Date("2026-11-02T10:00:00.000Z"), frozen: true });
  const cart: CartUnderTest = await startServiceForTest(cartService, { namespace, migrationsDir, clock });
  return { cart, clock, namespace, api: api(cart.service.url) };
}

export function api(base: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: (text ? JSON.parse(text) : undefined) as Json,
    };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call("POST", path, body ?? {}, headers),
    patch: (path: string, body: unknown) => call("PATCH", path, body),
    delete: (path: string) => call("DELETE", path),
  };
}

/**
 * Publishes events as their producer does: recorded through an outbox in one transaction (here
 * the cart's own, which accepts any declared event), then relayed to JetStream, where the cart's
 * consumers pick them up like any other producer's. Returns the envelopes as they go on the wire.
 */
export async function publish<D extends EventDefinition>(
  cart: CartUnderTest,
  definition: D,
  data: EventData<D>,
): Promise<EventEnvelope<EventData<D>>> {
  const { db, outbox } = cart.service.deps;
  return db.transaction(async (tx) => outbox.add(tx, definition, data));
}

/** The same event delivered again past the broker's dedupe (another Nats-Msg-Id): the inbox must drop it. */
export async function redeliver(
  cart: CartUnderTest,
  definition: EventDefinition,
  envelope: EventEnvelope,
): Promise<void> {
  const { bus } = cart.service;
  await bus.js.publish(bus.wireSubject(definition.subject), JSON.stringify(envelope), { msgID: randomUUID() });
}

/** How many times the cart's consumers handled events of this type (inbox rows). */
export async function handled(cart: CartUnderTest, eventType: string): Promise<number> {
  const [row] = await cart.database.query<{ n: string }>(
    `SELECT count(*) AS n FROM inbox_message WHERE event_type = $1`,
    [`${eventType}.v1`],
  );
  return Number(row?.n ?? 0);
}

/** The events the cart recorded in its outbox of a type, oldest first (what the relay publishes). */
export async function recorded(cart: CartUnderTest, type: string): Promise<Json[]> {
  const rows = await cart.database.query<{ payload: Json }>(
    `SELECT payload FROM outbox_event WHERE type = $1 ORDER BY created_at, id`,
    [type],
  );
  return rows.map((row) => row.payload);
}

// ---- the catalog as the cart hears it (catalog.product-updated) ----

export const vendorContact = {
  email: "ventes@nuage.example",
  phone: "+33 1 84 00 00 00",
  supportUrl: "https://support.nuage.example",
};

export function listedPlan(overrides: Partial<ListedPlan> = {}): ListedPlan {
  const planId = overrides.planId ?? randomUUID();
  return {
    planId,
    planFamilyId: planId,
    version: 1,
    name: "Pro",
    billingCycle: "monthly",
    price: { amount: 4900, currency: "EUR" },
    commitmentMonths: 0,
    trialDays: 0,
    status: "active",
    ...overrides,
  };
}

type ProductData = EventData<typeof CatalogProductUpdatedV1>;

/** A listing the catalog publishes; `update` publishes its next revision with the changes given. */
export class Listing {
  data: ProductData;
  constructor(
    private readonly cart: CartUnderTest,
    overrides: Partial<ProductData> = {},
  ) {
    this.data = {
      productId: randomUUID(),
      vendorId: randomUUID(),
      revision: 1,
      status: "published",
      name: "Factur'Nuage",
      category: "saas",
      subcategory: "accounting",
      region: "fr-par-1",
      labels: [],
      vendor: {
        legalName: "Nuage Souverain SAS",
        publicContact: vendorContact,
        registrationNumber: "912345678",
        vatNumber: "FR32912345678",
        registeredAddress: { line1: "10 rue du Cloud", postalCode: "75011", city: "Paris", country: "FR" },
        legalForm: "SAS",
        shareCapital: { amount: 5_000_000, currency: "EUR" },
      },
      plans: [listedPlan()],
      updatedAt: "2026-11-01T09:00:00.000Z",
      ...overrides,
    };
  }

  get plan(): ListedPlan {
    return this.data.plans[0]!;
  }

  /** Publishes the current revision and waits until the cart's projection holds it. */
  async publish(): Promise<EventEnvelope<ProductData>> {
    const envelope = await publish(this.cart, CatalogProductUpdatedV1, this.data);
    await eventually(async () => {
      const [row] = await this.cart.database.query<{ revision: number }>(
        `SELECT revision FROM catalog_product WHERE id = $1`,
        [this.data.productId],
      );
      expect(row?.revision).toBeGreaterThanOrEqual(this.data.revision);
    });
    return envelope;
  }

  /** The next revision: the catalog changes the listing and announces the whole of it again. */
  async update(change: (data: ProductData) => Partial<ProductData>): Promise<EventEnvelope<ProductData>> {
    this.data = { ...this.data, ...change(this.data), revision: this.data.revision + 1 };
    return this.publish();
  }

  /** The catalog's versioning: the plan's terms change, so a new version supersedes it. */
  async supersede(planId: string, priceCents: number): Promise<ListedPlan> {
    const old = this.data.plans.find((p) => p.planId === planId)!;
    const next = listedPlan({
      planFamilyId: old.planFamilyId,
      version: old.version + 1,
      name: old.name,
      price: { amount: priceCents, currency: "EUR" },
    });
    await this.update((data) => ({
      plans: [...data.plans.map((p) => (p.planId === planId ? { ...p, status: "superseded" as const } : p)), next],
    }));
    return next;
  }
}

// ---- buyers as storefront-gateway announces them (buyer.registered / buyer.profile-updated) ----

export const frenchCompany = (buyerId = randomUUID()): EventData<typeof BuyerRegisteredV1> => ({
  buyerId,
  kind: "company",
  email: "achats@acme.example",
  locale: "fr",
  legalName: "ACME Industries SAS",
  registrationNumber: "552100554",
  vatNumber: "FR40303265045",
  address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
  registeredAt: "2026-10-01T08:00:00.000Z",
});

export const germanCompany = (buyerId = randomUUID()): EventData<typeof BuyerRegisteredV1> => ({
  buyerId,
  kind: "company",
  email: "einkauf@muster.example",
  locale: "en",
  legalName: "Muster GmbH",
  registrationNumber: "HRB 123456",
  vatNumber: "DE123456789",
  address: { line1: "Hauptstraße 1", postalCode: "10115", city: "Berlin", country: "DE" },
  registeredAt: "2026-10-01T08:00:00.000Z",
});

/** Publishes a registration and waits until the cart's projection holds the buyer. */
export async function registerBuyer(cart: CartUnderTest, data: EventData<typeof BuyerRegisteredV1>): Promise<string> {
  await publish(cart, BuyerRegisteredV1, data);
  await eventually(async () =>
    expect(await cart.database.query(`SELECT id FROM buyer WHERE id = $1`, [data.buyerId])).toHaveLength(1),
  );
  return data.buyerId;
}

export { BuyerProfileUpdatedV1, OrderCheckoutCompletedV1, PaymentCheckoutActionRequiredV1, PaymentCheckoutDeclinedV1 };
