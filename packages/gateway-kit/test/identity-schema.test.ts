import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectDatabaseMatchesSchema } from "@mkt/testing";
import { identityMigrationFolder, identitySchema } from "../src";

const KIT_MIGRATION = "20261203000000_gateway_identity";
const SERVICE_KIT_PRISMA = join(__dirname, "../../service-kit/prisma");

/** A gateway-like service folder holding only the synced platform and identity copies. */
function serviceWithCopies(): string {
  const dir = mkdtempSync(join(tmpdir(), "identity-schema-"));
  mkdirSync(join(dir, "prisma/schema"), { recursive: true });
  cpSync(join(SERVICE_KIT_PRISMA, "platform.prisma"), join(dir, "prisma/schema/platform.prisma"));
  cpSync(join(SERVICE_KIT_PRISMA, "migrations"), join(dir, "prisma/migrations"), { recursive: true });
  cpSync(join(identitySchema.kitDir, "prisma/identity.prisma"), join(dir, "prisma/schema/identity.prisma"));
  cpSync(
    join(identitySchema.kitDir, "prisma/migrations", KIT_MIGRATION),
    join(dir, "prisma/migrations", identityMigrationFolder(KIT_MIGRATION)),
    { recursive: true },
  );
  return dir;
}

describe("the gateway kit's identity tables", () => {
  let dir: string;
  beforeEach(() => {
    dir = serviceWithCopies();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("are copied into a gateway's migrations as <timestamp>_identity_<name>", () => {
    expect(identityMigrationFolder(KIT_MIGRATION)).toBe("20261203000000_identity_gateway_identity");
  });

  it("are built by the kit's migration on an empty database exactly as identity.prisma says", () =>
    expectDatabaseMatchesSchema(dir, { kits: [identitySchema] }));

  it("leave a database whose tables a gateway's earlier hand-copied migration created as it was", async () => {
    // What each gateway's first migration ran: the same statements without IF NOT EXISTS.
    const handCopy = readFileSync(
      join(identitySchema.kitDir, "prisma/migrations", KIT_MIGRATION, "migration.sql"),
      "utf8",
    ).replace(/ IF NOT EXISTS/g, "");
    mkdirSync(join(dir, "prisma/migrations/20261124100000_gateway_own_identity"));
    writeFileSync(join(dir, "prisma/migrations/20261124100000_gateway_own_identity/migration.sql"), handCopy);
    await expectDatabaseMatchesSchema(dir, { kits: [identitySchema] });
  });
});
