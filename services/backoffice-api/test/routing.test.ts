import { ControllableClock } from "@mkt/service-kit";
import {
  deleteBusNamespace,
  rawGetAt,
  startServiceForTest,
  uniqueBusNamespace,
  type ServiceUnderTest,
} from "@mkt/testing";
import { backofficeApiService, type Db } from "../src/bootstrap.js";
import { migrationsDir } from "./support/backoffice.js";

// The gateway alone: routing is decided before any service behind it is called.
const namespace = uniqueBusNamespace("backoffice-routing");
let gateway: ServiceUnderTest<Db, Record<string, unknown>>;
beforeAll(async () => {
  gateway = await startServiceForTest(backofficeApiService, {
    namespace,
    clock: new ControllableClock(),
    migrationsDir,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await deleteBusNamespace(namespace);
});

/** A request with its path exactly as written (`..` is not resolved). */
const rawGet = (path: string) => rawGetAt(gateway.service.url, path);

describe("routing before authentication", () => {
  it.each(["/ops/v1/nowhere", "/ops/v1/kyc/review", "/ops/v1/kyc/reviews/v-1/documents"])(
    "answers an unknown path (%s) without a token with a 404 problem",
    async (path) => {
      const answer = await rawGet(path);
      expect(answer).toMatchObject({ status: 404, body: { type: "/problems/not-found", status: 404 } });
      expect(answer.type).toContain("application/problem+json");
    },
  );

  it.each(["/ops/v1/kyc/reviews", "/ops/v1/kyc/reviews/0193f0c2-0000-7000-8000-0000000000c1"])(
    "still asks for a token on a known path (%s)",
    async (path) => {
      expect(await rawGet(path)).toMatchObject({ status: 401, body: { type: "/problems/unauthorized" } });
    },
  );
});
