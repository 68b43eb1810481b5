import { join } from "node:path";
import { VendorApprovedV1, type EventData } from "@mkt/contracts";
import type { PrismaLike } from "@mkt/service-kit";
import {
  deleteBusNamespace,
  eventually,
  startServiceForTest,
  uniqueBusNamespace,
  type Json,
  type ServiceUnderTest,
} from "@mkt/testing";
import { vendorKycService } from "@mkt/vendor-kyc/bootstrap";
import type { Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { catalogService } from "../src/bootstrap.js";
import type { Db as CatalogDb } from "../src/db/client.js";

type Started<C extends PrismaLike> = ServiceUnderTest<C, unknown, unknown>;

const namespace = uniqueBusNamespace("catalog");
let catalog: Started<CatalogDb>;
let vendorKyc: Started<VendorKycDb>;

beforeAll(async () => {
  [catalog, vendorKyc] = await Promise.all([
    startServiceForTest(catalogService, { namespace, migrationsDir: join(__dirname, "../prisma/migrations") }),
    startServiceForTest(vendorKycService, {
      namespace,
      migrationsDir: join(__dirname, "../../vendor-kyc/prisma/migrations"),
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([catalog?.stop(), vendorKyc?.stop()]);
  await deleteBusNamespace(namespace);
});

// vendor-kyc's own HTTP workflow (apply, review, approve) is vendor-kyc's to test: here its outbox
// publishes the event exactly as its approval use case does, so this test only depends on the contract.
const approve = async (data: EventData<typeof VendorApprovedV1>) => {
  const { db, outbox } = vendorKyc.service.deps;
  await db.transaction(async (tx) => outbox.add(tx, VendorApprovedV1, data));
};

const publicContact = {
  email: "ventes@nuage.example",
  phone: "+33 1 84 00 00 00",
  supportUrl: "https://support.nuage.example",
};

describe("the catalog's copy of approved vendors", () => {
  it("shows a vendor's public contact once vendor-kyc approves it", async () => {
    const vendorId = "0193b1a2-7c4e-7d2a-9f10-0000000000a1";
    expect((await fetch(`${catalog.service.url}/vendors/${vendorId}`)).status).toBe(404);
    await approve({
      vendorId,
      legalName: "Nuage Souverain SAS",
      publicContact,
      approvedAt: "2026-06-01T00:00:00.000Z",
    });
    const shown = await eventually(async () => {
      const response = await fetch(`${catalog.service.url}/vendors/${vendorId}`);
      expect(response.status).toBe(200);
      return (await response.json()) as Json;
    });
    expect(shown).toMatchObject({ id: vendorId, legalName: "Nuage Souverain SAS", publicContact });
  });

  it("keeps the identity an approval carries for the vendor's invoices", async () => {
    const vendorId = "0193b1a2-7c4e-7d2a-9f10-0000000000a2";
    const registeredAddress = { line1: "12 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" };
    await approve({
      vendorId,
      legalName: "Identité SAS",
      publicContact,
      approvedAt: "2026-06-01T00:00:00.000Z",
      registrationNumber: "732829320",
      vatNumber: "FR44732829320",
      registeredAddress,
      legalForm: "SAS",
      shareCapital: { amount: 5_000_000, currency: "EUR" },
    });
    const row = await eventually(async () => {
      const [found] = await catalog.database.query<Json>(
        "SELECT registration_number, vat_number, registered_address, legal_form, share_capital FROM vendor WHERE id = $1",
        [vendorId],
      );
      expect(found).toBeDefined();
      return found;
    });
    expect(row).toEqual({
      registration_number: "732829320",
      vat_number: "FR44732829320",
      registered_address: registeredAddress,
      legal_form: "SAS",
      share_capital: { amount: 5_000_000, currency: "EUR" },
    });
  });

  it("answers an unknown vendor with 404 and a malformed id with 400", async () => {
    expect((await fetch(`${catalog.service.url}/vendors/0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b`)).status).toBe(404);
    const malformed = await fetch(`${catalog.service.url}/vendors/not-an-id`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errors: [{ path: "params.vendorId" }] });
  });

  it("never lets an older approval overwrite a newer one delivered before it", async () => {
    const vendorId = "0193b1a2-7c4e-7d2a-9f10-000000000001";
    const approval = (email: string, approvedAt: string) => ({
      vendorId,
      legalName: "Ordre SAS",
      publicContact: { email, phone: "+33 1 00 00 00 00" },
      approvedAt,
    });
    const { db, outbox } = vendorKyc.service.deps;
    await db.transaction(async (tx) =>
      outbox.add(tx, VendorApprovedV1, approval("new@ordre.example", "2026-06-02T00:00:00.000Z")),
    );
    await eventually(async () => expect((await fetch(`${catalog.service.url}/vendors/${vendorId}`)).status).toBe(200));
    await db.transaction(async (tx) =>
      outbox.add(tx, VendorApprovedV1, approval("old@ordre.example", "2026-06-01T00:00:00.000Z")),
    );
    await eventually(async () => expect(await catalog.database.query(`SELECT 1 FROM inbox_message`)).toHaveLength(3));
    const shown = (await (await fetch(`${catalog.service.url}/vendors/${vendorId}`)).json()) as Json;
    expect(shown.publicContact.email).toBe("new@ordre.example");
  });
});
