import { randomUUID } from "node:crypto";
import { deleteBusNamespace, eventually } from "@mkt/testing";
import { BuyerRegisteredV1, CatalogProductUpdatedV1 } from "@mkt/contracts";
import {
  BuyerProfileUpdatedV1,
  Listing,
  frenchCompany,
  germanCompany,
  handled,
  listedPlan,
  publish,
  redeliver,
  registerBuyer,
  startCart,
  type CartUnderTest,
  type Json,
} from "./support/cart.js";

let cart: CartUnderTest;
let api: Awaited<ReturnType<typeof startCart>>["api"];
let namespace: string;

beforeAll(async () => {
  ({ cart, api, namespace } = await startCart());
});
afterAll(async () => {
  await cart?.stop();
  if (namespace) await deleteBusNamespace(namespace);
});

const eur = (amount: number) => ({ amount, currency: "EUR" });

describe("a buyer's cart", () => {
  it("is empty for a buyer who never added anything", async () => {
    const res = await api.get(`/carts/${randomUUID()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      lines: [],
      vendors: [],
      totals: { subtotal: eur(0), vat: eur(0), total: eur(0) },
      pendingCheckoutId: null,
    });
  });

  it("adds a plan with its names, vendor and price, adds to the quantity of a plan already there, changes and removes lines", async () => {
    const listing = new Listing(cart);
    await listing.publish();
    const buyerId = randomUUID();

    const added = await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 2 });
    expect(added.status).toBe(201);
    expect(added.body.lines).toEqual([
      {
        id: expect.any(String),
        productId: listing.data.productId,
        productName: "Factur'Nuage",
        planId: listing.plan.planId,
        planName: "Pro",
        billingCycle: "monthly",
        commitmentMonths: 0,
        trialDays: 0,
        vendor: { id: listing.data.vendorId, legalName: "Nuage Souverain SAS" },
        unitPrice: eur(4900),
        quantity: 2,
        amount: eur(9800),
        availability: { status: "available", reason: null, message: null, replacementPlanId: null },
        addedAt: "2026-11-02T10:00:00.000Z",
      },
    ]);
    const itemId = added.body.lines[0].id;

    const again = await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId });
    expect(again.body.lines).toHaveLength(1);
    expect(again.body.lines[0]).toMatchObject({ id: itemId, quantity: 3, amount: eur(14700) });

    const changed = await api.patch(`/carts/${buyerId}/items/${itemId}`, { quantity: 5 });
    expect(changed.status).toBe(200);
    expect(changed.body.lines[0]).toMatchObject({ quantity: 5, amount: eur(24500) });

    const removed = await api.delete(`/carts/${buyerId}/items/${itemId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.lines).toEqual([]);
    expect((await api.get(`/carts/${buyerId}`)).body.lines).toEqual([]);
  });

  it("adds to one line when two requests add the same plan at the same moment", async () => {
    const listing = new Listing(cart);
    await listing.publish();
    const buyerId = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3, 4].map((quantity) => api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect((await api.get(`/carts/${buyerId}`)).body.lines).toEqual([expect.objectContaining({ quantity: 10 })]);
  });

  it("keeps lines in the order they were added", async () => {
    const a = new Listing(cart, { name: "A" });
    const b = new Listing(cart, { name: "B" });
    await Promise.all([a.publish(), b.publish()]);
    const buyerId = randomUUID();
    await api.post(`/carts/${buyerId}/items`, { planId: b.plan.planId });
    await api.post(`/carts/${buyerId}/items`, { planId: a.plan.planId });
    const res = await api.get(`/carts/${buyerId}`);
    expect(res.body.lines.map((l: Json) => l.productName)).toEqual(["B", "A"]);
  });

  it("refuses a plan it does not know (404), a plan that cannot be bought (409) and a bad quantity (400)", async () => {
    const listing = new Listing(cart);
    await listing.publish();
    const buyerId = randomUUID();

    const unknown = await api.post(`/carts/${buyerId}/items`, { planId: randomUUID(), quantity: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain("application/problem+json");

    for (const quantity of [0, 101, 1.5]) {
      const bad = await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ path: "quantity" })]);
    }

    const next = await listing.supersede(listing.plan.planId, 5900);
    const old = listing.data.plans[0]!;
    const superseded = await api.post(`/carts/${buyerId}/items`, { planId: old.planId, quantity: 1 });
    expect(superseded.status).toBe(409);
    expect(superseded.body).toMatchObject({
      type: "/problems/plan-not-buyable",
      reason: "plan-superseded",
      replacementPlanId: next.planId,
    });

    await listing.update(() => ({ status: "unpublished" }));
    const unpublished = await api.post(`/carts/${buyerId}/items`, { planId: next.planId, quantity: 1 });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body).toMatchObject({ type: "/problems/plan-not-buyable", reason: "product-not-published" });
  });

  it("holds at most 100 of a plan on a line", async () => {
    const listing = new Listing(cart);
    await listing.publish();
    const buyerId = randomUUID();
    await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 60 });
    const over = await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 41 });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ type: "/problems/quantity-limit", maxQuantity: 100 });
    expect(
      (await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 40 })).body.lines[0].quantity,
    ).toBe(100);
  });

  it("answers 404 for a line that is not in the cart", async () => {
    const buyerId = randomUUID();
    expect((await api.patch(`/carts/${buyerId}/items/${randomUUID()}`, { quantity: 2 })).status).toBe(404);
    expect((await api.delete(`/carts/${buyerId}/items/nope`)).status).toBe(404);
  });
});

describe("totals and VAT", () => {
  async function twoVendorCart(buyerId: string) {
    const a = new Listing(cart, { plans: [listedPlan({ price: eur(4900) })] });
    const b = new Listing(cart, {
      name: "Kube Souverain",
      vendor: {
        legalName: "Orbital Ops SAS",
        publicContact: { email: "ops@orbital.example", phone: "+33 4 00 00 00 00" },
      },
      plans: [listedPlan({ name: "Team", price: eur(1999) })],
    });
    await Promise.all([a.publish(), b.publish()]);
    await api.post(`/carts/${buyerId}/items`, { planId: a.plan.planId, quantity: 2 });
    const res = await api.post(`/carts/${buyerId}/items`, { planId: b.plan.planId, quantity: 3 });
    return { a, b, cart: res.body };
  }

  it("charges a French company French VAT at 20%, computed per vendor order", async () => {
    const buyerId = await registerBuyer(cart, frenchCompany());
    const { a, b, cart: body } = await twoVendorCart(buyerId);
    const standard = { kind: "standard", rateBasisPoints: 2000, mention: null };
    expect(body.vendors).toEqual([
      {
        vendor: { id: a.data.vendorId, legalName: "Nuage Souverain SAS" },
        itemIds: [body.lines[0].id],
        vatTreatment: standard,
        totals: { subtotal: eur(9800), vat: eur(1960), total: eur(11760) },
      },
      {
        vendor: { id: b.data.vendorId, legalName: "Orbital Ops SAS" },
        itemIds: [body.lines[1].id],
        vatTreatment: standard,
        totals: { subtotal: eur(5997), vat: eur(1199), total: eur(7196) },
      },
    ]);
    expect(body.totals).toEqual({ subtotal: eur(15797), vat: eur(3159), total: eur(18956) });
  });

  it("reverse-charges a German company with a German VAT number: no VAT, with the legal mention", async () => {
    const buyerId = await registerBuyer(cart, germanCompany());
    const { cart: body } = await twoVendorCart(buyerId);
    expect(body.vendors[0].vatTreatment).toEqual({
      kind: "reverse-charge",
      rateBasisPoints: 0,
      mention: expect.stringContaining("Autoliquidation"),
    });
    expect(body.totals).toEqual({ subtotal: eur(15797), vat: eur(0), total: eur(15797) });
  });

  it("follows the buyer's profile: a French company that moves to the US pays no EU VAT", async () => {
    const registered = frenchCompany();
    const buyerId = await registerBuyer(cart, registered);
    const { registeredAt: _r, ...profile } = registered;
    await publish(cart, BuyerProfileUpdatedV1, {
      ...profile,
      address: { line1: "1 Main St", postalCode: "10001", city: "New York", country: "US" },
      updatedAt: "2026-10-05T08:00:00.000Z",
    });
    // A late registration (older) must not undo the update.
    await publish(cart, BuyerRegisteredV1, registered);
    await eventually(async () => expect(await handled(cart, "buyer.registered")).toBeGreaterThanOrEqual(2));
    const { cart: body } = await twoVendorCart(buyerId);
    expect(body.vendors[0].vatTreatment).toMatchObject({
      kind: "outside-eu",
      rateBasisPoints: 0,
      mention: "TVA non applicable — article 259-1 du CGI / VAT not applicable",
    });
  });
});

describe("the catalog's changes", () => {
  it("shows a line of a superseded plan as unavailable naming the new plan, and a refresh moves it there at its new price", async () => {
    const listing = new Listing(cart);
    const other = new Listing(cart);
    await Promise.all([listing.publish(), other.publish()]);
    const buyerId = randomUUID();
    const first = await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 2 });
    await api.post(`/carts/${buyerId}/items`, { planId: other.plan.planId, quantity: 1 });
    const itemId = first.body.lines[0].id;

    const next = await listing.supersede(listing.plan.planId, 5900);
    await other.update(() => ({ status: "unlisted" }));

    const seen = await api.get(`/carts/${buyerId}`);
    expect(seen.body.lines.map((l: Json) => l.availability)).toEqual([
      {
        status: "unavailable",
        reason: "plan-superseded",
        message: expect.stringContaining("59.00 EUR"),
        replacementPlanId: next.planId,
      },
      { status: "unavailable", reason: "product-not-published", message: expect.any(String), replacementPlanId: null },
    ]);
    expect(seen.body.totals.total).toEqual(eur(0)); // nothing can be bought as it is

    const refreshed = await api.post(`/carts/${buyerId}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.changes).toEqual([
      {
        itemId,
        change: "replaced",
        reason: "plan-superseded",
        previousPlanId: listing.data.plans[0]!.planId,
        planId: next.planId,
        previousUnitPrice: eur(4900),
        unitPrice: eur(5900),
        mergedIntoItemId: null,
      },
      expect.objectContaining({ change: "removed", reason: "product-not-published", planId: null }),
    ]);
    expect(refreshed.body.cart.lines).toEqual([
      expect.objectContaining({
        id: itemId,
        planId: next.planId,
        quantity: 2,
        unitPrice: eur(5900),
        amount: eur(11800),
        availability: expect.objectContaining({ status: "available" }),
      }),
    ]);

    const again = await api.post(`/carts/${buyerId}/refresh`);
    expect(again.body.changes).toEqual([]);
  });

  it("keeps the highest revision of a listing: an older one arriving late, or the same one redelivered, changes nothing", async () => {
    const listing = new Listing(cart);
    const first = listing.data;
    await listing.publish();
    const second = await listing.update(() => ({ name: "Factur'Nuage 2" }));
    await redeliver(cart, CatalogProductUpdatedV1, second); // the same event again: a duplicate
    const late = await publish(cart, CatalogProductUpdatedV1, { ...first, name: "Factur'Nuage (old)" }); // revision 1, after revision 2
    await eventually(async () =>
      expect(await cart.database.query(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [late.id])).toHaveLength(1),
    );
    const [row] = await cart.database.query<Json>(`SELECT name, revision FROM catalog_product WHERE id = $1`, [
      listing.data.productId,
    ]);
    expect(row).toEqual({ name: "Factur'Nuage 2", revision: 2 });
    expect(await cart.database.query(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [second.id])).toHaveLength(1);
  });
});
