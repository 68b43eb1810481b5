import { spawnSync } from "node:child_process";
import { openApiDocument } from "../src/http/routes.js";
import { call, startVendorStack, type VendorStack } from "./support.js";

/** The validator is an ES module, which jest cannot load in this CommonJS setup: node runs it beside us. */
function validateOpenApi(doc: unknown): { valid: boolean; errors?: unknown } {
  const script = `import { Validator } from "@seriousme/openapi-schema-validator";
let input = "";
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(await new Validator().validate(JSON.parse(input))));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: __dirname, input: JSON.stringify(doc), encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

let stack: VendorStack;
beforeAll(async () => {
  stack = await startVendorStack("vendor-api-openapi");
});
afterAll(() => stack?.stop());

describe("the vendor API's description", () => {
  it("is a valid OpenAPI 3.1 document with the vendor token and API key schemes", () => {
    const document = openApiDocument();
    expect(validateOpenApi(document)).toEqual({ valid: true });
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["vendorApiKey", "vendorToken"]);
    expect(document.paths["/api-keys"]!.get!.security).toEqual([{ vendorToken: [] }, { vendorApiKey: [] }]);
    expect(document.paths["/api-keys"]!.post!.security).toEqual([{ vendorToken: [] }]);
    expect(document.paths["/applications"]!.post!.security).toBeUndefined();
  });

  it("is served at /vendor/v1/openapi.json with docs at /vendor/v1/docs/, and the gateway is alive and ready", async () => {
    expect(await call(stack.url, "GET", "/openapi.json")).toMatchObject({ status: 200, body: { openapi: "3.1.0", servers: [{ url: "/vendor/v1" }] } });
    expect((await fetch(`${stack.url}/docs/`)).status).toBe(200);
    for (const path of ["/healthz", "/readyz"]) expect((await fetch(`${stack.gateway.service.url}${path}`)).status).toBe(200);
  });
});
