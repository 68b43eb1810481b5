// The runtime kit's contract endpoints (mountEndpoint: parsing, problems, response contracts),
// security headers and CORS, on createHttpApp (the gateway kit's OpenAPI document, API docs and
// typed client over the same kind of endpoints are tested in packages/gateway-kit/test/endpoints.test.ts).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import pino from "pino";
import { z } from "zod";
import { Id, Money, Page, PageQuery, Timestamp, defineEndpoint } from "@mkt/contracts";
import {
  ConfigError,
  NotFoundError,
  UnauthorizedError,
  closeServer,
  createHttpApp,
  listen,
  loadConfig,
  mountEndpoint,
  mountEndpoints,
  platformSettings,
} from "../src/index.js";

// ---- contracts, as a contracts package would declare them ------------------------------------

const VendorId = z
  .string()
  .regex(/^v_[a-z0-9]+$/, "must look like v_abc123")
  .meta({ description: "The vendor's id." });
const Product = z
  .object({ id: Id, name: z.string(), price: Money, tags: z.array(z.string()), createdAt: Timestamp })
  .meta({ id: "TestProduct" });
const Vendor = z
  .object({ id: VendorId, name: z.string(), contact: z.object({ email: z.email() }) })
  .meta({ id: "TestVendor" });
const Payout = z.object({ payoutId: Id, vendorId: VendorId, amount: Money });

const listProducts = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/products",
  summary: "List a vendor's products",
  tags: ["products"],
  params: z.object({ vendorId: VendorId }),
  query: PageQuery.extend({
    tag: z.array(z.string()).optional().meta({ description: "Only products with every one of these tags." }),
  }),
  response: { status: 200, schema: Page(Product) },
  errors: [404],
});
const createVendor = defineEndpoint({
  method: "post",
  path: "/vendors",
  summary: "Register a vendor",
  tags: ["vendors"],
  body: Vendor.omit({ id: true }),
  response: { status: 201, schema: Vendor },
  errors: [409],
});
const getVendor = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId",
  summary: "A vendor",
  tags: ["vendors"],
  params: z.object({ vendorId: VendorId }),
  response: { status: 200, schema: Vendor },
  errors: [404],
});
const deleteVendor = defineEndpoint({
  method: "delete",
  path: "/vendors/:vendorId",
  summary: "Remove a vendor",
  tags: ["vendors"],
  params: z.object({ vendorId: VendorId }),
  response: { status: 204 },
  errors: [404],
});
const requestPayout = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/payouts",
  summary: "Pay a vendor out",
  tags: ["payouts"],
  params: z.object({ vendorId: VendorId }),
  body: z.object({ amount: Money }),
  response: { status: 202, schema: Payout, description: "Payout scheduled" },
  auth: ["vendorToken", "vendorApiKey"],
  idempotencyKey: true,
  errors: [403, 409],
});
const brokenVendor = defineEndpoint({
  method: "get",
  path: "/broken",
  summary: "Answers outside its contract",
  response: { status: 200, schema: Vendor },
});
const leakyVendor = defineEndpoint({
  method: "get",
  path: "/leaky",
  summary: "Answers a field it does not declare",
  response: { status: 200, schema: Vendor },
});
// ---- the service: handlers over an in-memory store --------------------------------------------

const vendors = new Map<string, z.infer<typeof Vendor>>();
const product = {
  id: "p_1",
  name: "Backup",
  price: { amount: 1999, currency: "EUR" },
  tags: ["a", "b"],
  createdAt: "2026-11-24T10:00:00.000Z",
};

function apiRoutes(): express.Router {
  const api = express.Router();
  mountEndpoints(api, [
    [
      listProducts,
      async ({ params, query }) => {
        if (!vendors.has(params.vendorId)) throw new NotFoundError("Vendor", params.vendorId);
        const items = query.tag ? [product].filter((p) => query.tag!.every((t) => p.tags.includes(t))) : [product];
        return { items: items.slice(0, query.limit), nextCursor: query.limit === 1 ? "after-p_1" : null };
      },
    ],
    [
      createVendor,
      async ({ body }) => {
        const vendor = { id: `v_${vendors.size + 1}`, ...body };
        vendors.set(vendor.id, vendor);
        return vendor;
      },
    ],
    [
      getVendor,
      async ({ params }) => {
        const vendor = vendors.get(params.vendorId);
        if (!vendor) throw new NotFoundError("Vendor", params.vendorId);
        return vendor;
      },
    ],
    [
      deleteVendor,
      async ({ params }) => {
        if (!vendors.delete(params.vendorId)) throw new NotFoundError("Vendor", params.vendorId);
      },
    ],
  ]);
  mountEndpoint(api, requestPayout, async ({ params, body, idempotencyKey, req }) => {
    if (!req.get("authorization")) throw new UnauthorizedError();
    return { payoutId: `po_${idempotencyKey}`, vendorId: params.vendorId, amount: body.amount };
  });
  // @ts-expect-error -- the types refuse it too; this is what a mistake past `as any` looks like at run time.
  mountEndpoint(api, brokenVendor, async () => ({ id: "v_1", name: 42 }));
  mountEndpoint(api, leakyVendor, async () => ({
    id: "v_1",
    name: "Nuage",
    contact: { email: "a@b.example", passwordHash: "secret" },
  }));
  return api;
}

const log = pino({ level: "silent" });
const servers: Server[] = [];
let baseUrl: string;

async function start(app: express.Express): Promise<string> {
  const server = await listen(app, 0);
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  baseUrl = await start(
    createHttpApp({
      service: "endpoints-test",
      log,
      bodyLimit: "100kb",
      readiness: {},
      corsOrigins: ["https://shop.example", "http://localhost:3000"],
      routes: (router) => router.use("/api/v1", apiRoutes()),
    }),
  );
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  for (const server of servers) await closeServer(server);
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}${path}`, { redirect: "manual", ...init });
  const text = await response.text();
  const json = (response.headers.get("content-type") ?? "").includes("json") && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, body: json, text };
}
const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(path, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

// ---- tests -------------------------------------------------------------------------------------

describe("contract endpoints", () => {
  beforeAll(() => {
    vendors.set("v_1", { id: "v_1", name: "Nuage", contact: { email: "sales@nuage.example" } });
  });

  it("answers a GET with what its params and query parsed into, defaults included", async () => {
    const page = await call("/api/v1/vendors/v_1/products");
    expect(page).toMatchObject({ status: 200, body: { items: [product], nextCursor: null } });
    const first = await call("/api/v1/vendors/v_1/products?limit=1&tag=a&tag=b");
    expect(first.body).toEqual({ items: [product], nextCursor: "after-p_1" });
  });

  it("reads a lone value of an array query field as a list of one", async () => {
    expect((await call("/api/v1/vendors/v_1/products?tag=a")).body.items).toHaveLength(1);
    expect((await call("/api/v1/vendors/v_1/products?tag=zzz")).body.items).toHaveLength(0);
  });

  it("creates with a POST, answering 201 with the body", async () => {
    const created = await send("POST", "/api/v1/vendors", { name: "Ciel", contact: { email: "hello@ciel.example" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^v_/), name: "Ciel" });
  });

  it("deletes with a 204 and no body", async () => {
    const { body } = await send("POST", "/api/v1/vendors", { name: "Brume", contact: { email: "x@brume.example" } });
    const deleted = await call(`/api/v1/vendors/${body.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call(`/api/v1/vendors/${body.id}`)).status).toBe(404);
  });

  it("reports every invalid field of the params and the query in one 400, each path saying where it was", async () => {
    const response = await call("/api/v1/vendors/nope/products?limit=500");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body).toMatchObject({ type: "/problems/validation", status: 400 });
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(["params.vendorId", "query.limit"]);
  });

  it("names each invalid body field by its path", async () => {
    const response = await send("POST", "/api/v1/vendors", { name: 3, contact: { email: "not-an-email" } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(["name", "contact.email"]);
  });

  it("requires the Idempotency-Key header where the contract takes one, and hands it to the handler", async () => {
    const body = { amount: { amount: 5000, currency: "EUR" } };
    const missing = await send("POST", "/api/v1/vendors/v_1/payouts", body, { authorization: "Bearer t" });
    expect(missing).toMatchObject({
      status: 400,
      body: { errors: [{ path: "headers.idempotency-key", message: "the Idempotency-Key header is required" }] },
    });
    const accepted = await send("POST", "/api/v1/vendors/v_1/payouts", body, {
      authorization: "Bearer t",
      "idempotency-key": "k-1",
    });
    expect(accepted).toMatchObject({ status: 202, body: { payoutId: "po_k-1", vendorId: "v_1", amount: body.amount } });
  });

  it("answers a 500 and logs the contract bug when a handler's result breaks the response schema", async () => {
    const logged = jest.spyOn(log, "error");
    const response = await call("/api/v1/broken");
    expect(response).toMatchObject({ status: 500, body: { type: "/problems/internal" } });
    expect(response.text).not.toContain("42");
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        err: expect.objectContaining({
          name: "ResponseContractViolation",
          issues: [expect.objectContaining({ path: "name" }), expect.objectContaining({ path: "contact" })],
        }),
      }),
      "unexpected error",
    );
  });

  it("refuses to send a field the response schema does not declare, rather than leak it", async () => {
    const logged = jest.spyOn(log, "error");
    const response = await call("/api/v1/leaky");
    expect(response.status).toBe(500);
    expect(response.text).not.toContain("secret");
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        err: expect.objectContaining({ issues: [expect.objectContaining({ path: "contact.passwordHash" })] }),
      }),
      "unexpected error",
    );
  });

  it("refuses at definition time a path and a params schema that disagree, or a 204 with a body", () => {
    expect(() =>
      defineEndpoint({
        method: "get",
        path: "/vendors/:vendorId",
        summary: "x",
        response: { status: 200, schema: Vendor },
      }),
    ).toThrow(/does not declare :vendorId/);
    expect(() =>
      defineEndpoint({
        method: "get",
        path: "/vendors",
        summary: "x",
        params: z.object({ vendorId: Id }),
        response: { status: 200, schema: Vendor },
      }),
    ).toThrow(/which the path does not have/);
    expect(() =>
      defineEndpoint({ method: "delete", path: "/vendors", summary: "x", response: { status: 204, schema: Vendor } }),
    ).toThrow(/204/);
    expect(() =>
      defineEndpoint({
        method: "get",
        path: "/vendors/*rest",
        summary: "x",
        response: { status: 200, schema: Vendor },
      }),
    ).toThrow(/segment/);
    expect(() =>
      defineEndpoint({
        method: "get",
        path: "/vendors",
        summary: "x",
        response: { status: 200, schema: Vendor },
        idempotencyKey: true,
      }),
    ).toThrow(/GET/);
  });

  it("freezes a definition", () => {
    expect(Object.isFrozen(getVendor)).toBe(true);
    expect(Object.isFrozen(getVendor.response)).toBe(true);
  });
});

describe("security headers and CORS", () => {
  it("sends helmet's headers with a CSP that keeps everything same-origin", async () => {
    const { headers } = await call("/healthz");
    const csp = headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("https:");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(headers.get("strict-transport-security")).toContain("max-age=");
    expect(headers.get("x-powered-by")).toBeNull();
  });

  it("lets a configured origin call, and read X-Request-Id", async () => {
    const { headers } = await call("/api/v1/vendors/v_1", { headers: { origin: "https://shop.example" } });
    expect(headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(headers.get("access-control-expose-headers")).toBe("X-Request-Id");
    const preflight = await call("/api/v1/vendors/v_1/payouts", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,idempotency-key,authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("idempotency-key");
  });

  it("sends no CORS header to any other origin", async () => {
    const { headers } = await call("/api/v1/vendors/v_1", { headers: { origin: "https://evil.example" } });
    expect(headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sends no CORS header at all when no origin is configured", async () => {
    const plain = await start(createHttpApp({ service: "plain", log, bodyLimit: "1kb", readiness: {} }));
    const response = await fetch(`${plain}/healthz`, { headers: { origin: "https://shop.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("vary")).toBeNull();
  });

  it("reads CORS_ORIGINS as a comma-separated list and refuses an origin with a path", () => {
    expect(
      loadConfig(platformSettings, { PORT: "0", CORS_ORIGINS: " https://shop.example, http://localhost:3000 " })
        .CORS_ORIGINS,
    ).toEqual(["https://shop.example", "http://localhost:3000"]);
    expect(loadConfig(platformSettings, { PORT: "0" }).CORS_ORIGINS).toEqual([]);
    expect(() => loadConfig(platformSettings, { PORT: "0", CORS_ORIGINS: "https://shop.example/" })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig(platformSettings, { PORT: "0", CORS_ORIGINS: "https://shop.example/" })).toThrow(
      /CORS_ORIGINS/,
    );
  });
});
