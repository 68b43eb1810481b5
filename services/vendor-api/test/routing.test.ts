import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ControllableClock } from "@mkt/service-kit";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens } from "@mkt/gateway-kit";
import {
  deleteBusNamespace,
  rawGetAt,
  startServiceForTest,
  uniqueBusNamespace,
  type ServiceUnderTest,
} from "@mkt/testing";
import { vendorApiService, type Db } from "../src/bootstrap.js";

const VENDOR = "0193f0c2-0000-7000-8000-0000000000a1";
// A stand-in for vendor-kyc and the catalog: it records each request target as it arrived and
// knows nothing, so whatever reaches it answers a 404 problem.
const reached: string[] = [];
const upstream: Server = createServer((req, res) => {
  reached.push(req.url ?? "");
  res.writeHead(404, { "content-type": "application/problem+json" });
  res.end(JSON.stringify({ type: "/problems/not-found", title: "Not found", status: 404 }));
});
const namespace = uniqueBusNamespace("vendor-api-routing");
const clock = new ControllableClock();
let gateway: ServiceUnderTest<Db, Record<string, unknown>>;
let token: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  gateway = await startServiceForTest(vendorApiService, {
    namespace,
    clock,
    migrationsDir: join(__dirname, "../prisma/migrations"),
    env: { VENDOR_KYC_URL: upstreamUrl, CATALOG_URL: upstreamUrl },
  });
  const tokens = createAccessTokens({ secret: DEVELOPMENT_TOKEN_SECRET, audience: "vendor-api", clock });
  token = (await tokens.issue({ sub: "0193f0c2-0000-7000-8000-0000000000a2", role: "vendor", vendorId: VENDOR })).token;
});
afterAll(async () => {
  await gateway?.stop();
  await deleteBusNamespace(namespace);
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});
beforeEach(() => reached.splice(0));

/** A request with its path exactly as written (`..` is not resolved), with a bearer token when given. */
const rawGet = (path: string, bearer?: string) =>
  rawGetAt(gateway.service.url, path, bearer ? { authorization: `Bearer ${bearer}` } : {});

describe("routing before authentication", () => {
  it.each(["/vendor/v1/nowhere", "/vendor/v1/product", "/vendor/v1/products/p-1/plans"])(
    "answers an unknown path (%s) without a credential with a 404 problem",
    async (path) => {
      const answer = await rawGet(path);
      expect(answer).toMatchObject({ status: 404, body: { type: "/problems/not-found", status: 404 } });
      expect(answer.type).toContain("application/problem+json");
    },
  );

  it.each(["/vendor/v1/products", "/vendor/v1/products/p-1", "/vendor/v1/kyc"])(
    "still asks for a credential on a known path (%s)",
    async (path) => {
      expect(await rawGet(path)).toMatchObject({ status: 401, body: { type: "/problems/unauthorized" } });
    },
  );
});

describe("ids written into the services' URLs", () => {
  it.each(["..", "%2E%2E", ".", "%2e"])(
    "answers GET /vendor/v1/products/%s with a 404 problem, not a 502",
    async (id) => {
      const answer = await rawGet(`/vendor/v1/products/${id}`, token);
      expect(answer).toMatchObject({ status: 404, body: { type: "/problems/not-found" } });
      expect(answer.type).toContain("application/problem+json");
      expect(reached).toEqual([]); // refused at the gateway
    },
  );

  it.each([
    ["..%2F..%2Fvendors", "..%2F..%2Fvendors"],
    ["%3Fall", "%3Fall"],
    ["%23x", "%23x"],
    ["%252F", "%252F"],
  ])("keeps /vendor/v1/products/%s inside its segment on the way to the catalog", async (id, segment) => {
    expect(await rawGet(`/vendor/v1/products/${id}`, token)).toMatchObject({ status: 404 });
    expect(reached).toEqual([`/vendors/${VENDOR}/products/${segment}`]);
  });

  it("answers a 400 where the API's own contract declares the id a uuid, before calling anyone", async () => {
    const answer = await rawGet("/vendor/v1/kyc/documents/..", token);
    expect(answer).toMatchObject({ status: 400, body: { type: "/problems/validation" } });
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: "params.id" })]);
    expect(reached).toEqual([]);
  });
});
