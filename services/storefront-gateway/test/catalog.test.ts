import { randomUUID } from "node:crypto";
import { eventually, OPERATOR, call, upload, type Json } from "@mkt/testing";
import { bankAccountOf, companyApplication, daysAgo, jpegDocument, pdfDocument, pngDocument } from "@mkt/demo-world";
import { company, startMarketplace, type Marketplace } from "./support/storefront.js";

let market: Marketplace;
beforeAll(async () => {
  market = await startMarketplace("storefront-catalog");
});
afterAll(() => market?.stop());

const storefront = (path: string, options?: Parameters<typeof call>[3]) =>
  call(market.urls.storefront, "GET", path, options);
const vendorApi = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(market.urls.vendor, method, path, options);
const ops = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(market.urls.ops, method, path, options);
const ids = (page: Json) => (page.body.items as Json[]).map((item) => item.id);

/** A word nobody else's listing has, so a search by it finds only this test's. */
const word = `zorblax${Date.now().toString(36)}`;

/** A listing body; `overrides` change any field. */
const listing = (overrides: Record<string, unknown> = {}) => ({
  name: `Nuage ${word} Postgres`,
  category: "paas",
  subcategory: "databases",
  region: "fr-par-1",
  description: {
    fr: `Des bases PostgreSQL gérées ${word}, hébergées en France.`,
    en: `Managed PostgreSQL ${word} databases, hosted in France.`,
  },
  documentationUrl: "https://docs.nuage.example/postgres",
  plans: [{ name: "Starter", billingCycle: "monthly", price: { amount: 4900, currency: "EUR" } }],
  ...overrides,
});

describe("a vendor's journey to the storefront, through the three gateways", () => {
  const application = companyApplication("Nuage Souverain SAS");
  let vendor: { token: string; vendorId: string };
  let operatorToken: string;
  let productId: string;

  it("takes a vendor from its application to a published, labelled listing that buyers find", async () => {
    // The vendor applies, uploads its documents (real PDF, PNG and JPEG files), sets its bank account and submits.
    const applied = await vendorApi("POST", "/applications", {
      body: { email: `admin-${word}@nuage.example`, password: "vendor passphrase long", ...application },
    });
    expect(applied.status).toBe(201);
    vendor = { token: applied.body.tokens.accessToken, vendorId: applied.body.vendorId };
    const file = (await vendorApi("GET", "/kyc", { token: vendor.token })).body;
    const documents: [Record<string, string>, { bytes: Uint8Array; filename: string; contentType: string }][] = [
      [
        { kind: "representative-id", personId: file.application.representatives[0].id },
        { bytes: jpegDocument(), filename: "cni.jpg", contentType: "image/jpeg" },
      ],
      [
        { kind: "beneficial-owner-id", personId: file.application.beneficialOwners[0].id },
        { bytes: pngDocument(), filename: "passport.png", contentType: "image/png" },
      ],
      [
        { kind: "registry-extract", issuedOn: daysAgo(20) },
        { bytes: pdfDocument("Extrait Kbis"), filename: "kbis.pdf", contentType: "application/pdf" },
      ],
      [{ kind: "bank-details" }, { bytes: pdfDocument("RIB"), filename: "rib.pdf", contentType: "application/pdf" }],
      [
        { kind: "statutes" },
        { bytes: pdfDocument("Statuts"), filename: "statuts.pdf", contentType: "application/pdf" },
      ],
    ];
    for (const [fields, document] of documents) {
      expect(
        await upload(market.urls.vendor, "/kyc/documents", { token: vendor.token, fields, file: document }),
      ).toMatchObject({ status: 201, body: { kind: fields.kind } });
    }
    expect(
      (await vendorApi("PUT", "/bank-account", { token: vendor.token, body: bankAccountOf(application.legalName) }))
        .status,
    ).toBe(200);
    expect(await vendorApi("POST", "/kyc/submit", { token: vendor.token })).toMatchObject({
      status: 200,
      body: { status: "submitted" },
    });

    // A listing drafted before the approval cannot be published yet.
    const draft = await vendorApi("POST", "/products", { token: vendor.token, body: listing() });
    expect(draft).toMatchObject({ status: 201, body: { status: "draft" } });
    productId = draft.body.id;
    expect((await vendorApi("POST", `/products/${productId}/publish`, { token: vendor.token })).status).toBe(409);
    expect((await storefront(`/products/${productId}`)).status).toBe(404);

    // The operator finds the application waiting and approves it.
    operatorToken = (await ops("POST", "/auth/login", { body: OPERATOR })).body.accessToken;
    const waiting = await ops("GET", "/kyc/reviews?limit=100", { token: operatorToken });
    expect((waiting.body.items as Json[]).map((item) => item.vendorId)).toContain(vendor.vendorId);
    expect(await ops("POST", `/kyc/reviews/${vendor.vendorId}/approve`, { token: operatorToken })).toMatchObject({
      status: 200,
      body: { status: "approved" },
    });

    // Published once the catalog has heard of the approval (an event), then found by its words.
    await eventually(async () =>
      expect(await vendorApi("POST", `/products/${productId}/publish`, { token: vendor.token })).toMatchObject({
        status: 200,
        body: { status: "published" },
      }),
    );
    const found = await storefront(`/products?q=${word}`);
    expect(found).toMatchObject({
      status: 200,
      body: {
        items: [
          {
            id: productId,
            name: `Nuage ${word} Postgres`,
            labels: [],
            vendor: { id: vendor.vendorId, legalName: "Nuage Souverain SAS" },
            fromPrice: { amount: 4900, currency: "EUR" },
          },
        ],
        nextCursor: null,
      },
    });
    expect(ids(await storefront(`/products?q=${word}&label=open-trusted-cloud`))).toEqual([]);

    // The operator grants the label: buyers filtering on it find the listing.
    expect(
      await ops("POST", `/products/${productId}/labels/open-trusted-cloud`, { token: operatorToken }),
    ).toMatchObject({ status: 200, body: { labels: ["open-trusted-cloud"] } });
    expect(ids(await storefront(`/products?q=${word}&label=open-trusted-cloud`))).toEqual([productId]);
    expect(ids(await storefront(`/products?label=open-trusted-cloud&limit=100`))).toContain(productId);

    // Its details show the plans that can be bought and the vendor's public contact.
    const details = await storefront(`/products/${productId}`);
    expect(details).toMatchObject({
      status: 200,
      body: {
        id: productId,
        region: "fr-par-1",
        regionName: expect.any(String),
        labels: ["open-trusted-cloud"],
        vendor: { id: vendor.vendorId, legalName: "Nuage Souverain SAS", publicContact: application.publicContact },
        plans: [
          { name: "Starter", billingCycle: "monthly", price: { amount: 4900, currency: "EUR" }, status: "active" },
        ],
      },
    });
    expect(details.headers.get("cache-control")).toMatch(/max-age=\d+/);
  });

  it("stops showing a listing its vendor unpublished or an operator unlisted", async () => {
    const second = (
      await vendorApi("POST", "/products", { token: vendor.token, body: listing({ name: `Second ${word}` }) })
    ).body;
    expect((await vendorApi("POST", `/products/${second.id}/publish`, { token: vendor.token })).status).toBe(200);
    expect(ids(await storefront(`/products?q=${word}`)).sort()).toEqual([productId, second.id].sort());

    expect(
      await ops("POST", `/products/${second.id}/unlist`, {
        token: operatorToken,
        body: { reason: "Not hosted on the platform." },
      }),
    ).toMatchObject({ status: 200, body: { status: "unlisted" } });
    expect((await storefront(`/products/${second.id}`)).status).toBe(404);
    expect(ids(await storefront(`/products?q=${word}`))).toEqual([productId]);
    expect((await vendorApi("POST", `/products/${second.id}/publish`, { token: vendor.token })).status).toBe(409);
  });
});

describe("searching the catalog", () => {
  const tag = `quuxil${Date.now().toString(36)}`;
  let vendorId: string;
  const created: Record<string, string> = {};

  beforeAll(async () => {
    // An approved vendor with three listings, set up through vendor-kyc's and the catalog's internal APIs.
    const kycUrl = market.vendorKyc.service.url;
    const applicationBody = companyApplication("Filtres SAS");
    const applied = await call(kycUrl, "POST", "/vendors", {
      body: applicationBody,
      headers: { "idempotency-key": randomUUID() },
    });
    vendorId = applied.body.id;
    const personOf: Record<string, string> = {
      "representative-id": applied.body.application.representatives[0].id,
      "beneficial-owner-id": applied.body.application.beneficialOwners[0].id,
    };
    for (const kind of ["representative-id", "beneficial-owner-id", "registry-extract", "bank-details", "statutes"]) {
      const fields: Record<string, string> = {
        kind,
        ...(personOf[kind] ? { personId: personOf[kind] } : {}),
        ...(kind === "registry-extract" ? { issuedOn: daysAgo(5) } : {}),
      };
      expect(
        (
          await upload(kycUrl, `/vendors/${vendorId}/documents`, {
            fields,
            file: { bytes: pdfDocument(kind), filename: `${kind}.pdf`, contentType: "application/pdf" },
          })
        ).status,
      ).toBe(201);
    }
    expect(
      (await call(kycUrl, "PUT", `/vendors/${vendorId}/bank-account`, { body: bankAccountOf("Filtres SAS") })).status,
    ).toBe(200);
    expect((await call(kycUrl, "POST", `/vendors/${vendorId}/submit`)).status).toBe(200);
    expect(
      (
        await call(kycUrl, "POST", `/vendors/${vendorId}/approve`, {
          body: { operatorId: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b" },
        })
      ).status,
    ).toBe(200);

    const catalogUrl = market.catalog.service.url;
    const products: Record<string, Record<string, unknown>> = {
      crm: {
        name: `Alpha CRM ${tag}`,
        category: "saas",
        subcategory: "crm",
        plans: [{ name: "Team", billingCycle: "monthly", price: { amount: 1500, currency: "EUR" }, trialDays: 30 }],
      },
      kubernetes: {
        name: `Beta Kubernetes ${tag}`,
        category: "paas",
        subcategory: "kubernetes",
        plans: [
          {
            name: "Cluster",
            billingCycle: "yearly",
            price: { amount: 120_000, currency: "EUR" },
            commitmentMonths: 12,
          },
        ],
      },
      databases: {
        name: `Gamma Databases ${tag}`,
        category: "paas",
        subcategory: "databases",
        plans: [{ name: "Small", billingCycle: "monthly", price: { amount: 9900, currency: "EUR" } }],
      },
    };
    for (const [key, overrides] of Object.entries(products)) {
      const product = await call(catalogUrl, "POST", `/vendors/${vendorId}/products`, {
        body: listing({ description: { fr: `Une solution ${tag}.`, en: `A ${tag} solution.` }, ...overrides }),
      });
      expect(product.status).toBe(201);
      created[key] = product.body.id;
      await eventually(async () =>
        expect(
          (await call(catalogUrl, "POST", `/vendors/${vendorId}/products/${product.body.id}/publish`)).status,
        ).toBe(200),
      );
    }
  });

  const search = async (filters: string) => ids(await storefront(`/products?q=${tag}&${filters}`)).sort();

  it("filters by every criterion the catalog knows", async () => {
    expect(await search("")).toEqual(Object.values(created).sort());
    expect(await search("category=saas")).toEqual([created.crm]);
    expect(await search("subcategory=kubernetes")).toEqual([created.kubernetes]);
    expect(await search(`vendor=${vendorId}`)).toEqual(Object.values(created).sort());
    expect(await search("billingCycle=yearly")).toEqual([created.kubernetes]);
    expect(await search("minPrice=9000")).toEqual([created.kubernetes, created.databases].sort());
    expect(await search("maxPrice=10000")).toEqual([created.crm, created.databases].sort());
    expect(await search("minPrice=2000&maxPrice=10000")).toEqual([created.databases]);
    expect(await search("freeTrial=true")).toEqual([created.crm]);
    expect(await search("locale=fr")).toEqual(Object.values(created).sort());
    expect(await search("label=open-trusted-cloud")).toEqual([]);
  });

  it("sorts and pages with a cursor", async () => {
    const byPrice = await storefront(`/products?q=${tag}&sort=price-asc`);
    expect(ids(byPrice)).toEqual([created.crm, created.databases, created.kubernetes]);
    expect(ids(await storefront(`/products?q=${tag}&sort=name`))).toEqual([
      created.crm,
      created.kubernetes,
      created.databases,
    ]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await storefront(
        `/products?q=${tag}&sort=name&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([created.crm, created.kubernetes, created.databases]);
  });

  it("is public and cacheable briefly: no token needed, and a buyer's or any token changes nothing", async () => {
    const anonymous = await storefront(`/products?q=${tag}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    const buyer = (await call(market.urls.storefront, "POST", "/auth/signup", { body: company() })).body.tokens
      .accessToken;
    for (const token of [buyer, "garbage"]) {
      const answer = await storefront(`/products?q=${tag}`, { token });
      expect(answer.body).toEqual(anonymous.body);
      expect((await storefront(`/products/${created.crm}`, { token })).status).toBe(200);
    }
  });

  it("names an invalid filter (400) and passes the catalog's 404 through for an unknown or unpublished listing, never cached", async () => {
    const invalid = await storefront("/products?category=iaas&minPrice=-1&freeTrial=maybe&limit=1000");
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: Json) => e.path)).toEqual(
      expect.arrayContaining(["query.category", "query.minPrice", "query.freeTrial", "query.limit"]),
    );
    const unknown = await storefront("/products/0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b");
    expect(unknown).toMatchObject({ status: 404, body: { type: expect.stringMatching(/^\/problems\//) } });
    expect(unknown.headers.get("cache-control") ?? "").not.toMatch(/max-age=[1-9]/);
    const draft = await call(market.catalog.service.url, "POST", `/vendors/${vendorId}/products`, {
      body: listing({ name: `Draft ${tag}` }),
    });
    expect((await storefront(`/products/${draft.body.id}`)).status).toBe(404);
    expect(await search("")).not.toContain(draft.body.id);
  });
});
