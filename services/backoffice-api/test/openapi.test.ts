import { validateOpenApiDocument, call } from "@mkt/testing";
import { openApiDocument } from "../src/http/routes.js";
import { startBackofficeStack, type BackofficeStack } from "./support/backoffice.js";

let stack: BackofficeStack;
beforeAll(async () => {
  stack = await startBackofficeStack("backoffice-openapi");
});
afterAll(() => stack?.stop());

describe("the back-office API's description", () => {
  it("is a valid OpenAPI 3.1 document with the operator bearer scheme", () => {
    const document = openApiDocument();
    expect(validateOpenApiDocument(document)).toEqual({ valid: true });
    expect(Object.keys(document.components.securitySchemes)).toEqual(["operatorToken"]);
    expect(document.paths["/kyc/reviews/{vendorId}/approve"]!.post!.security).toEqual([{ operatorToken: [] }]);
    expect(document.paths["/auth/login"]!.post!.security).toBeUndefined();
  });

  it("documents the KYC review and listing routes for operators, the document as a file, and no operator id anywhere in the input", () => {
    const document = openApiDocument();
    const routes = [
      ["/kyc/reviews", "get"],
      ["/kyc/reviews/{vendorId}", "get"],
      ["/kyc/reviews/{vendorId}/documents/{documentId}", "get"],
      ["/kyc/reviews/{vendorId}/approve", "post"],
      ["/kyc/reviews/{vendorId}/reject", "post"],
      ["/kyc/reviews/{vendorId}/request-info", "post"],
      ["/kyc/reviews/{vendorId}/bank-account/verify", "post"],
      ["/products/{id}/labels/open-trusted-cloud", "post"],
      ["/products/{id}/labels/open-trusted-cloud", "delete"],
      ["/products/{id}/unlist", "post"],
    ] as const;
    for (const [path, method] of routes) {
      const operation = document.paths[path]?.[method];
      expect({ path, method, security: operation?.security }).toEqual({
        path,
        method,
        security: [{ operatorToken: [] }],
      });
      expect(JSON.stringify({ parameters: operation?.parameters, requestBody: operation?.requestBody })).not.toContain(
        "operatorId",
      );
    }
    const file = document.paths["/kyc/reviews/{vendorId}/documents/{documentId}"]!.get!.responses["200"] as {
      content: Record<string, unknown>;
    };
    expect(Object.keys(file.content).sort()).toEqual(["application/pdf", "image/jpeg", "image/png"]);
    expect(document.paths["/kyc/reviews/{vendorId}/approve"]!.post!.requestBody).toMatchObject({ required: false });
    expect(document.paths["/kyc/reviews"]!.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(["status", "payoutsOnHold", "limit", "cursor"]),
    );
  });

  it("is served at /ops/v1/openapi.json with docs at /ops/v1/docs/, and the gateway is alive and ready", async () => {
    expect(await call(stack.url, "GET", "/openapi.json")).toMatchObject({
      status: 200,
      body: { openapi: "3.1.0", servers: [{ url: "/ops/v1" }] },
    });
    expect((await fetch(`${stack.url}/docs/`)).status).toBe(200);
    for (const path of ["/healthz", "/readyz"])
      expect((await fetch(`${stack.gateway.service.url}${path}`)).status).toBe(200);
  });
});
