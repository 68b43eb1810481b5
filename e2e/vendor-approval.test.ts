// The walking slice across real processes: an operator approves a vendor in vendor-kyc (through
// the back office), the event goes through its outbox and JetStream, and catalog shows the
// vendor's public contact, even when catalog was hard-killed while the approval happened.
import { applyAndSubmit, approve, demoVendors, signIn, type GatewayUrls } from "@mkt/demo-world";
import { call, type Json } from "@mkt/testing";
import { eventually } from "./support/eventually";
import { startMarketplace, type Marketplace } from "./support/stack";

const OPERATOR = { email: "ops@approval.test", password: "operator-password-e2e" };
let applicants = 0;

describe("a vendor approved in vendor-kyc reaches the catalog", () => {
  let market: Marketplace;
  let urls: GatewayUrls;
  let operatorToken: string;

  beforeAll(async () => {
    market = await startMarketplace({
      services: ["vendor-kyc", "catalog", "vendor-api", "backoffice-api"],
      env: { OUTBOX_POLL_MS: "100", OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
    });
    urls = {
      storefront: "",
      vendorApi: market.url("vendor-api", "/vendor/v1"),
      backoffice: market.url("backoffice-api", "/ops/v1"),
    };
    operatorToken = await signIn(urls.backoffice, OPERATOR.email, OPERATOR.password);
  });
  afterAll(async () => {
    await market?.stop();
  });

  /** A company with every document submits its file; returns its vendor id. */
  async function submitted(legalName: string): Promise<string> {
    const company = {
      ...demoVendors[0]!.company,
      email: `applicant-${++applicants}@approval.test`,
      legalName,
      publicContact: {
        email: "contact@vendor.example",
        phone: "+33 1 23 45 67 89",
        supportUrl: "https://help.vendor.example",
      },
    };
    return (await applyAndSubmit(urls, company)).vendorId;
  }

  async function catalogVendor(vendorId: string): Promise<Json> {
    const answer = await call(market.url("catalog", ""), "GET", `/vendors/${vendorId}`);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it("shows the approved vendor's public contact in the catalog", async () => {
    const vendorId = await submitted("Nuage Souverain SAS");
    await approve(urls, operatorToken, vendorId);
    const shown = await eventually(() => catalogVendor(vendorId));
    expect(shown).toMatchObject({
      legalName: "Nuage Souverain SAS",
      publicContact: {
        email: "contact@vendor.example",
        phone: "+33 1 23 45 67 89",
        supportUrl: "https://help.vendor.example",
      },
    });
  });

  it("catches up after the catalog was killed while vendors were approved", async () => {
    const waiting = [await submitted("Pendant SAS"), await submitted("Panne SARL")];
    await market.kill("catalog");
    for (const vendorId of waiting) await approve(urls, operatorToken, vendorId);
    await market.start("catalog");
    for (const vendorId of waiting) await eventually(() => catalogVendor(vendorId));
  });

  // The exact crash between commit and publish is pinned down in the kit's tests (a relay that
  // never ran); here the producer dies right after answering, whatever its relay had done.
  it("delivers an approval whose producer was killed right after answering", async () => {
    const vendorId = await submitted("Dernier Souffle SAS");
    await approve(urls, operatorToken, vendorId);
    await market.kill("vendor-kyc");
    await market.start("vendor-kyc");
    // Longer than the default 20 s: once (2026-12-04, a full run) the approval had not reached the
    // catalog 20 s after the restart, while it did within 3 s on every rerun. To investigate.
    await eventually(() => catalogVendor(vendorId), 60_000);
  });

  it("keeps errors machine-readable across the slice", async () => {
    const invalid = await call(urls.vendorApi, "POST", "/applications", {
      body: {
        email: "a@b.example",
        password: "long enough password",
        legalName: "",
        publicContact: { email: "nope", phone: "1" },
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["legalName", "publicContact.email", "publicContact.phone"]),
    );
  });
});
