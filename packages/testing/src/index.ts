import { spawnSync } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { checkKitCopies, findSchemaDrift, formatDrift, type KitSchemaCopy } from "@mkt/db-tools";
import { migratedTestDatabase } from "./service-under-test.js";

// One import for tests: the low-level servers and waits too (this module's TestDatabase, with
// its query helper, shadows the plain one).
export * from "@mkt/test-servers";
export type { Json } from "./json.js";
export { rawGetAt, type RawAnswer } from "./raw-http.js";
export {
  migratedTestDatabase,
  startServiceForTest,
  testSettings,
  type ServiceUnderTest,
  type TestDatabase,
} from "./service-under-test.js";
export {
  migrationsDirOf,
  startServices,
  urlVariableOf,
  type ServiceToStart,
  type StartedServices,
  type UnderTestOf,
} from "./services.js";
export { call, download, upload, type Answer, type Download, type UploadedFile } from "./http-calls.js";
export { OPERATOR } from "./operator.js";
export {
  commitsOf,
  costOf,
  ownOf,
  shapesOf,
  statementsDuring,
  uncountedConnection,
  type SentStatement,
  type StatementCost,
} from "./statements.js";
export { authorizedCheckout } from "./orders.js";

/**
 * Fails, listing every difference, unless the service's copy of the kit's platform schema and
 * migrations is verbatim (and so are its copies of any other kit's tables in `kits`, e.g. the
 * gateway kit's `identitySchema`) and its migrations build exactly the database its Prisma schema describes.
 */
export async function expectDatabaseMatchesSchema(
  serviceDir: string,
  options: { kits?: KitSchemaCopy[] } = {},
): Promise<void> {
  // The kit's package directory (its main is dist/index.js): where the platform originals live.
  const platform: KitSchemaCopy = {
    kitDir: join(dirname(require.resolve("@mkt/service-kit")), ".."),
    schemaFile: "platform.prisma",
  };
  for (const kit of [platform, ...(options.kits ?? [])]) {
    const copies = await checkKitCopies({ serviceDir, ...kit });
    if (copies.length > 0) {
      throw new Error(
        `the service's copies of ${kit.kitDir}/prisma/${kit.schemaFile} and its migrations differ from the kit's (run node scripts/new-service.mjs --sync-platform):\n${JSON.stringify(copies, null, 2)}`,
      );
    }
  }
  const database = await migratedTestDatabase({
    label: basename(serviceDir).replace(/-/g, "_"),
    migrationsDir: join(serviceDir, "prisma/migrations"),
  });
  try {
    const drift = await findSchemaDrift({ databaseUrl: database.url, schemaDir: join(serviceDir, "prisma/schema") });
    if (drift.length > 0)
      throw new Error(`the migrated database drifts from the Prisma schema:\n${formatDrift(drift)}`);
  } finally {
    await database.drop();
  }
}

/**
 * Validates a document against the OpenAPI 3.1 schema with @seriousme/openapi-schema-validator.
 * The validator is an ES module, which jest cannot load in this CommonJS setup: node runs it
 * in a child process beside the test.
 */
export function validateOpenApiDocument(document: unknown): { valid: boolean; errors?: unknown } {
  const script = `import { Validator } from "@seriousme/openapi-schema-validator";
let input = "";
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(await new Validator().validate(JSON.parse(input))));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: __dirname,
    input: JSON.stringify(document),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { valid: boolean; errors?: unknown };
}
