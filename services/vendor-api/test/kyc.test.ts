import { eventually, call, download, upload, type Json } from "@mkt/testing";
import { bankAccountOf, daysAgo, jpegDocument, pdfDocument, pngDocument } from "@mkt/demo-world";
import { application, startVendorStack, type VendorStack } from "./support/vendor.js";

let stack: VendorStack;
beforeAll(async () => {
  stack = await startVendorStack("vendor-api-kyc");
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);
const OPERATOR_ID = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b";
const withoutInstance = ({ instance: _instance, ...problem }: Json) => problem;

/** A vendor that just applied through the gateway: its token and its file's person ids. */
async function applied(legalName = "Nuage Souverain SAS") {
  const input = application({ legalName });
  const answer = await api("POST", "/applications", { body: input });
  expect(answer.status).toBe(201);
  const token = answer.body.tokens.accessToken as string;
  const kyc = (await api("GET", "/kyc", { token })).body;
  return {
    input,
    token,
    vendorId: answer.body.vendorId as string,
    representativeId: kyc.application.representatives[0].id as string,
    ownerId: kyc.application.beneficialOwners[0].id as string,
  };
}

type Vendor = Awaited<ReturnType<typeof applied>>;

/** Every document the file needs, as real files of each accepted type. */
async function uploadEveryDocument(vendor: Vendor, registryExtractIssuedOn = daysAgo(10)) {
  const documents: Json[] = [];
  const send = async (
    fields: Record<string, string>,
    file: { bytes: Uint8Array; filename: string; contentType: string },
  ) => {
    const answer = await upload(stack.url, "/kyc/documents", { token: vendor.token, fields, file });
    expect(answer).toMatchObject({
      status: 201,
      body: { kind: fields.kind, filename: file.filename, contentType: file.contentType },
    });
    documents.push(answer.body);
    return answer.body;
  };
  await send(
    { kind: "representative-id", personId: vendor.representativeId },
    { bytes: jpegDocument(), filename: "cni-camille.jpg", contentType: "image/jpeg" },
  );
  await send(
    { kind: "beneficial-owner-id", personId: vendor.ownerId },
    { bytes: pngDocument(), filename: "passport-camille.png", contentType: "image/png" },
  );
  await send(
    { kind: "registry-extract", issuedOn: registryExtractIssuedOn },
    { bytes: pdfDocument("Extrait Kbis"), filename: "kbis.pdf", contentType: "application/pdf" },
  );
  await send(
    { kind: "bank-details" },
    { bytes: pdfDocument("RIB"), filename: "rib.pdf", contentType: "application/pdf" },
  );
  await send(
    { kind: "statutes" },
    { bytes: pdfDocument("Statuts"), filename: "statuts.pdf", contentType: "application/pdf" },
  );
  return documents;
}

describe("applying", () => {
  it("opens a draft file in vendor-kyc with the whole application, which the vendor reads at GET /kyc", async () => {
    const vendor = await applied();
    const kyc = await api("GET", "/kyc", { token: vendor.token });
    expect(kyc).toMatchObject({
      status: 200,
      body: {
        id: vendor.vendorId,
        status: "draft",
        application: {
          legalName: vendor.input.legalName,
          registrationNumber: vendor.input.registrationNumber,
          vatNumber: vendor.input.vatNumber,
          registeredAddress: vendor.input.registeredAddress,
          publicContact: vendor.input.publicContact,
          representatives: [{ firstName: "Camille", lastName: "Durand", role: "Président" }],
          beneficialOwners: [{ firstName: "Camille", sharePercent: 60 }],
        },
        documents: [],
        bankAccount: null,
      },
    });
  });
});

describe("a vendor's KYC file, through the vendor API", () => {
  let vendor: Vendor;
  beforeAll(async () => {
    vendor = await applied("Souverain Cloud SAS");
  });

  it("changes the application while it is a draft", async () => {
    const publicContact = { email: "contact@souverain.example", phone: "+33 1 00 00 00 00" };
    const changed = await api("PATCH", "/kyc/application", { token: vendor.token, body: { publicContact } });
    expect(changed).toMatchObject({
      status: 200,
      body: { application: { publicContact, legalName: "Souverain Cloud SAS" } },
    });
  });

  it("answers 422 /problems/kyc-checks-failed with every failed check in errors[] when the file is incomplete", async () => {
    const refused = await api("POST", "/kyc/submit", { token: vendor.token });
    expect(refused).toMatchObject({ status: 422, body: { type: "/problems/kyc-checks-failed" } });
    const paths = (refused.body.errors as Json[]).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["documents.registry-extract", "documents.statutes", "bank-account.iban"]),
    );
    for (const error of refused.body.errors as Json[]) expect(error.message).toEqual(expect.any(String));
  });

  it("refuses a file that is not a PDF, PNG or JPEG whatever its name says, with vendor-kyc's own problem", async () => {
    const fake = {
      bytes: new Uint8Array(Buffer.from("just some text, not a document")),
      filename: "statuts.pdf",
      contentType: "application/pdf",
    };
    const refused = await upload(stack.url, "/kyc/documents", {
      token: vendor.token,
      fields: { kind: "statutes" },
      file: fake,
    });
    expect(refused.status).toBe(415);
    const direct = await upload(stack.vendorKyc.service.url, `/vendors/${vendor.vendorId}/documents`, {
      fields: { kind: "statutes" },
      file: fake,
    });
    expect(withoutInstance(refused.body)).toEqual(withoutInstance(direct.body));
    expect((await api("GET", "/kyc", { token: vendor.token })).body.documents).toEqual([]);
  });

  it("refuses an upload without a file or with an unknown kind (400 naming the field)", async () => {
    const noFile = await upload(stack.url, "/kyc/documents", { token: vendor.token, fields: { kind: "statutes" } });
    expect(noFile).toMatchObject({
      status: 400,
      body: { errors: expect.arrayContaining([expect.objectContaining({ path: "file" })]) },
    });
    const badKind = await upload(stack.url, "/kyc/documents", {
      token: vendor.token,
      fields: { kind: "selfie" },
      file: { bytes: pdfDocument(), filename: "x.pdf", contentType: "application/pdf" },
    });
    expect(badKind).toMatchObject({
      status: 400,
      body: { errors: expect.arrayContaining([expect.objectContaining({ path: "kind" })]) },
    });
  });

  it("refuses a document over 10 MiB (413) before it reaches vendor-kyc", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdfDocument().subarray(0, 8));
    const refused = await upload(stack.url, "/kyc/documents", {
      token: vendor.token,
      fields: { kind: "statutes" },
      file: { bytes: big, filename: "huge.pdf", contentType: "application/pdf" },
    });
    expect(refused).toMatchObject({ status: 413, body: { type: expect.stringMatching(/^\/problems\//) } });
    expect((await api("GET", "/kyc", { token: vendor.token })).body.documents).toEqual([]);
  });

  it("refuses a wrong IBAN with the precise reason vendor-kyc gives", async () => {
    const wrong = { iban: "FR76 3000 6000 0112 3456 7890 188", holderName: "Souverain Cloud SAS" };
    const refused = await api("PUT", "/bank-account", { token: vendor.token, body: wrong });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(JSON.stringify(refused.body)).toMatch(/check digits are wrong/);
    const direct = await call(stack.vendorKyc.service.url, "PUT", `/vendors/${vendor.vendorId}/bank-account`, {
      body: wrong,
    });
    expect(withoutInstance(refused.body)).toEqual(withoutInstance(direct.body));
  });

  it("uploads every document, lets the vendor download and delete its own, sets the bank account and submits", async () => {
    // A document uploaded then deleted: gone, and not counted in the file.
    const extra = await upload(stack.url, "/kyc/documents", {
      token: vendor.token,
      fields: { kind: "statutes" },
      file: { bytes: pdfDocument("Statuts v0"), filename: "statuts-v0.pdf", contentType: "application/pdf" },
    });
    expect(extra.status).toBe(201);
    expect((await api("DELETE", `/kyc/documents/${extra.body.id}`, { token: vendor.token })).status).toBe(204);
    expect((await download(stack.url, `/kyc/documents/${extra.body.id}`, vendor.token)).status).toBe(404);

    const documents = await uploadEveryDocument(vendor);
    const id = documents[0].id;
    const copy = await download(stack.url, `/kyc/documents/${id}`, vendor.token);
    expect(copy.status).toBe(200);
    expect(copy.headers.get("content-type")).toMatch(/^image\/jpeg/);
    expect(Buffer.from(copy.bytes).equals(Buffer.from(jpegDocument()))).toBe(true);

    const banked = await api("PUT", "/bank-account", {
      token: vendor.token,
      body: bankAccountOf("Souverain Cloud SAS"),
    });
    expect(banked).toMatchObject({
      status: 200,
      body: { bankAccount: { ibanLast4: "0189", holderName: "Souverain Cloud SAS" } },
    });

    const submitted = await api("POST", "/kyc/submit", { token: vendor.token });
    expect(submitted).toMatchObject({ status: 200, body: { status: "submitted", submittedAt: expect.any(String) } });
    expect((submitted.body.checks as Json[]).every((check) => check.passed)).toBe(true);
    expect((await api("GET", "/kyc", { token: vendor.token })).body.documents.map((d: Json) => d.id).sort()).toEqual(
      documents.map((d) => d.id).sort(),
    );
  });
});

describe("a submission refused by vendor-kyc's checks", () => {
  it("names the registry extract 3 months old or more, in vendor-kyc's own words, and leaves the file a draft", async () => {
    const vendor = await applied("Kbis Ancien SAS");
    await uploadEveryDocument(vendor, daysAgo(120));
    await api("PUT", "/bank-account", { token: vendor.token, body: bankAccountOf("Kbis Ancien SAS") });
    const refused = await api("POST", "/kyc/submit", { token: vendor.token });
    expect(refused).toMatchObject({ status: 422, body: { type: "/problems/kyc-checks-failed" } });
    expect(refused.body.errors).toEqual([
      { path: "registry-extract.age", message: expect.stringContaining(`issued on ${daysAgo(120)}`) },
    ]);
    const file = (await api("GET", "/kyc", { token: vendor.token })).body;
    expect(file.status).toBe("draft");
    expect(file.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ check: "registry-extract.age", passed: false })]),
    );
  });
});

describe("a vendor's listings, through the vendor API", () => {
  const product = {
    name: "Nuage Postgres",
    category: "paas",
    subcategory: "databases",
    region: "fr-par-1",
    description: {
      fr: "Des bases **PostgreSQL** gérées, hébergées en France.",
      en: "Managed **PostgreSQL** databases, hosted in France.",
    },
    documentationUrl: "https://docs.nuage.example/postgres",
    plans: [{ name: "Starter", billingCycle: "monthly", price: { amount: 4900, currency: "EUR" } }],
  };

  it("lets a vendor not yet approved draft a listing, but the catalog refuses to publish it (409) until the approval", async () => {
    const vendor = await applied("Brouillon SAS");
    const created = await api("POST", "/products", { token: vendor.token, body: product });
    expect(created).toMatchObject({
      status: 201,
      body: {
        vendorId: vendor.vendorId,
        status: "draft",
        name: "Nuage Postgres",
        plans: [{ name: "Starter", status: "active" }],
      },
    });
    const refused = await api("POST", `/products/${created.body.id}/publish`, { token: vendor.token });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/^\/problems\//);
    expect((await api("GET", `/products/${created.body.id}`, { token: vendor.token })).body.status).toBe("draft");
  });

  it("manages listings and plans, and publishes once the operator approved the vendor", async () => {
    const vendor = await applied("Publication SAS");
    await uploadEveryDocument(vendor);
    await api("PUT", "/bank-account", { token: vendor.token, body: bankAccountOf("Publication SAS") });
    expect((await api("POST", "/kyc/submit", { token: vendor.token })).status).toBe(200);
    const approved = await call(stack.vendorKyc.service.url, "POST", `/vendors/${vendor.vendorId}/approve`, {
      body: { operatorId: OPERATOR_ID },
    });
    expect(approved).toMatchObject({ status: 200, body: { status: "approved" } });
    expect((await api("GET", "/kyc", { token: vendor.token })).body.status).toBe("approved");

    const created = (await api("POST", "/products", { token: vendor.token, body: { ...product, plans: [] } })).body;
    const id = created.id as string;
    expect(
      await api("PATCH", `/products/${id}`, { token: vendor.token, body: { name: "Nuage Postgres Pro" } }),
    ).toMatchObject({ status: 200, body: { name: "Nuage Postgres Pro" } });
    const withPlan = await api("POST", `/products/${id}/plans`, {
      token: vendor.token,
      body: {
        name: "Business",
        billingCycle: "yearly",
        price: { amount: 99_000, currency: "EUR" },
        commitmentMonths: 12,
        trialDays: 14,
      },
    });
    expect(withPlan).toMatchObject({
      status: 201,
      body: {
        plans: [{ name: "Business", billingCycle: "yearly", commitmentMonths: 12, trialDays: 14, status: "active" }],
      },
    });
    const planId = withPlan.body.plans[0].planId as string;
    // Changing the name only leaves the commitment and the trial as they were.
    const renamed = await api("PATCH", `/products/${id}/plans/${planId}`, {
      token: vendor.token,
      body: { name: "Business annual" },
    });
    expect(renamed.status).toBe(200);
    expect(
      (renamed.body.plans as Json[]).find((p) => p.status === "active" && p.name === "Business annual"),
    ).toMatchObject({ commitmentMonths: 12, trialDays: 14 });
    const second = await api("POST", `/products/${id}/plans`, {
      token: vendor.token,
      body: { name: "Trial", billingCycle: "monthly", price: { amount: 100, currency: "EUR" } },
    });
    const secondId = (second.body.plans as Json[]).find((p) => p.name === "Trial").planId;
    const retired = await api("DELETE", `/products/${id}/plans/${secondId}`, { token: vendor.token });
    expect(retired.status).toBe(200);
    expect((retired.body.plans as Json[]).find((p) => p.planId === secondId)?.status ?? "removed").not.toBe("active");

    // The catalog learns of the approval from vendor-kyc's event: publishing works once it has.
    const published = await eventually(async () => {
      const answer = await api("POST", `/products/${id}/publish`, { token: vendor.token });
      expect(answer).toMatchObject({ status: 200, body: { status: "published", publishedAt: expect.any(String) } });
      return answer.body;
    });
    expect(published.id).toBe(id);
    const found = await call(stack.catalog.service.url, "GET", `/products/${id}`);
    expect(found).toMatchObject({
      status: 200,
      body: { id, name: "Nuage Postgres Pro", vendor: { id: vendor.vendorId, legalName: "Publication SAS" } },
    });

    const listed = await api("GET", "/products?status=published", { token: vendor.token });
    expect(listed).toMatchObject({ status: 200, body: { items: [{ id, status: "published" }], nextCursor: null } });
    expect(await api("POST", `/products/${id}/unpublish`, { token: vendor.token })).toMatchObject({
      status: 200,
      body: { status: "unpublished" },
    });
    expect((await call(stack.catalog.service.url, "GET", `/products/${id}`)).status).toBe(404);
  });

  it("refuses an invalid listing with the fields named (400)", async () => {
    const vendor = await applied("Invalide SAS");
    const refused = await api("POST", "/products", {
      token: vendor.token,
      body: { ...product, category: "iaas", plans: [{ ...product.plans[0], price: { amount: 0, currency: "USD" } }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: Json) => e.path)).toEqual(
      expect.arrayContaining(["category", "plans.0.price.amount", "plans.0.price.currency"]),
    );
  });
});
