import { validateOpenApiDocument, call } from "@mkt/testing";
import { openApiDocument } from "../src/http/routes.js";
import { startStorefront, type Storefront } from "./support/storefront.js";

let storefront: Storefront;
beforeAll(async () => {
  storefront = await startStorefront("storefront-openapi");
});
afterAll(() => storefront?.stop());

describe("the storefront's API description", () => {
  it("is a valid OpenAPI 3.1 document with the buyer bearer scheme", () => {
    const document = openApiDocument();
    expect(validateOpenApiDocument(document)).toEqual({ valid: true });
    expect(document.components.securitySchemes).toEqual({
      buyerToken: expect.objectContaining({ type: "http", scheme: "bearer", bearerFormat: "JWT" }),
    });
    expect(document.paths["/me"]!.get!.security).toEqual([{ buyerToken: [] }]);
    expect(document.paths["/auth/login"]!.post!.security).toBeUndefined();
  });

  it("documents the catalog as public, with every search filter", () => {
    const document = openApiDocument();
    expect(document.paths["/products"]!.get!.security).toBeUndefined();
    expect(document.paths["/products/{id}"]!.get!.security).toBeUndefined();
    expect(document.paths["/products"]!.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "q",
        "locale",
        "category",
        "subcategory",
        "label",
        "vendor",
        "billingCycle",
        "minPrice",
        "maxPrice",
        "freeTrial",
        "sort",
        "limit",
        "cursor",
      ]),
    );
    expect(document.paths["/products/{id}"]!.get!.responses["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/Product" } } },
    });
  });

  it("documents the renewal card of the account: GET and PUT, for the signed-in buyer, PUT with an Idempotency-Key", () => {
    const document = openApiDocument();
    const path = document.paths["/account/payment-method"]!;
    expect(path.get!.security).toEqual([{ buyerToken: [] }]);
    expect(path.get!.responses["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/RenewalCard" } } },
    });
    expect(Object.keys(path.put!.responses)).toEqual(expect.arrayContaining(["200", "409", "422", "503"]));
    expect(path.put!.parameters).toEqual([{ $ref: "#/components/parameters/OptionalIdempotencyKey" }]);
  });

  it("is served at /api/v1/openapi.json with docs at /api/v1/docs/, and the gateway is alive and ready", async () => {
    const served = await call(storefront.url, "GET", "/openapi.json");
    expect(served).toMatchObject({ status: 200, body: { openapi: "3.1.0", servers: [{ url: "/api/v1" }] } });
    expect((await fetch(`${storefront.url}/docs/`)).status).toBe(200);
    for (const path of ["/healthz", "/readyz"])
      expect((await fetch(`${storefront.gateway.service.url}${path}`)).status).toBe(200);
  });
});
