import { join } from "node:path";
import { applyMigrations, checkPlatformCopies, findSchemaDrift } from "@mkt/service-kit";
import { createTestDatabase } from "@mkt/testing";

const serviceDir = join(__dirname, "..");

describe("the subscription database", () => {
  it("carries the kit's platform schema and migrations verbatim", async () => {
    expect(await checkPlatformCopies({ serviceDir, kitDir: join(serviceDir, "../../packages/service-kit") })).toEqual([]);
  });

  it("matches its Prisma schema once migrated", async () => {
    const database = await createTestDatabase({
      label: "subscription",
      migrate: (url) => applyMigrations({ databaseUrl: url, migrationsDir: join(serviceDir, "prisma/migrations") }),
    });
    try {
      expect(await findSchemaDrift({ databaseUrl: database.url, schemaDir: join(serviceDir, "prisma/schema") })).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
