import { randomUUID } from "node:crypto";
import { deleteBusNamespace } from "@mkt/testing";
import {
  approvedVendor,
  plan,
  product,
  productEvents,
  startCatalog,
  type Catalog,
  type Json,
} from "./support/catalog.js";

let catalog: Catalog;
let call: Awaited<ReturnType<typeof startCatalog>>["api"];
let clock: Awaited<ReturnType<typeof startCatalog>>["clock"];
let namespace: string;

beforeAll(async () => {
  ({ catalog, api: call, clock, namespace } = await startCatalog());
});
afterAll(async () => {
  await catalog?.stop();
  await deleteBusNamespace(namespace);
});

const operator = { operatorId: "op-1" };

async function draftOf(vendorId: string, overrides: Record<string, unknown> = {}): Promise<Json> {
  const created = await call.post(`/vendors/${vendorId}/products`, product(overrides));
  expect(created.status).toBe(201);
  return created.body;
}

describe("a vendor's listings", () => {
  it("goes from draft to published to unpublished and back, announcing each change with a growing revision", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    expect(draft).toMatchObject({ status: "draft", revision: 0, publishedAt: null, labels: [], vendorId });
    expect(draft.plans).toEqual([
      expect.objectContaining({
        version: 1,
        status: "active",
        planFamilyId: draft.plans[0].planId,
        supersededBy: null,
      }),
    ]);

    const renamed = await call.patch(`/vendors/${vendorId}/products/${draft.id}`, { name: "Factur'Nuage Pro" });
    expect(renamed.body).toMatchObject({ name: "Factur'Nuage Pro", revision: 0 });
    expect(await productEvents(catalog, draft.id)).toHaveLength(0); // drafts never published emit nothing

    clock.advanceBy(60_000);
    const published = await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    expect(published).toMatchObject({
      status: 200,
      body: { status: "published", revision: 1, publishedAt: "2026-11-01T09:01:00.000Z" },
    });
    expect((await call.get(`/products/${draft.id}`)).status).toBe(200);

    const unpublished = await call.post(`/vendors/${vendorId}/products/${draft.id}/unpublish`);
    expect(unpublished.body).toMatchObject({ status: "unpublished", revision: 2 });
    expect((await call.get(`/products/${draft.id}`)).status).toBe(404);

    const again = await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    expect(again.body).toMatchObject({ status: "published", revision: 3 });
    const fields = await call.patch(`/vendors/${vendorId}/products/${draft.id}`, { region: "fr-sbg-1" });
    expect(fields.body).toMatchObject({ region: "fr-sbg-1", revision: 4 });

    const events = await productEvents(catalog, draft.id);
    expect(events.map((e) => [e.data.revision, e.data.status])).toEqual([
      [1, "published"],
      [2, "unpublished"],
      [3, "published"],
      [4, "published"],
    ]);
    expect(events[3].data).toMatchObject({
      productId: draft.id,
      vendorId,
      region: "fr-sbg-1",
      vendor: {
        legalName: "Nuage Souverain SAS",
        publicContact: { email: "ventes@nuage.example" },
        legalForm: "SAS",
        shareCapital: { amount: 5_000_000, currency: "EUR" },
      },
      plans: [expect.objectContaining({ name: "Pro", price: { amount: 4900, currency: "EUR" }, status: "active" })],
    });
  });

  it("publishing again what is published changes nothing and emits nothing", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    const twice = await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    expect(twice.body).toMatchObject({ status: "published", revision: 1 });
    expect(await productEvents(catalog, draft.id)).toHaveLength(1);
  });

  it("refuses to publish while the vendor is not approved, saying why", async () => {
    const vendorId = randomUUID();
    const draft = await draftOf(vendorId);
    const refused = await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: "/problems/vendor-not-approved", status: 409 });
    expect(refused.body.detail).toContain("not approved");
  });

  it("refuses to publish a listing without an active plan", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId, { plans: [] });
    const refused = await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    expect(refused).toMatchObject({ status: 409, body: { type: "/problems/no-active-plan" } });
  });

  it("hides a listing from another vendor: 404 on every route", async () => {
    const owner = await approvedVendor(catalog);
    const other = await approvedVendor(catalog, "Autre SAS");
    const draft = await draftOf(owner);
    const planId = draft.plans[0].planId;
    const attempts = [
      call.get(`/vendors/${other}/products/${draft.id}`),
      call.patch(`/vendors/${other}/products/${draft.id}`, { name: "Stolen" }),
      call.post(`/vendors/${other}/products/${draft.id}/plans`, plan()),
      call.patch(`/vendors/${other}/products/${draft.id}/plans/${planId}`, { name: "x" }),
      call.delete(`/vendors/${other}/products/${draft.id}/plans/${planId}`),
      call.post(`/vendors/${other}/products/${draft.id}/publish`),
      call.post(`/vendors/${other}/products/${draft.id}/unpublish`),
    ];
    for (const attempt of await Promise.all(attempts))
      expect(attempt).toMatchObject({ status: 404, body: { type: "/problems/not-found" } });
    expect((await call.get(`/vendors/${other}/products`)).body.items).toEqual([]);
    expect((await call.get(`/vendors/${owner}/products/${draft.id}`)).body.name).toBe("Factur'Nuage");
  });

  it("refuses a subcategory of the other category", async () => {
    const vendorId = await approvedVendor(catalog);
    expect((await call.post(`/vendors/not-an-id/products`, product())).body).toMatchObject({
      status: 400,
      errors: [{ path: "params.vendorId" }],
    });
    const refused = await call.post(`/vendors/${vendorId}/products`, product({ category: "paas", subcategory: "crm" }));
    expect(refused).toMatchObject({ status: 400, body: { errors: [{ path: "subcategory" }] } });
    const draft = await draftOf(vendorId);
    expect((await call.patch(`/vendors/${vendorId}/products/${draft.id}`, { category: "paas" })).status).toBe(400);
  });

  it("lists a vendor's listings newest first, a page at a time, filtered by status", async () => {
    const vendorId = await approvedVendor(catalog);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advanceBy(1000);
      ids.push((await draftOf(vendorId, { name: `Produit ${i}` })).id);
    }
    await call.post(`/vendors/${vendorId}/products/${ids[0]}/publish`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await call.get(`/vendors/${vendorId}/products?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.items.map((p: Json) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const published = await call.get(`/vendors/${vendorId}/products?status=published`);
    expect(published.body.items.map((p: Json) => p.id)).toEqual([ids[0]]);
    expect((await call.get(`/vendors/${vendorId}/products?cursor=nope`)).body).toMatchObject({
      errors: [{ path: "query.cursor" }],
    });
  });
});

describe("plans", () => {
  it("edits a plan never published in place, even its price", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    const planId = draft.plans[0].planId;
    const edited = await call.patch(`/vendors/${vendorId}/products/${draft.id}/plans/${planId}`, {
      price: { amount: 5900, currency: "EUR" },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.plans).toEqual([
      expect.objectContaining({
        planId,
        version: 1,
        price: { amount: 5900, currency: "EUR" },
        trialDays: 14,
        status: "active",
      }),
    ]);
  });

  it("makes a new version of a published plan whose terms change, superseding the old one", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    const old = draft.plans[0];
    await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    clock.advanceBy(1000);

    const changed = await call.patch(`/vendors/${vendorId}/products/${draft.id}/plans/${old.planId}`, {
      price: { amount: 5900, currency: "EUR" },
    });
    expect(changed.status).toBe(200);
    const [superseded, current] = changed.body.plans;
    expect(superseded).toMatchObject({ planId: old.planId, status: "superseded", price: { amount: 4900 }, version: 1 });
    expect(current).toMatchObject({
      planFamilyId: old.planFamilyId,
      version: 2,
      status: "active",
      price: { amount: 5900 },
      trialDays: 14,
      name: "Pro",
    });
    expect(current.planId).not.toBe(old.planId);
    expect(superseded.supersededBy).toBe(current.planId);

    // Buyers see only the plan they can buy.
    const shown = await call.get(`/products/${draft.id}`);
    expect(shown.body.plans.map((p: Json) => p.planId)).toEqual([current.planId]);

    // A superseded plan is history: it cannot be changed.
    const refused = await call.patch(`/vendors/${vendorId}/products/${draft.id}/plans/${old.planId}`, { name: "x" });
    expect(refused).toMatchObject({ status: 409, body: { type: "/problems/plan-not-active" } });

    const events = await productEvents(catalog, draft.id);
    expect(events.at(-1).data.revision).toBe(2);
    expect(events.at(-1).data.plans.map((p: Json) => [p.version, p.status])).toEqual([
      [1, "superseded"],
      [2, "active"],
    ]);
  });

  it("renames a published plan in place", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    const renamed = await call.patch(`/vendors/${vendorId}/products/${draft.id}/plans/${draft.plans[0].planId}`, {
      name: "Pro (ex-Business)",
    });
    expect(renamed.body.plans).toEqual([
      expect.objectContaining({
        planId: draft.plans[0].planId,
        name: "Pro (ex-Business)",
        version: 1,
        status: "active",
      }),
    ]);
    expect(renamed.body.revision).toBe(2);
  });

  it("adds and retires plans; the last active plan of a published listing stays", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    const added = await call.post(
      `/vendors/${vendorId}/products/${draft.id}/plans`,
      plan({ name: "Annuel", billingCycle: "yearly", price: { amount: 49000, currency: "EUR" }, commitmentMonths: 12 }),
    );
    expect(added.status).toBe(201);
    expect(added.body.plans).toHaveLength(2);
    const yearly = added.body.plans.find((p: Json) => p.planId !== draft.plans[0].planId);
    expect(yearly).toMatchObject({ name: "Annuel", commitmentMonths: 12, version: 1 });

    const retired = await call.delete(`/vendors/${vendorId}/products/${draft.id}/plans/${draft.plans[0].planId}`);
    expect(retired.body.plans.find((p: Json) => p.planId === draft.plans[0].planId).status).toBe("retired");
    const last = await call.delete(`/vendors/${vendorId}/products/${draft.id}/plans/${yearly.planId}`);
    expect(last).toMatchObject({ status: 409, body: { type: "/problems/last-active-plan" } });
    expect((await call.delete(`/vendors/${vendorId}/products/${draft.id}/plans/${randomUUID()}`)).status).toBe(404);

    const revisions = (await productEvents(catalog, draft.id)).map((e) => e.data.revision);
    expect(revisions).toEqual([1, 2, 3]);
  });

  it("changes only the fields a plan patch sends", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId, { plans: [plan({ commitmentMonths: 12, trialDays: 30 })] });
    const edited = await call.patch(`/vendors/${vendorId}/products/${draft.id}/plans/${draft.plans[0].planId}`, {
      name: "Renamed",
    });
    expect(edited.body.plans[0]).toMatchObject({ name: "Renamed", commitmentMonths: 12, trialDays: 30 });
  });
});

describe("operators", () => {
  it("unlist a listing, which its vendor can then never publish again", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    const unlisted = await call.post(`/products/${draft.id}/unlist`, {
      ...operator,
      reason: "Not hosted on the platform",
    });
    expect(unlisted.body).toMatchObject({
      status: "unlisted",
      unlistedReason: "Not hosted on the platform",
      revision: 2,
    });
    expect((await call.get(`/products/${draft.id}`)).status).toBe(404);

    const refused = await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    expect(refused).toMatchObject({ status: 409, body: { type: "/problems/product-unlisted" } });
    expect((await call.post(`/products/${draft.id}/unlist`, { ...operator, reason: "again" })).status).toBe(409);
    expect((await productEvents(catalog, draft.id)).map((e) => e.data.status)).toEqual(["published", "unlisted"]);
  });

  it("unlist a draft without announcing it", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    expect((await call.post(`/products/${draft.id}/unlist`, { ...operator, reason: "spam" })).body.status).toBe(
      "unlisted",
    );
    expect((await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`)).status).toBe(409);
    expect(await productEvents(catalog, draft.id)).toHaveLength(0);
  });

  it("grant and revoke the Open Trusted Cloud label idempotently, announcing only real changes", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    const granted = await call.put(`/products/${draft.id}/labels/open-trusted-cloud`, operator);
    expect(granted.body).toMatchObject({ labels: ["open-trusted-cloud"], revision: 2 });
    const again = await call.put(`/products/${draft.id}/labels/open-trusted-cloud`, operator);
    expect(again.body).toMatchObject({ labels: ["open-trusted-cloud"], revision: 2 });
    expect((await call.get(`/products/${draft.id}`)).body.labels).toEqual(["open-trusted-cloud"]);

    const revoked = await call.delete(`/products/${draft.id}/labels/open-trusted-cloud?operatorId=op-1`);
    expect(revoked.body).toMatchObject({ labels: [], revision: 3 });
    expect((await call.delete(`/products/${draft.id}/labels/open-trusted-cloud?operatorId=op-1`)).body.revision).toBe(
      3,
    );
    expect((await productEvents(catalog, draft.id)).map((e) => e.data.labels)).toEqual([
      [],
      ["open-trusted-cloud"],
      [],
    ]);
    expect((await call.put(`/products/${randomUUID()}/labels/open-trusted-cloud`, operator)).status).toBe(404);
    expect((await call.put(`/products/${draft.id}/labels/best-seller`, operator)).status).toBe(400);
  });
});

describe("a published listing as buyers see it", () => {
  it("shows the region's name, the vendor's contact and only active plans", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId, { plans: [plan(), plan({ name: "Old" })], region: "de-fra-1" });
    await call.delete(
      `/vendors/${vendorId}/products/${draft.id}/plans/${draft.plans.find((p: Json) => p.name === "Old").planId}`,
    );
    await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`);
    const shown = await call.get(`/products/${draft.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: draft.id,
      region: "de-fra-1",
      regionName: "Frankfurt (Germany)",
      vendor: {
        id: vendorId,
        legalName: "Nuage Souverain SAS",
        publicContact: {
          email: "ventes@nuage.example",
          phone: "+33 1 84 00 00 00",
          supportUrl: "https://support.nuage.example",
        },
      },
    });
    expect(shown.body.plans.map((p: Json) => p.name)).toEqual(["Pro"]);
  });

  it("is a 404 for a draft, an unknown id and a malformed one", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    for (const id of [draft.id, randomUUID(), "not-an-id"])
      expect((await call.get(`/products/${id}`)).status).toBe(404);
  });
});
