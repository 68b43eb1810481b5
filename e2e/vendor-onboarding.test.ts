// Issue 4's whole journey across real processes: a company applies through the vendor API with
// real documents, each bad input is refused with a precise message, an operator approves it, it
// publishes a solution, the operator labels it, and a buyer finds it with the label filter and
// sees the vendor's contact. Then the demo world `npm start` seeds is seeded the same way.
import {
  applicationOf,
  demoOperator,
  demoVendors,
  fileForm,
  ibanOf,
  printIban,
  request,
  seedDemoWorld,
  signIn,
  solidPng,
  textPdf,
  type CompanyProfile,
  type GatewayUrls,
} from "@mkt/demo-world";
import { download, type Json } from "@mkt/testing";
import { eventually } from "./support/eventually";
import { startMarketplace, type Marketplace } from "./support/stack";

// The demo world's operator, so that the demo can be seeded into the same marketplace.
const OPERATOR = { email: demoOperator.email, password: demoOperator.password };
const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

const company: CompanyProfile = {
  email: "kyc@brume.example",
  password: "brume-password-e2e",
  legalName: "Brume Analytique SAS",
  sirenBase: "84567890",
  legalForm: "SAS",
  shareCapital: { amount: 1_000_000, currency: "EUR" },
  address: { line1: "2 quai de la Fosse", postalCode: "44000", city: "Nantes" },
  publicContact: {
    email: "contact@brume.example",
    phone: "+33 2 40 00 00 04",
    supportUrl: "https://support.brume.example",
  },
  representative: { firstName: "Élise", lastName: "Morel", birthDate: "1985-06-01", role: "Présidente" },
  beneficialOwner: { firstName: "Élise", lastName: "Morel", birthDate: "1985-06-01", sharePercent: 80 },
  bankAccount: "40000000004",
};

describe("a vendor onboards with KYC and a buyer finds its labelled solution", () => {
  let market: Marketplace;
  let urls: GatewayUrls;

  beforeAll(async () => {
    market = await startMarketplace({
      services: ["vendor-kyc", "catalog", "storefront-gateway", "vendor-api", "backoffice-api"],
      env: { OUTBOX_POLL_MS: "100", OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
    });
    urls = {
      storefront: market.url("storefront-gateway", "/api/v1"),
      vendorApi: market.url("vendor-api", "/vendor/v1"),
      backoffice: market.url("backoffice-api", "/ops/v1"),
    };
  });
  afterAll(async () => {
    await market?.stop();
  });

  it("refuses each bad input precisely, then approves, publishes and is found with the label filter", async () => {
    // Apply.
    const applied = await request(`${urls.vendorApi}/applications`, { body: applicationOf(company) });
    expect(applied.status).toBe(201);
    const token: string = applied.body.tokens.accessToken;
    const vendorId: string = applied.body.vendorId;
    const kyc = (await request(`${urls.vendorApi}/kyc`, { token })).body;
    expect(kyc).toMatchObject({ id: vendorId, status: "draft" });
    const representativeId: string = kyc.application.representatives[0].id;
    const ownerId: string = kyc.application.beneficialOwners[0].id;
    const upload = (
      kind: string,
      file: { bytes: Uint8Array; filename: string; contentType: string },
      fields: Record<string, string> = {},
    ) => request(`${urls.vendorApi}/kyc/documents`, { token, form: fileForm(file, { kind, ...fields }) });
    const pdf = (title: string, filename: string) => ({
      bytes: textPdf(title, [company.legalName]),
      filename,
      contentType: "application/pdf",
    });

    // A text file named .pdf and declared as a PDF is refused by its content.
    const fake = await upload("statutes", {
      bytes: Buffer.from("these are not statutes"),
      filename: "statuts.pdf",
      contentType: "application/pdf",
    });
    expect(fake.status).toBe(415);
    expect(fake.body.detail).toMatch(/PDF, PNG or JPEG/i);

    // Every document, with a registry extract issued four months ago.
    expect(
      (await upload("registry-extract", pdf("Extrait Kbis", "kbis.pdf"), { issuedOn: isoDaysAgo(120) })).status,
    ).toBe(201);
    expect((await upload("statutes", pdf("Statuts", "statuts.pdf"))).status).toBe(201);
    expect((await upload("bank-details", pdf("RIB", "rib.pdf"))).status).toBe(201);
    expect(
      (
        await upload(
          "representative-id",
          { bytes: solidPng(), filename: "id.png", contentType: "image/png" },
          { personId: representativeId },
        )
      ).status,
    ).toBe(201);
    expect(
      (await upload("beneficial-owner-id", pdf("Carte d'identite", "id-owner.pdf"), { personId: ownerId })).status,
    ).toBe(201);

    // A bad IBAN and a holder who is not the company are refused, each naming its field.
    const iban = ibanOf(company);
    const badIban = `${iban.slice(0, 2)}${iban[2] === "9" ? "0" : "9"}${iban.slice(3)}`; // wrong check digits
    const refusedIban = await request(`${urls.vendorApi}/bank-account`, {
      method: "PUT",
      token,
      body: { iban: badIban, holderName: company.legalName },
    });
    expect(refusedIban.status).toBe(400);
    expect(refusedIban.body.errors).toEqual([
      expect.objectContaining({ path: "iban", message: expect.stringMatching(/check digits/i) }),
    ]);
    const foreignHolder = await request(`${urls.vendorApi}/bank-account`, {
      method: "PUT",
      token,
      body: { iban: printIban(iban), holderName: "Jean Dupont" },
    });
    expect(foreignHolder.status).toBe(400);
    expect(foreignHolder.body.errors).toEqual([
      expect.objectContaining({ path: "holderName", message: expect.stringContaining(company.legalName) }),
    ]);
    expect(
      (
        await request(`${urls.vendorApi}/bank-account`, {
          method: "PUT",
          token,
          body: { iban: printIban(iban), holderName: "BRUME ANALYTIQUE" },
        })
      ).status,
    ).toBe(200);

    // Submitting with the old extract is refused with the check that failed; a fresh one passes.
    const tooOld = await request(`${urls.vendorApi}/kyc/submit`, { token, body: {} });
    expect(tooOld.status).toBe(422);
    expect(tooOld.body.type).toBe("/problems/kyc-checks-failed");
    expect(tooOld.body.errors).toEqual([
      expect.objectContaining({
        path: expect.stringContaining("registry-extract"),
        message: expect.stringMatching(/3 months/),
      }),
    ]);
    expect(
      (await upload("registry-extract", pdf("Extrait Kbis", "kbis-recent.pdf"), { issuedOn: isoDaysAgo(10) })).status,
    ).toBe(201);
    const submitted = await request(`${urls.vendorApi}/kyc/submit`, { token, body: {} });
    expect(submitted).toMatchObject({ status: 200, body: { status: "submitted" } });

    // Not approved yet: the vendor can draft a listing but not publish it.
    const product = await request(`${urls.vendorApi}/products`, {
      token,
      body: {
        name: "Brume Insights",
        category: "saas",
        subcategory: "analytics",
        region: "fr-par-1",
        description: {
          fr: "Tableaux de bord **souverains** pour piloter vos ventes.",
          en: "**Sovereign** dashboards to steer your sales.",
        },
        documentationUrl: "https://docs.brume.example",
        plans: [{ name: "Starter", billingCycle: "monthly", price: { amount: 2500, currency: "EUR" }, trialDays: 14 }],
      },
    });
    expect(product.status).toBe(201);
    const productId: string = product.body.id;
    const early = await request(`${urls.vendorApi}/products/${productId}/publish`, { token, body: {} });
    expect(early).toMatchObject({ status: 409, body: { type: "/problems/vendor-not-approved" } });

    // The operator reviews the file (a document included) and approves.
    const operatorToken = await signIn(urls.backoffice, OPERATOR.email, OPERATOR.password);
    const queue = await request(`${urls.backoffice}/kyc/reviews`, { token: operatorToken });
    expect(queue.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ vendorId, status: "submitted" })]),
    );
    const file = (await request(`${urls.backoffice}/kyc/reviews/${vendorId}`, { token: operatorToken })).body;
    const statutes = file.documents.find((d: Json) => d.kind === "statutes");
    const statutesFile = await download(
      urls.backoffice,
      `/kyc/reviews/${vendorId}/documents/${statutes.id}`,
      operatorToken,
    );
    expect(statutesFile.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(statutesFile.bytes).subarray(0, 5).toString()).toBe("%PDF-");
    const approved = await request(`${urls.backoffice}/kyc/reviews/${vendorId}/approve`, {
      token: operatorToken,
      body: {},
    });
    expect(approved).toMatchObject({ status: 200, body: { status: "approved" } });

    // The catalog learns of the approval through the bus; then the listing can be published.
    const published = await eventually(async () => {
      const answer = await request(`${urls.vendorApi}/products/${productId}/publish`, { token, body: {} });
      expect(answer.status).toBe(200);
      return answer.body;
    });
    expect(published.status).toBe("published");
    const labelled = await request(`${urls.backoffice}/products/${productId}/labels/open-trusted-cloud`, {
      token: operatorToken,
      body: {},
    });
    expect(labelled.status).toBe(200);

    // A buyer, not even signed in, finds it by words and with the label filter, and sees the contact.
    const found = await request(
      `${urls.storefront}/products?q=${encodeURIComponent("tableaux de bord")}&label=open-trusted-cloud&locale=fr`,
    );
    expect(found.status).toBe(200);
    expect(found.body.items.map((item: Json) => item.id)).toEqual([productId]);
    expect(found.body.items[0]).toMatchObject({
      name: "Brume Insights",
      labels: ["open-trusted-cloud"],
      fromPrice: { amount: 2500, currency: "EUR" },
      freeTrial: true,
    });
    const details = await request(`${urls.storefront}/products/${productId}`);
    expect(details.body).toMatchObject({
      vendor: { id: vendorId, legalName: company.legalName, publicContact: company.publicContact },
      plans: [expect.objectContaining({ name: "Starter" })],
    });

    // Without the label, the same words find nothing labelled from another vendor's catalogue.
    const unlabelled = await request(`${urls.storefront}/products?q=dashboards&label=open-trusted-cloud&category=paas`);
    expect(unlabelled.body.items).toEqual([]);
  });

  it("seeds the demo world `npm start` shows, and seeding again changes nothing", async () => {
    const first = await seedDemoWorld(urls);
    expect(first).toEqual({ created: expect.any(Array), alreadyThere: [] });
    expect(first.created).toHaveLength(demoVendors.length + 1); // and the buyer
    const again = await seedDemoWorld(urls);
    expect(again.created).toEqual([]);
    expect(again.alreadyThere).toHaveLength(demoVendors.length + 1);

    const names = async (query: string) =>
      (await request(`${urls.storefront}/products?limit=100${query}`)).body.items.map(
        (item: Json) => item.name as string,
      );
    const demoSolutions = demoVendors.flatMap((v) => v.solutions);
    expect(await names("")).toEqual(expect.arrayContaining(demoSolutions.map((s) => s.name)));
    const labelled = await names("&label=open-trusted-cloud");
    for (const solution of demoSolutions)
      expect(labelled.includes(solution.name)).toBe(Boolean(solution.openTrustedCloud));
    // French stemming: "facturation" finds "factures" and "Factura" too, and nothing about Kubernetes.
    const invoicing = await names(`&q=${encodeURIComponent("facturation")}&locale=fr`);
    expect(invoicing).toEqual(expect.arrayContaining(["Factura Compta", "Coffre-Fort Numérique"]));
    expect(invoicing).not.toContain("Orbital Kubernetes");
    const buyer = await request(`${urls.storefront}/auth/login`, {
      body: { email: "buyer@acme.example", password: demoOperator.password },
    });
    expect(buyer.status).toBe(200);
  });
});
