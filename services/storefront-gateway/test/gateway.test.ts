import { startGateway, type RunningGateway } from "@mkt/service-kit";
import { storefrontGatewayService } from "../src/bootstrap.js";

let gateway: RunningGateway<Record<string, never>>;

beforeAll(async () => {
  gateway = await startGateway(storefrontGatewayService, { env: { NODE_ENV: "test", LOG_LEVEL: "silent", PORT: "0" } });
});
afterAll(() => gateway.stop());

describe("the storefront-gateway", () => {
  it("says it is alive and ready", async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const response = await fetch(`${gateway.url}/no-such-route`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });
});
