// The walking slice across real processes: vendor-kyc approves a vendor, the event goes through
// its outbox and JetStream, and catalog shows the vendor's public contact, even when catalog
// was hard-killed while the approval happened.
import { call, eventually, type Json } from "./support/http";
import { startMarketplace, type Marketplace } from "./support/stack";

/** A POST with a JSON body (an empty object when none is given). */
const post = (url: string, body: unknown = {}) => call(url, { method: "POST", body });

describe("a vendor approved in vendor-kyc reaches the catalog", () => {
  let market: Marketplace;

  beforeAll(async () => {
    market = await startMarketplace({ services: ["vendor-kyc", "catalog"], env: { OUTBOX_POLL_MS: "100" } });
  });
  afterAll(async () => {
    await market?.stop();
  });

  async function applyAndApprove(legalName: string): Promise<string> {
    const applied = await post(market.url("vendor-kyc", "/vendors"), {
      legalName,
      publicContact: { email: "contact@vendor.example", phone: "+33 1 23 45 67 89", supportUrl: "https://help.vendor.example" },
    });
    expect(applied.status).toBe(201);
    const approved = await post(market.url("vendor-kyc", `/vendors/${applied.body.id}/approve`));
    expect(approved).toMatchObject({ status: 200, body: { status: "approved" } });
    return applied.body.id as string;
  }

  async function catalogVendor(vendorId: string): Promise<Json> {
    const response = await fetch(market.url("catalog", `/vendors/${vendorId}`));
    expect(response.status).toBe(200);
    return response.json();
  }

  it("shows the approved vendor's public contact in the catalog", async () => {
    const vendorId = await applyAndApprove("Nuage Souverain SAS");
    const shown = await eventually(() => catalogVendor(vendorId));
    expect(shown).toMatchObject({
      legalName: "Nuage Souverain SAS",
      publicContact: { email: "contact@vendor.example", phone: "+33 1 23 45 67 89", supportUrl: "https://help.vendor.example" },
    });
  });

  it("catches up after the catalog was killed while vendors were approved", async () => {
    await market.kill("catalog");
    const approvedWhileDown = [await applyAndApprove("Pendant SAS"), await applyAndApprove("Panne SARL")];
    await market.start("catalog");
    for (const vendorId of approvedWhileDown) await eventually(() => catalogVendor(vendorId));
  });

  // The exact crash between commit and publish is pinned down in the kit's tests (a relay that
  // never ran); here the producer dies right after answering, whatever its relay had done.
  it("delivers an approval whose producer was killed right after answering", async () => {
    const applied = await post(market.url("vendor-kyc", "/vendors"), {
      legalName: "Dernier Souffle SAS",
      publicContact: { email: "a@souffle.example", phone: "+33 1 00 00 00 00" },
    });
    const approved = await post(market.url("vendor-kyc", `/vendors/${applied.body.id}/approve`));
    await market.kill("vendor-kyc");
    expect(approved.status).toBe(200);
    await market.start("vendor-kyc");
    await eventually(() => catalogVendor(applied.body.id));
  });

  it("keeps errors machine-readable across the slice", async () => {
    const invalid = await post(market.url("vendor-kyc", "/vendors"), { legalName: "", publicContact: { email: "nope", phone: "1" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["legalName", "publicContact.email", "publicContact.phone"]);
  });
});
