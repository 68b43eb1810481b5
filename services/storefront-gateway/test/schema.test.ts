import { join } from "node:path";
import { identitySchema } from "@mkt/gateway-kit";
import { expectDatabaseMatchesSchema } from "@mkt/testing";

describe("the storefront-gateway database", () => {
  it("is built by its migrations exactly as its Prisma schema says, with the service kit's platform tables and the gateway kit's identity tables", () =>
    expectDatabaseMatchesSchema(join(__dirname, ".."), { kits: [identitySchema] }));
});
