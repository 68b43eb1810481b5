import { join } from "node:path";
import { VendorApprovedV1 } from "@mkt/contracts";
import type { PrismaLike } from "@mkt/service-kit";
import { deleteBusNamespace, eventually, startServiceForTest, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/service-kit/testing";
import { vendorKycService } from "@mkt/vendor-kyc/bootstrap";
import type { Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { catalogService } from "../src/bootstrap.js";
import type { Db as CatalogDb } from "../src/db/client.js";

type Started<C extends PrismaLike> = ServiceUnderTest<C, Record<string, never>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const namespace = uniqueBusNamespace("catalog");
let catalog: Started<CatalogDb>;
let vendorKyc: Started<VendorKycDb>;

beforeAll(async () => {
  [catalog, vendorKyc] = await Promise.all([
    startServiceForTest(catalogService, { namespace, migrationsDir: join(__dirname, "../prisma/migrations") }),
    startServiceForTest(vendorKycService, { namespace, migrationsDir: join(__dirname, "../../vendor-kyc/prisma/migrations") }),
  ]);
});
afterAll(async () => {
  await Promise.all([catalog?.stop(), vendorKyc?.stop()]);
  await deleteBusNamespace(namespace);
});

async function post(base: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  return { status: response.status, body: (await response.json()) as Json };
}

const application = { legalName: "Nuage Souverain SAS", publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00", supportUrl: "https://support.nuage.example" } };

describe("the catalog's copy of approved vendors", () => {
  it("shows a vendor's public contact once vendor-kyc approves it", async () => {
    const applied = await post(vendorKyc.service.url, "/vendors", application);
    expect(applied.status).toBe(201);
    expect((await fetch(`${catalog.service.url}/vendors/${applied.body.id}`)).status).toBe(404);

    expect((await post(vendorKyc.service.url, `/vendors/${applied.body.id}/approve`)).status).toBe(200);

    const shown = await eventually(async () => {
      const response = await fetch(`${catalog.service.url}/vendors/${applied.body.id}`);
      expect(response.status).toBe(200);
      return (await response.json()) as Json;
    });
    expect(shown).toMatchObject({ id: applied.body.id, legalName: "Nuage Souverain SAS", publicContact: application.publicContact });
  });

  it("refuses to approve a vendor twice, and announces the approval once", async () => {
    const applied = await post(vendorKyc.service.url, "/vendors", application);
    await post(vendorKyc.service.url, `/vendors/${applied.body.id}/approve`);
    const again = await post(vendorKyc.service.url, `/vendors/${applied.body.id}/approve`);
    expect(again).toMatchObject({ status: 409, body: { type: "/problems/vendor-not-reviewable", status: 409 } });
    const events = await vendorKyc.database.query(`SELECT id FROM outbox_event WHERE type = 'vendor.approved' AND payload->'data'->>'vendorId' = $1`, [applied.body.id]);
    expect(events).toHaveLength(1);
  });

  it("answers an unknown vendor with 404 and a malformed id with 400", async () => {
    expect((await fetch(`${catalog.service.url}/vendors/0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b`)).status).toBe(404);
    const malformed = await fetch(`${catalog.service.url}/vendors/not-an-id`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errors: [{ path: "params.vendorId" }] });
  });

  it("never lets an older approval overwrite a newer one delivered before it", async () => {
    const vendorId = "0193b1a2-7c4e-7d2a-9f10-000000000001";
    const approval = (email: string, approvedAt: string) => ({ vendorId, legalName: "Ordre SAS", publicContact: { email, phone: "+33 1 00 00 00 00" }, approvedAt });
    const { db, outbox } = vendorKyc.service.deps;
    await db.transaction(async (tx) => outbox.add(tx, VendorApprovedV1, approval("new@ordre.example", "2026-06-02T00:00:00.000Z")));
    await eventually(async () => expect((await fetch(`${catalog.service.url}/vendors/${vendorId}`)).status).toBe(200));
    await db.transaction(async (tx) => outbox.add(tx, VendorApprovedV1, approval("old@ordre.example", "2026-06-01T00:00:00.000Z")));
    await eventually(async () => expect(await catalog.database.query(`SELECT 1 FROM inbox_message`)).toHaveLength(4));
    const shown = (await (await fetch(`${catalog.service.url}/vendors/${vendorId}`)).json()) as Json;
    expect(shown.publicContact.email).toBe("new@ordre.example");
  });
});
