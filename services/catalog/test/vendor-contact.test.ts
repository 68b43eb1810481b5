import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { VendorApprovedV1, VendorContactUpdatedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually, startServiceForTest, type ServiceUnderTest } from "@mkt/testing";
import { vendorKycService, type Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { product, productEvents, startCatalog, type Catalog, type Json } from "./support/catalog.js";

// vendor-kyc publishes the vendor events through its own outbox, as in production.
let catalog: Catalog;
let vendorKyc: ServiceUnderTest<VendorKycDb, unknown, unknown>;
let call: Awaited<ReturnType<typeof startCatalog>>["api"];
let namespace: string;

beforeAll(async () => {
  ({ catalog, api: call, namespace } = await startCatalog());
  vendorKyc = await startServiceForTest(vendorKycService, {
    namespace,
    migrationsDir: join(__dirname, "../../vendor-kyc/prisma/migrations"),
  });
});
afterAll(async () => {
  await Promise.all([catalog?.stop(), vendorKyc?.stop()]);
  await deleteBusNamespace(namespace);
});

const emit = async <D extends typeof VendorApprovedV1 | typeof VendorContactUpdatedV1>(definition: D, data: Json) => {
  const { db, outbox } = vendorKyc.service.deps;
  await db.transaction(async (tx) => outbox.add(tx, definition, data));
};

describe("the vendor's contact on its listings", () => {
  it("publishes once vendor.approved arrived, then follows vendor.contact-updated and announces the listing again", async () => {
    const vendorId = randomUUID();
    const draft = (await call.post(`/vendors/${vendorId}/products`, product())).body;
    expect((await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`)).body.type).toBe(
      "/problems/vendor-not-approved",
    );

    await emit(VendorApprovedV1, {
      vendorId,
      legalName: "Nuage Souverain SAS",
      publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00" },
      approvedAt: "2026-11-01T08:00:00.000Z",
    });
    await eventually(async () =>
      expect((await call.post(`/vendors/${vendorId}/products/${draft.id}/publish`)).status).toBe(200),
    );

    await emit(VendorContactUpdatedV1, {
      vendorId,
      legalName: "Nuage Souverain SA",
      publicContact: {
        email: "bonjour@nuage.example",
        phone: "+33 1 84 00 00 01",
        supportUrl: "https://aide.nuage.example",
      },
      updatedAt: "2026-11-02T08:00:00.000Z",
    });
    const shown = await eventually(async () => {
      const response = await call.get(`/products/${draft.id}`);
      expect(response.body.vendor.publicContact.email).toBe("bonjour@nuage.example");
      return response.body;
    });
    expect(shown.vendor).toEqual({
      id: vendorId,
      legalName: "Nuage Souverain SA",
      publicContact: {
        email: "bonjour@nuage.example",
        phone: "+33 1 84 00 00 01",
        supportUrl: "https://aide.nuage.example",
      },
    });

    const events = await productEvents(catalog, draft.id);
    expect(events.map((e) => e.data.revision)).toEqual([1, 2]);
    expect(events[1].data.vendor).toEqual({
      legalName: "Nuage Souverain SA",
      publicContact: shown.vendor.publicContact,
    });

    // An older update delivered late changes nothing and announces nothing.
    await emit(VendorContactUpdatedV1, {
      vendorId,
      legalName: "Ancien Nom",
      publicContact: { email: "old@nuage.example", phone: "+33 1 00 00 00 00" },
      updatedAt: "2026-11-01T12:00:00.000Z",
    });
    await eventually(async () => {
      const handled = await catalog.database.query(
        `SELECT 1 FROM inbox_message WHERE event_type LIKE 'vendor.contact-updated%'`,
      );
      expect(handled).toHaveLength(2);
    });
    expect((await call.get(`/products/${draft.id}`)).body.vendor.legalName).toBe("Nuage Souverain SA");
    expect(await productEvents(catalog, draft.id)).toHaveLength(2);
  });

  it("keeps a contact update that overtakes the approval, without approving the vendor", async () => {
    const vendorId = randomUUID();
    await emit(VendorContactUpdatedV1, {
      vendorId,
      legalName: "Rapide SAS",
      publicContact: { email: "new@rapide.example", phone: "+33 1 11 11 11 11" },
      updatedAt: "2026-11-03T00:00:00.000Z",
    });
    await eventually(async () =>
      expect(await catalog.database.query(`SELECT 1 FROM vendor WHERE id = $1`, [vendorId])).toHaveLength(1),
    );
    expect((await call.get(`/vendors/${vendorId}`)).status).toBe(404); // not approved yet

    await emit(VendorApprovedV1, {
      vendorId,
      legalName: "Rapide SAS",
      publicContact: { email: "old@rapide.example", phone: "+33 1 11 11 11 11" },
      approvedAt: "2026-11-02T00:00:00.000Z",
    });
    const vendor = await eventually(async () => {
      const response = await call.get(`/vendors/${vendorId}`);
      expect(response.status).toBe(200);
      return response.body;
    });
    expect(vendor.publicContact.email).toBe("new@rapide.example");
  });
});
