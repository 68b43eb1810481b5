import { validateOpenApiDocument } from "@mkt/service-kit/testing";
import { openApiDocument } from "../src/http/routes.js";
import { call, startVendorStack, type VendorStack } from "./support.js";


let stack: VendorStack;
beforeAll(async () => {
  stack = await startVendorStack("vendor-api-openapi");
});
afterAll(() => stack?.stop());

describe("the vendor API's description", () => {
  it("is a valid OpenAPI 3.1 document with the vendor token and API key schemes", () => {
    const document = openApiDocument();
    expect(validateOpenApiDocument(document)).toEqual({ valid: true });
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["vendorApiKey", "vendorToken"]);
    expect(document.paths["/api-keys"]!.get!.security).toEqual([{ vendorToken: [] }, { vendorApiKey: [] }]);
    expect(document.paths["/api-keys"]!.post!.security).toEqual([{ vendorToken: [] }]);
    expect(document.paths["/applications"]!.post!.security).toBeUndefined();
    for (const [path, method] of [["/webhooks", "post"], ["/webhooks", "get"], ["/webhooks/{id}", "delete"], ["/webhooks/{id}/deliveries", "get"]] as const) {
      expect(document.paths[path]![method]!.security).toEqual([{ vendorToken: [] }, { vendorApiKey: [] }]);
    }
  });

  it("is served at /vendor/v1/openapi.json with docs at /vendor/v1/docs/, and the gateway is alive and ready", async () => {
    expect(await call(stack.url, "GET", "/openapi.json")).toMatchObject({ status: 200, body: { openapi: "3.1.0", servers: [{ url: "/vendor/v1" }] } });
    expect((await fetch(`${stack.url}/docs/`)).status).toBe(200);
    for (const path of ["/healthz", "/readyz"]) expect((await fetch(`${stack.gateway.service.url}${path}`)).status).toBe(200);
  });
});
