// The gateway kit over contract endpoints: the OpenAPI document, the API docs and the typed
// service client (mountEndpoint itself, security headers and CORS are the runtime kit's, tested in
// packages/service-kit/test/contract-endpoints.test.ts).
import { validateOpenApiDocument } from "@mkt/testing";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import pino from "pino";
import { z } from "zod";
import { Id, Money, Page, PageQuery, Timestamp, defineEndpoint } from "@mkt/contracts";
import {
  UpstreamFailure,
  UpstreamProblem,
  buildOpenApiDocument,
  createServiceClient,
  serveApiDocs,
} from "../src/index.js";
import {
  NotFoundError,
  UnauthorizedError,
  createHttpApp,
  mountEndpoint,
  mountEndpoints,
  runWithCausation,
  setupTracing,
  shutdownTracing,
  tracer,
} from "@mkt/service-kit";
import { closeServer, listen } from "@mkt/service-kit";

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
const slow = defineEndpoint({
  method: "get",
  path: "/slow",
  summary: "Takes its time",
  response: { status: 200, schema: z.object({ ok: z.boolean() }) },
});
const echoHeaders = defineEndpoint({
  method: "get",
  path: "/echo-headers",
  summary: "Echoes tracing headers",
  response: { status: 200, schema: z.object({ traceparent: z.string().nullable(), requestId: z.string().nullable() }) },
});

const endpoints = [
  listProducts,
  createVendor,
  getVendor,
  deleteVendor,
  requestPayout,
  brokenVendor,
  leakyVendor,
  slow,
  echoHeaders,
];

const securitySchemes = {
  vendorToken: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
  vendorApiKey: { type: "http", scheme: "bearer", description: "An API key from POST /api-keys." },
} as const;

const document = buildOpenApiDocument({
  title: "Test API <vendors>",
  version: "1.0.0",
  description: "What the kit's tests expose.",
  serverUrl: "/api/v1",
  endpoints,
  securitySchemes,
  tags: [{ name: "vendors", description: "Who sells" }],
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
  mountEndpoint(api, slow, async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { ok: true };
  });
  mountEndpoint(api, echoHeaders, async ({ req }) => ({
    traceparent: req.get("traceparent") ?? null,
    requestId: req.get("x-request-id") ?? null,
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
  setupTracing({ serviceName: "endpoints-test" });
  baseUrl = await start(
    createHttpApp({
      service: "endpoints-test",
      log,
      bodyLimit: "100kb",
      readiness: {},
      routes: (router) => {
        router.use("/api/v1", apiRoutes());
        serveApiDocs(router, { document });
      },
    }),
  );
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  for (const server of servers) await closeServer(server);
  await shutdownTracing();
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}${path}`, { redirect: "manual", ...init });
  const text = await response.text();
  const json = (response.headers.get("content-type") ?? "").includes("json") && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, body: json, text };
}

// ---- tests -------------------------------------------------------------------------------------

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(validateOpenApiDocument(document)).toEqual({ valid: true });
  });

  it("turns express paths into OpenAPI paths, with path and query parameters", () => {
    expect(Object.keys(document.paths)).toEqual([
      "/vendors/{vendorId}/products",
      "/vendors",
      "/vendors/{vendorId}",
      "/vendors/{vendorId}/payouts",
      "/broken",
      "/leaky",
      "/slow",
      "/echo-headers",
    ]);
    const list = document.paths["/vendors/{vendorId}/products"]!.get!;
    expect(list.parameters).toEqual([
      {
        name: "vendorId",
        in: "path",
        required: true,
        description: "The vendor's id.",
        schema: expect.objectContaining({ type: "string", pattern: "^v_[a-z0-9]+$" }),
      },
      {
        name: "limit",
        in: "query",
        required: false,
        description: "Page size, 1 to 100.",
        schema: expect.objectContaining({ type: "integer", minimum: 1, maximum: 100, default: 20 }),
      },
      {
        name: "cursor",
        in: "query",
        required: false,
        description: expect.any(String),
        schema: expect.objectContaining({ type: "string" }),
      },
      {
        name: "tag",
        in: "query",
        required: false,
        description: expect.any(String),
        schema: { type: "array", items: { type: "string" } },
      },
    ]);
  });

  it("documents the request body, the success response and each problem response", () => {
    const create = document.paths["/vendors"]!.post!;
    expect(create.requestBody).toMatchObject({
      required: true,
      content: { "application/json": { schema: { type: "object", required: ["name", "contact"] } } },
    });
    expect(Object.keys(create.responses)).toEqual(["201", "400", "409"]);
    expect(create.responses["201"]).toEqual({
      description: "Created",
      content: { "application/json": { schema: { $ref: "#/components/schemas/TestVendor" } } },
    });
    expect(create.responses["409"]).toEqual({
      description: "Conflict",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    });
    expect(document.paths["/vendors/{vendorId}"]!.delete!.responses["204"]).toEqual({ description: "No Content" });
    expect(document.components.schemas.Problem).toMatchObject({
      type: "object",
      required: ["type", "title", "status"],
    });
  });

  it("makes each schema with an id one shared component and inlines the rest", () => {
    expect(Object.keys(document.components.schemas).sort()).toEqual(["Problem", "TestProduct", "TestVendor"]);
    const page = document.paths["/vendors/{vendorId}/products"]!.get!.responses["200"] as {
      content: { "application/json": { schema: Record<string, unknown> } };
    };
    expect(page.content["application/json"].schema).toMatchObject({
      type: "object",
      properties: {
        items: { type: "array", items: { $ref: "#/components/schemas/TestProduct" } },
        nextCursor: { type: ["string", "null"] },
      },
    });
  });

  it("asks for credentials and the Idempotency-Key header where the contract does", () => {
    const payout = document.paths["/vendors/{vendorId}/payouts"]!.post!;
    expect(payout.security).toEqual([{ vendorToken: [] }, { vendorApiKey: [] }]);
    expect(payout.parameters).toContainEqual({ $ref: "#/components/parameters/IdempotencyKey" });
    expect(document.components.parameters.IdempotencyKey).toMatchObject({
      name: "Idempotency-Key",
      in: "header",
      required: true,
    });
    expect(Object.keys(payout.responses)).toEqual(["202", "400", "401", "403", "409"]);
    expect(document.components.securitySchemes).toEqual(securitySchemes);
    expect(document.paths["/vendors"]!.post!.security).toBeUndefined();
  });

  it("gives each operation a stable, unique operationId from its method and path", () => {
    const ids = Object.values(document.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids).toEqual([
      "getVendorsByVendorIdProducts",
      "postVendors",
      "getVendorsByVendorId",
      "deleteVendorsByVendorId",
      "postVendorsByVendorIdPayouts",
      "getBroken",
      "getLeaky",
      "getSlow",
      "getEchoHeaders",
    ]);
  });

  it("refuses an endpoint listed twice or a security scheme nobody declared", () => {
    expect(() =>
      buildOpenApiDocument({ title: "x", version: "1", serverUrl: "/", endpoints: [getVendor, getVendor] }),
    ).toThrow(/listed twice/);
    expect(() =>
      buildOpenApiDocument({ title: "x", version: "1", serverUrl: "/", endpoints: [requestPayout] }),
    ).toThrow(/vendorToken/);
  });
});

describe("API docs", () => {
  it.each(["/api/v1", ""])("serves the document at %s/openapi.json", async (prefix) => {
    const response = await call(`${prefix}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.body).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it.each(["/api/v1", ""])("serves Swagger UI at %s/docs/ from local files only", async (prefix) => {
    const redirect = await call(`${prefix}/docs`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("docs/");

    const page = await call(`${prefix}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain("Test API &#60;vendors&#62;");
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(
      expect.arrayContaining(["./swagger-ui.css", "./swagger-ui-bundle.js", "./swagger-initializer.js"]),
    );
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const response = await fetch(new URL(asset, `${baseUrl}${prefix}/docs/`));
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      await response.arrayBuffer();
    }
    const initializer = await call(`${prefix}/docs/swagger-initializer.js`);
    expect(initializer.text).toContain('"../openapi.json"');
    expect(initializer.text).toContain("validatorUrl: null");
  });

  it("serves none of swagger-ui-dist's other files", async () => {
    for (const file of ["package.json", "index.html", "README.md"])
      expect((await call(`/docs/${file}`)).status).toBe(404);
  });
});

describe("the typed service client", () => {
  beforeAll(() => {
    vendors.set("v_1", { id: "v_1", name: "Nuage", contact: { email: "sales@nuage.example" } });
  });

  it("round-trips calls: path params, query lists, JSON bodies, 204s", async () => {
    const client = createServiceClient(`${baseUrl}/api/v1`, { service: "vendors", log });
    const created = await client.call(createVendor, { body: { name: "Orage", contact: { email: "o@orage.example" } } });
    expect(created).toMatchObject({ id: expect.stringMatching(/^v_/), name: "Orage" });
    const vendor = await client.call(getVendor, { params: { vendorId: created.id } });
    expect(vendor.contact.email).toBe("o@orage.example");
    const page = await client.call(listProducts, { params: { vendorId: "v_1" }, query: { limit: 1, tag: ["a", "b"] } });
    expect(page).toEqual({ items: [product], nextCursor: "after-p_1" });
    await expect(client.call(deleteVendor, { params: { vendorId: created.id } })).resolves.toBeUndefined();
    const payout = await client.call(
      requestPayout,
      { params: { vendorId: "v_1" }, body: { amount: { amount: 1, currency: "EUR" } }, idempotencyKey: "k-2" },
      { headers: { authorization: "Bearer t" } },
    );
    expect(payout.payoutId).toBe("po_k-2");
  });

  it("turns a problem answer into an UpstreamProblem with the same status, type and detail", async () => {
    const client = createServiceClient(`${baseUrl}/api/v1`, { service: "vendors" });
    const failure = await client
      .call(getVendor, { params: { vendorId: "v_missing" } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamProblem);
    expect(failure).toMatchObject({ status: 404, service: "vendors" });
    expect((failure as UpstreamProblem).toProblem()).toEqual({
      type: "/problems/not-found",
      title: "Not found",
      status: 404,
      detail: "Vendor v_missing does not exist.",
    });
  });

  it("lets a gateway pass an upstream problem through to its own caller unchanged", async () => {
    const client = createServiceClient(`${baseUrl}/api/v1`, { service: "vendors" });
    const gateway = await start(
      createHttpApp({
        service: "gateway",
        log,
        bodyLimit: "1kb",
        readiness: {},
        routes: (router) => {
          const api = express.Router();
          mountEndpoints(api, [
            [getVendor, ({ params }) => client.call(getVendor, { params })],
            [createVendor, ({ body }) => client.call(createVendor, { body })],
          ]);
          router.use("/api/v1", api);
        },
      }),
    );
    const missing = await fetch(`${gateway}/api/v1/vendors/v_missing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect(await missing.json()).toEqual({
      type: "/problems/not-found",
      title: "Not found",
      status: 404,
      detail: "Vendor v_missing does not exist.",
      instance: "/api/v1/vendors/v_missing",
    });
  });

  it("gives up with a 504 naming the service when it does not answer in time", async () => {
    const client = createServiceClient(`${baseUrl}/api/v1`, { service: "slowpoke", timeoutMs: 100 });
    const failure = await client.call(slow, {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamFailure);
    expect((failure as UpstreamFailure).toProblem()).toMatchObject({
      status: 504,
      type: "/problems/upstream-timeout",
      detail: expect.stringContaining("slowpoke"),
    });
  });

  it("answers a 502 naming the service when it cannot be reached", async () => {
    const client = createServiceClient("http://127.0.0.1:1", { service: "ghost" });
    const failure = await client.call(getVendor, { params: { vendorId: "v_1" } }).catch((error: unknown) => error);
    expect((failure as UpstreamFailure).toProblem()).toMatchObject({
      status: 502,
      type: "/problems/upstream-unreachable",
      detail: expect.stringContaining("ghost"),
    });
  });

  it("answers a 502 when the service answers outside the endpoint's contract", async () => {
    const client = createServiceClient(`${baseUrl}/api/v1`, { service: "vendors" });
    // The contract says a vendor; the route answers a page of products.
    const lying = defineEndpoint({
      method: "get",
      path: "/vendors/:vendorId/products",
      summary: "x",
      params: z.object({ vendorId: VendorId }),
      response: { status: 200, schema: Vendor },
    });
    const failure = await client.call(lying, { params: { vendorId: "v_1" } }).catch((error: unknown) => error);
    expect((failure as UpstreamFailure).toProblem()).toMatchObject({
      status: 502,
      type: "/problems/upstream-invalid-response",
    });
  });

  it("carries the trace context and the correlation id of the work in progress", async () => {
    const client = createServiceClient(`${baseUrl}/api/v1`);
    const { echoed, traceId } = await runWithCausation({ correlationId: "req-abc", causationId: "req-abc" }, () =>
      tracer().startActiveSpan("handling a request", async (span) => {
        const echoed = await client.call(echoHeaders, {});
        span.end();
        return { echoed, traceId: span.spanContext().traceId };
      }),
    );
    expect(echoed.requestId).toBe("req-abc");
    expect(echoed.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
  });
});
