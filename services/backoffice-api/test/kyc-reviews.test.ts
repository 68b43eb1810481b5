import { eventually, OPERATOR, call, download, type Json } from "@mkt/testing";
import { bankAccountOf } from "@mkt/demo-world";
import {
  DOCUMENTS,
  draftProduct,
  startBackofficeStack,
  submittedVendor,
  type BackofficeStack,
} from "./support/backoffice.js";

let stack: BackofficeStack;
let token: string;
let operatorId: string;
beforeAll(async () => {
  stack = await startBackofficeStack("backoffice-kyc-reviews");
  token = (await call(stack.url, "POST", "/auth/login", { body: OPERATOR })).body.accessToken;
  operatorId = (await stack.gateway.database.query<{ id: string }>(`SELECT id FROM operator`))[0]!.id;
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(stack.url, method, path, { token, ...options });
const UNKNOWN = "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b";
const byOperator = (action: string) => expect.objectContaining({ action, actor: { kind: "operator", id: operatorId } });

describe("reviewing vendors' KYC", () => {
  it("lists the applications waiting for a decision, oldest first, and filters by status", async () => {
    const first = await submittedVendor(stack, "Premier Nuage SAS");
    const second = await submittedVendor(stack, "Second Nuage SAS");
    const waiting = await api("GET", "/kyc/reviews?limit=100");
    expect(waiting.status).toBe(200);
    const ids = (waiting.body.items as Json[]).map((item) => item.vendorId);
    expect(ids.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    expect((waiting.body.items as Json[]).find((item) => item.vendorId === first)).toMatchObject({
      legalName: "Premier Nuage SAS",
      status: "submitted",
      documentCount: 5,
      payoutsOnHold: false,
    });

    await api("POST", `/kyc/reviews/${first}/approve`);
    const approved = await api("GET", "/kyc/reviews?status=approved&limit=100");
    expect((approved.body.items as Json[]).map((item) => item.vendorId)).toContain(first);
    expect((approved.body.items as Json[]).every((item) => item.status === "approved")).toBe(true);
    expect(
      ((await api("GET", "/kyc/reviews?limit=100")).body.items as Json[]).map((item) => item.vendorId),
    ).not.toContain(first);
    const several = await api("GET", "/kyc/reviews?status=approved&status=submitted&limit=100");
    expect((several.body.items as Json[]).map((item) => item.vendorId)).toEqual(
      expect.arrayContaining([first, second]),
    );
    expect((await api("GET", "/kyc/reviews?status=unknown")).status).toBe(400);
  });

  it("pages through the list with a cursor", async () => {
    await submittedVendor(stack);
    await submittedVendor(stack);
    const page = await api("GET", "/kyc/reviews?limit=1");
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await api("GET", `/kyc/reviews?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].vendorId).not.toBe(page.body.items[0].vendorId);
  });

  it("shows the whole file and lets the operator download each document, byte for byte", async () => {
    const vendorId = await submittedVendor(stack, "Dossier Complet SAS");
    const file = await api("GET", `/kyc/reviews/${vendorId}`);
    expect(file).toMatchObject({
      status: 200,
      body: {
        id: vendorId,
        status: "submitted",
        application: { legalName: "Dossier Complet SAS" },
        bankAccount: { ibanLast4: "0189" },
      },
    });
    expect(file.body.documents).toHaveLength(5);
    for (const document of file.body.documents as Json[]) {
      const expected = DOCUMENTS[document.kind as keyof typeof DOCUMENTS];
      const copy = await download(stack.url, `/kyc/reviews/${vendorId}/documents/${document.id}`, token);
      expect(copy.status).toBe(200);
      expect(copy.headers.get("content-type")).toContain(expected.contentType);
      expect(Buffer.from(copy.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
    }
    expect((await api("GET", `/kyc/reviews/${UNKNOWN}`)).status).toBe(404);
    const other = await submittedVendor(stack);
    // A document id of another vendor's file is not found under this vendor.
    expect(
      (await download(stack.url, `/kyc/reviews/${other}/documents/${file.body.documents[0].id}`, token)).status,
    ).toBe(404);
  });

  it("asks for more information, then rejects with a reason, each recorded under the operator's id", async () => {
    const vendorId = await submittedVendor(stack);
    const asked = await api("POST", `/kyc/reviews/${vendorId}/request-info`, {
      body: { message: "Please upload a clearer ID document." },
    });
    expect(asked).toMatchObject({
      status: 200,
      body: { status: "information-requested", informationRequest: "Please upload a clearer ID document." },
    });
    expect(asked.body.history).toEqual(expect.arrayContaining([byOperator("information-requested")]));
    expect((await api("POST", `/kyc/reviews/${vendorId}/request-info`, { body: {} })).status).toBe(400);

    const other = await submittedVendor(stack);
    const rejected = await api("POST", `/kyc/reviews/${other}/reject`, {
      body: { reason: "The company is not registered in the EU." },
    });
    expect(rejected).toMatchObject({
      status: 200,
      body: {
        status: "rejected",
        rejectionReason: "The company is not registered in the EU.",
        decidedAt: expect.any(String),
      },
    });
    expect(rejected.body.history).toEqual(expect.arrayContaining([byOperator("rejected")]));
    expect(await api("POST", `/kyc/reviews/${other}/reject`, { body: { reason: "again" } })).toMatchObject({
      status: 409,
    });
    expect((await api("POST", `/kyc/reviews/${other}/reject`, { body: { reason: "" } })).status).toBe(400);
  });

  it("never takes the operator from the request: an operatorId sent in the body is not the one recorded", async () => {
    const vendorId = await submittedVendor(stack);
    const approved = await api("POST", `/kyc/reviews/${vendorId}/approve`, {
      body: { operatorId: "somebody-else", note: "All documents checked." },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.history).toEqual(expect.arrayContaining([byOperator("approved")]));
    expect(JSON.stringify(approved.body.history)).not.toContain("somebody-else");
  });

  it("re-verifies a changed bank account of an approved vendor, which lifts the payout hold", async () => {
    const vendorId = await submittedVendor(stack, "Banque Changée SAS");
    await api("POST", `/kyc/reviews/${vendorId}/approve`);
    const changed = await call(stack.vendorKyc.service.url, "PUT", `/vendors/${vendorId}/bank-account`, {
      body: { ...bankAccountOf("Banque Changée SAS"), iban: "DE89 3704 0044 0532 0130 00" },
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { payoutsOnHold: true, bankAccount: { status: "pending-reverification" } },
    });
    const onHold = await api("GET", "/kyc/reviews?payoutsOnHold=true&status=approved&limit=100");
    expect((onHold.body.items as Json[]).map((item) => item.vendorId)).toContain(vendorId);

    const verified = await api("POST", `/kyc/reviews/${vendorId}/bank-account/verify`);
    expect(verified).toMatchObject({
      status: 200,
      body: { payoutsOnHold: false, bankAccount: { status: "verified" } },
    });
    expect(verified.body.history).toEqual(expect.arrayContaining([byOperator("bank-details-verified")]));
  });
});

describe("operating listings", () => {
  let productId: string;
  beforeAll(async () => {
    const vendorId = await submittedVendor(stack, "Catalogue SAS");
    await api("POST", `/kyc/reviews/${vendorId}/approve`);
    productId = (await draftProduct(stack, vendorId)).id;
    await eventually(async () => {
      const published = await call(
        stack.catalog.service.url,
        "POST",
        `/vendors/${vendorId}/products/${productId}/publish`,
      );
      expect(published.status).toBe(200);
    });
  });

  it("grants and revokes the Open Trusted Cloud label, idempotently", async () => {
    const granted = await api("POST", `/products/${productId}/labels/open-trusted-cloud`);
    expect(granted).toMatchObject({ status: 200, body: { id: productId, labels: ["open-trusted-cloud"] } });
    expect((await api("POST", `/products/${productId}/labels/open-trusted-cloud`)).body.labels).toEqual([
      "open-trusted-cloud",
    ]);
    const labelled = await call(stack.catalog.service.url, "GET", "/products?label=open-trusted-cloud&limit=100");
    expect((labelled.body.items as Json[]).map((p) => p.id)).toContain(productId);

    expect(await api("DELETE", `/products/${productId}/labels/open-trusted-cloud`)).toMatchObject({
      status: 200,
      body: { labels: [] },
    });
    expect((await api("DELETE", `/products/${productId}/labels/open-trusted-cloud`)).body.labels).toEqual([]);
    expect((await api("POST", `/products/${UNKNOWN}/labels/open-trusted-cloud`)).status).toBe(404);
  });

  it("unlists a listing with a reason: it leaves the storefront", async () => {
    expect((await api("POST", `/products/${productId}/unlist`, { body: {} })).status).toBe(400);
    const unlisted = await api("POST", `/products/${productId}/unlist`, {
      body: { reason: "Not hosted on the platform." },
    });
    expect(unlisted).toMatchObject({
      status: 200,
      body: { status: "unlisted", unlistedReason: "Not hosted on the platform." },
    });
    expect((await call(stack.catalog.service.url, "GET", `/products/${productId}`)).status).toBe(404);
    expect((await api("POST", `/products/${UNKNOWN}/unlist`, { body: { reason: "x" } })).status).toBe(404);
  });
});
