import { join } from "node:path";
import { expectDatabaseMatchesSchema } from "@mkt/testing";

describe("the payment database", () => {
  it("is built by its migrations exactly as its Prisma schema says, with the kit's platform tables", () =>
    expectDatabaseMatchesSchema(join(__dirname, "..")));
});
