import { validateOpenApiDocument, call } from "@mkt/testing";
import { openApiDocument } from "../src/http/routes.js";
import { startVendorStack, type VendorStack } from "./support/vendor.js";

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
    for (const [path, method] of [
      ["/webhooks", "post"],
      ["/webhooks", "get"],
      ["/webhooks/{id}", "delete"],
      ["/webhooks/{id}/deliveries", "get"],
    ] as const) {
      expect(document.paths[path]![method]!.security).toEqual([{ vendorToken: [] }, { vendorApiKey: [] }]);
    }
  });

  it("documents the KYC and listing routes, for a vendor token or an API key, the upload as multipart and the download as a file", () => {
    const document = openApiDocument();
    const routes = [
      ["/kyc", "get"],
      ["/kyc/application", "patch"],
      ["/kyc/documents", "post"],
      ["/kyc/documents/{id}", "get"],
      ["/kyc/documents/{id}", "delete"],
      ["/kyc/submit", "post"],
      ["/bank-account", "put"],
      ["/products", "post"],
      ["/products", "get"],
      ["/products/{id}", "get"],
      ["/products/{id}", "patch"],
      ["/products/{id}/plans", "post"],
      ["/products/{id}/plans/{planId}", "patch"],
      ["/products/{id}/plans/{planId}", "delete"],
      ["/products/{id}/publish", "post"],
      ["/products/{id}/unpublish", "post"],
    ] as const;
    for (const [path, method] of routes) {
      const operation = document.paths[path]?.[method];
      expect({ path, method, security: operation?.security }).toEqual({
        path,
        method,
        security: [{ vendorToken: [] }, { vendorApiKey: [] }],
      });
    }
    const uploadForm = document.paths["/kyc/documents"]!.post!.requestBody as {
      content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }>;
    };
    expect(Object.keys(uploadForm.content)).toEqual(["multipart/form-data"]);
    expect(uploadForm.content["multipart/form-data"]!.schema.properties.file).toMatchObject({
      type: "string",
      format: "binary",
    });
    expect(uploadForm.content["multipart/form-data"]!.schema.required).toEqual(
      expect.arrayContaining(["file", "kind"]),
    );
    const downloaded = document.paths["/kyc/documents/{id}"]!.get!.responses["200"] as {
      content: Record<string, unknown>;
    };
    expect(Object.keys(downloaded.content).sort()).toEqual(["application/pdf", "image/jpeg", "image/png"]);
    expect(Object.keys(document.paths["/kyc/submit"]!.post!.responses)).toContain("422");
    expect(document.paths["/applications"]!.post!.requestBody).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/VendorSignupApplication" } } },
    });
  });

  it("is served at /vendor/v1/openapi.json with docs at /vendor/v1/docs/, and the gateway is alive and ready", async () => {
    expect(await call(stack.url, "GET", "/openapi.json")).toMatchObject({
      status: 200,
      body: { openapi: "3.1.0", servers: [{ url: "/vendor/v1" }] },
    });
    expect((await fetch(`${stack.url}/docs/`)).status).toBe(200);
    for (const path of ["/healthz", "/readyz"])
      expect((await fetch(`${stack.gateway.service.url}${path}`)).status).toBe(200);
  });
});
