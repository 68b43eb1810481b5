import { randomUUID } from "node:crypto";
import { deleteBusNamespace } from "@mkt/testing";
import { approvedVendor, plan, product, startCatalog, type Catalog } from "./support/catalog.js";

// A vendor's retried creation (a timeout, a double click, an SDK's retry) makes one listing, one plan.

let catalog: Catalog;
let call: Awaited<ReturnType<typeof startCatalog>>["api"];
let namespace: string;

beforeAll(async () => {
  ({ catalog, api: call, namespace } = await startCatalog());
});
afterAll(async () => {
  await catalog?.stop();
  await deleteBusNamespace(namespace);
});

const key = () => ({ "idempotency-key": `key-${randomUUID()}` });
const countProducts = async (vendorId: string) =>
  (await catalog.database.query("SELECT id FROM product WHERE vendor_id = $1", [vendorId])).length;

describe("creating a listing with an Idempotency-Key", () => {
  it("answers the same listing to a retry, and makes only one", async () => {
    const vendorId = await approvedVendor(catalog);
    const headers = key();
    const first = await call.post(`/vendors/${vendorId}/products`, product(), headers);
    const retry = await call.post(`/vendors/${vendorId}/products`, product(), headers);
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect(await countProducts(vendorId)).toBe(1);
  });

  it("makes one listing of concurrent calls with one key", async () => {
    const vendorId = await approvedVendor(catalog);
    const headers = key();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call.post(`/vendors/${vendorId}/products`, product(), headers)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await countProducts(vendorId)).toBe(1);
  });

  it("refuses the key with another body: 409 idempotency-key-reused", async () => {
    const vendorId = await approvedVendor(catalog);
    const headers = key();
    await call.post(`/vendors/${vendorId}/products`, product(), headers);
    const reused = await call.post(`/vendors/${vendorId}/products`, product({ name: "Autre chose" }), headers);
    expect(reused).toMatchObject({ status: 409, body: { type: "/problems/idempotency-key-reused" } });
    expect(await countProducts(vendorId)).toBe(1);
  });

  it("keeps two vendors' equal keys apart", async () => {
    const [nuage, orbital] = [await approvedVendor(catalog), await approvedVendor(catalog, "Orbital SAS")];
    const headers = key();
    const first = await call.post(`/vendors/${nuage}/products`, product(), headers);
    const second = await call.post(`/vendors/${orbital}/products`, product({ name: "Autre chose" }), headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toMatchObject({ vendorId: orbital, name: "Autre chose" });
    expect(second.body.id).not.toBe(first.body.id);
  });

  it("makes a new listing of each call without a key", async () => {
    const vendorId = await approvedVendor(catalog);
    await call.post(`/vendors/${vendorId}/products`, product());
    await call.post(`/vendors/${vendorId}/products`, product());
    expect(await countProducts(vendorId)).toBe(2);
  });
});

describe("adding a plan with an Idempotency-Key", () => {
  async function draftOf(vendorId: string) {
    return (await call.post(`/vendors/${vendorId}/products`, product(), key())).body;
  }

  it("adds the plan once and answers the same listing to a retry", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    const headers = key();
    const added = await call.post(`/vendors/${vendorId}/products/${draft.id}/plans`, plan({ name: "Pro" }), headers);
    const retry = await call.post(`/vendors/${vendorId}/products/${draft.id}/plans`, plan({ name: "Pro" }), headers);
    expect(added.status).toBe(201);
    expect(added.body.plans).toHaveLength(draft.plans.length + 1);
    expect(retry).toEqual(added);
  });

  it("adds one plan of concurrent calls with one key", async () => {
    const vendorId = await approvedVendor(catalog);
    const draft = await draftOf(vendorId);
    const headers = key();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        call.post(`/vendors/${vendorId}/products/${draft.id}/plans`, plan({ name: "Pro" }), headers),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const plans = await catalog.database.query("SELECT id FROM plan WHERE product_id = $1", [draft.id]);
    expect(plans).toHaveLength(draft.plans.length + 1);
  });

  it("refuses the key with another plan, or for another of the vendor's listings: 409", async () => {
    const vendorId = await approvedVendor(catalog);
    const [draft, other] = [await draftOf(vendorId), await draftOf(vendorId)];
    const headers = key();
    await call.post(`/vendors/${vendorId}/products/${draft.id}/plans`, plan({ name: "Pro" }), headers);
    const otherPlan = await call.post(
      `/vendors/${vendorId}/products/${draft.id}/plans`,
      plan({ name: "Max" }),
      headers,
    );
    const otherListing = await call.post(
      `/vendors/${vendorId}/products/${other.id}/plans`,
      plan({ name: "Pro" }),
      headers,
    );
    for (const reused of [otherPlan, otherListing])
      expect(reused).toMatchObject({ status: 409, body: { type: "/problems/idempotency-key-reused" } });
    expect((await call.get(`/vendors/${vendorId}/products/${other.id}`)).body.plans).toHaveLength(other.plans.length);
  });
});
