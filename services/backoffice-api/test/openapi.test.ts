import { validateOpenApiDocument } from "@mkt/service-kit/testing";
import { openApiDocument } from "../src/http/routes.js";
import { call, startBackofficeStack, type BackofficeStack } from "./support.js";


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

  it("is served at /ops/v1/openapi.json with docs at /ops/v1/docs/, and the gateway is alive and ready", async () => {
    expect(await call(stack.url, "GET", "/openapi.json")).toMatchObject({ status: 200, body: { openapi: "3.1.0", servers: [{ url: "/ops/v1" }] } });
    expect((await fetch(`${stack.url}/docs/`)).status).toBe(200);
    for (const path of ["/healthz", "/readyz"]) expect((await fetch(`${stack.gateway.service.url}${path}`)).status).toBe(200);
  });
});
