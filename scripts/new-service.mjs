#!/usr/bin/env node
// Scaffolds a service folder with the platform's conventions (docs/adding-a-service.md):
//   node scripts/new-service.mjs <name> --port <port>
// and `node scripts/new-service.mjs --sync-platform` re-copies the service kit's platform schema and
// migrations into every service that owns a database (and packages/bench, which has one too), and the gateway kit's
// identity schema and migrations into every gateway (`identity: true` in scripts/lib/services.cjs); run it after
// changing them in a kit.
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The repository this script sits in (a copy of it in a scratch folder scaffolds there: the scaffold's test).
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const kitPrisma = join(root, "packages/service-kit/prisma");
const identityPrisma = join(root, "packages/gateway-kit/prisma");
const { services } = createRequire(import.meta.url)("./lib/services.cjs");

function write(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) return;
  writeFileSync(path, content.replace(/^\n/, ""));
}

export function syncPlatform(serviceDir) {
  cpSync(join(kitPrisma, "platform.prisma"), join(serviceDir, "prisma/schema/platform.prisma"));
  for (const migration of readdirSync(join(kitPrisma, "migrations"))) {
    cpSync(join(kitPrisma, "migrations", migration), join(serviceDir, "prisma/migrations", migration), {
      recursive: true,
    });
  }
}

// The gateway kit's `<ts>_<name>` becomes `<ts>_identity_<name>` in the gateway, as
// identityMigrationFolder in packages/gateway-kit/src/auth/schema.ts expects (the schema test checks it).
export function syncIdentity(serviceDir) {
  cpSync(join(identityPrisma, "identity.prisma"), join(serviceDir, "prisma/schema/identity.prisma"));
  for (const migration of readdirSync(join(identityPrisma, "migrations"))) {
    cpSync(
      join(identityPrisma, "migrations", migration),
      join(serviceDir, "prisma/migrations", migration.replace(/^(\d+)_/, "$1_identity_")),
      { recursive: true },
    );
  }
}

const pascal = (name) => name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const camel = (name) => pascal(name).replace(/^./, (c) => c.toLowerCase());

function scaffold(name, port) {
  const dir = join(root, "services", name);
  const pkg = {
    name: `@mkt/${name}`,
    version: "0.0.0",
    private: true,
    main: "dist/main.js",
    // Tests of other packages start this service in-process through its bootstrap, never a dist/ path.
    exports: {
      ".": "./dist/main.js",
      "./bootstrap": { types: "./dist/bootstrap.d.ts", default: "./dist/bootstrap.js" },
    },
    scripts: {
      generate:
        "CHECKPOINT_DISABLE=1 PRISMA_SCHEMA_ENGINE_BINARY=${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true} prisma generate",
      build: "npm run generate && tsc -p tsconfig.json",
      typecheck: "tsc -p tsconfig.test.json",
      lint: "eslint src test",
      test: "jest",
      start: "node dist/main.js",
      "db:migrate": "node ../../packages/db-tools/dist/migrate-cli.js",
      "outbox:republish": "node ../../packages/db-tools/dist/republish-cli.js republish",
    },
    dependencies: {
      "@mkt/contracts": "*",
      "@mkt/service-kit": "*",
      "@prisma/adapter-pg": "~7.10.1",
      "@prisma/client": "~7.10.0",
      express: "^5.3.0",
      zod: "^4.6.7",
    },
    devDependencies: { "@mkt/db-tools": "*", "@mkt/testing": "*" },
  };
  write(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  write(
    join(dir, "tsconfig.json"),
    `
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"],
  "exclude": ["src/**/*.test.ts"]
}
`,
  );
  write(
    join(dir, "tsconfig.test.json"),
    `
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "noEmit": true, "types": ["node", "jest"] },
  "include": ["src", "test"]
}
`,
  );
  write(join(dir, "jest.config.js"), `module.exports = { ...require("../../jest.config.base.js") };\n`);
  write(
    join(dir, "src/main.ts"),
    `
import { runService } from "@mkt/service-kit";
import { ${camel(name)}Service } from "./bootstrap.js";

runService(${camel(name)}Service);
`,
  );
  write(
    join(dir, "prisma.config.ts"),
    `
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/marketplace_${name.replace(/-/g, "_")}" },
});
`,
  );
  write(
    join(dir, "prisma/schema/main.prisma"),
    `
// The ${name} service's own tables. No other service reads these tables.
generator client {
  provider            = "prisma-client"
  output              = "../../src/generated/prisma"
  moduleFormat        = "cjs"
  importFileExtension = "js"
}

datasource db {
  provider = "postgresql"
}
`,
  );
  write(
    join(dir, "prisma/migrations/migration_lock.toml"),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n`,
  );
  syncPlatform(dir);
  write(
    join(dir, "src/db/client.ts"),
    `
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type Db = PrismaClient;

export function createPrismaClient(options: { url: string; poolSize: number }): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: options.url, max: options.poolSize }) });
}
`,
  );
  write(
    join(dir, "src/bootstrap.ts"),
    `
import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";

/** Composition root of the ${name} service: every dependency is built once, here. */
export const ${camel(name)}Service = defineService({
  name: "${name}",
  port: ${port},
  database: createPrismaClient,
});
`,
  );
  write(
    join(dir, "test/schema.test.ts"),
    `
import { join } from "node:path";
import { expectDatabaseMatchesSchema } from "@mkt/testing";

describe("the ${name} database", () => {
  it("is built by its migrations exactly as its Prisma schema says, with the kit's platform tables", () =>
    expectDatabaseMatchesSchema(join(__dirname, "..")));
});
`,
  );
  write(
    join(dir, "README.md"),
    `
# ${name}

**Who it is for:** (who calls its internal API, who consumes its events, who works on it). Default
port ${port}.

## Owns

Its PostgreSQL database \`marketplace_${name.replace(/-/g, "_")}\` (schema in \`prisma/schema/\`).

## Publishes / consumes

None yet.

## Configuration

The platform settings (see the root README); no settings of its own yet.
`,
  );
}

const args = process.argv.slice(2);
if (args[0] === "--sync-platform") {
  // Every service that owns a database, and every package that runs the platform on its own
  // database (packages/bench); the kit itself holds the originals.
  const owners = [
    ...readdirSync(join(root, "services")).map((name) => join(root, "services", name)),
    ...readdirSync(join(root, "packages")).map((name) => join(root, "packages", name)),
  ];
  for (const dir of owners) {
    if (dir !== join(root, "packages/service-kit") && existsSync(join(dir, "prisma/schema"))) syncPlatform(dir);
  }
  for (const service of services.filter((s) => s.identity)) syncIdentity(join(root, "services", service.name));
} else if (args[0] && !args[0].startsWith("-")) {
  const portIndex = args.indexOf("--port");
  const port = Number(args[portIndex + 1]);
  if (portIndex < 0 || !Number.isInteger(port)) {
    process.stderr.write("usage: node scripts/new-service.mjs <name> --port <port>\n");
    process.exit(2);
  }
  scaffold(args[0], port);
} else {
  process.stderr.write("usage: node scripts/new-service.mjs <name> --port <port> | --sync-platform\n");
  process.exit(2);
}
