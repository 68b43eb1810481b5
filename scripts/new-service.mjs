#!/usr/bin/env node
// Scaffolds a service folder with the platform's conventions (docs/adding-a-service.md):
//   node scripts/new-service.mjs <name> --port <port> [--gateway]
// and `node scripts/new-service.mjs --sync-platform` re-copies the kit's platform schema and
// migrations into every service that owns a database (run it after changing them in the kit).
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const kitPrisma = join(root, "packages/service-kit/prisma");

function write(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) return;
  writeFileSync(path, content.replace(/^\n/, ""));
}

export function syncPlatform(serviceDir) {
  cpSync(join(kitPrisma, "platform.prisma"), join(serviceDir, "prisma/schema/platform.prisma"));
  for (const migration of readdirSync(join(kitPrisma, "migrations"))) {
    cpSync(join(kitPrisma, "migrations", migration), join(serviceDir, "prisma/migrations", migration), { recursive: true });
  }
}

const pascal = (name) => name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const camel = (name) => pascal(name).replace(/^./, (c) => c.toLowerCase());

function scaffold(name, port, gateway) {
  const dir = join(root, "services", name);
  const pkg = {
    name: `@mkt/${name}`,
    version: "0.0.0",
    private: true,
    main: "dist/main.js",
    scripts: {
      ...(gateway ? {} : { generate: "CHECKPOINT_DISABLE=1 PRISMA_SCHEMA_ENGINE_BINARY=${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true} prisma generate" }),
      build: gateway ? "tsc -p tsconfig.json" : "npm run generate && tsc -p tsconfig.json",
      typecheck: "tsc -p tsconfig.test.json",
      lint: "eslint src test",
      test: "jest",
      start: "node dist/main.js",
      ...(gateway ? {} : { "db:migrate": "node ../../packages/service-kit/dist/db/migrate-cli.js", "outbox:republish": "node ../../packages/service-kit/dist/outbox/republish-cli.js republish" }),
    },
    dependencies: {
      "@mkt/contracts": "*",
      "@mkt/service-kit": "*",
      ...(gateway ? {} : { "@prisma/adapter-pg": "~7.10.1", "@prisma/client": "~7.10.0" }),
      express: "^5.3.0",
      zod: "^4.6.7",
    },
    devDependencies: { "@mkt/testing": "*" },
  };
  write(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  write(join(dir, "tsconfig.json"), `
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"],
  "exclude": ["src/**/*.test.ts"]
}
`);
  write(join(dir, "tsconfig.test.json"), `
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "noEmit": true, "types": ["node", "jest"] },
  "include": ["src", "test"]
}
`);
  write(join(dir, "jest.config.js"), `module.exports = { ...require("../../jest.config.base.js") };\n`);
  write(join(dir, "src/main.ts"), `
import { runService } from "@mkt/service-kit";
import { ${camel(name)}Service } from "./bootstrap.js";

runService(${camel(name)}Service);
`);
  if (gateway) {
    write(join(dir, "src/bootstrap.ts"), `
import { defineGateway } from "@mkt/service-kit";

/** Composition root of the ${name}. */
export const ${camel(name)}Service = defineGateway({
  name: "${name}",
  port: ${port},
  routes: () => {},
});
`);
    write(join(dir, "test/gateway.test.ts"), `
import { startGateway, type RunningGateway } from "@mkt/service-kit";
import { ${camel(name)}Service } from "../src/bootstrap.js";

let gateway: RunningGateway<Record<string, never>>;

beforeAll(async () => {
  gateway = await startGateway(${camel(name)}Service, { env: { NODE_ENV: "test", LOG_LEVEL: "silent", PORT: "0" } });
});
afterAll(() => gateway.stop());

describe("the ${name}", () => {
  it("says it is alive and ready", async () => {
    expect((await fetch(\`\${gateway.url}/healthz\`)).status).toBe(200);
    expect((await fetch(\`\${gateway.url}/readyz\`)).status).toBe(200);
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const response = await fetch(\`\${gateway.url}/no-such-route\`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });
});
`);
  } else {
    write(join(dir, "prisma.config.ts"), `
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/marketplace_${name.replace(/-/g, "_")}" },
});
`);
    write(join(dir, "prisma/schema/main.prisma"), `
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
`);
    write(join(dir, "prisma/migrations/migration_lock.toml"), `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n`);
    syncPlatform(dir);
    write(join(dir, "src/db/client.ts"), `
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type Db = PrismaClient;

export function createPrismaClient(options: { url: string; poolSize: number }): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: options.url, max: options.poolSize }) });
}
`);
    write(join(dir, "src/bootstrap.ts"), `
import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";

/** Composition root of the ${name} service: every dependency is built once, here. */
export const ${camel(name)}Service = defineService({
  name: "${name}",
  port: ${port},
  database: createPrismaClient,
});
`);
    write(join(dir, "test/schema.test.ts"), `
import { join } from "node:path";
import { applyMigrations, checkPlatformCopies, findSchemaDrift } from "@mkt/service-kit";
import { createTestDatabase } from "@mkt/testing";

const serviceDir = join(__dirname, "..");

describe("the ${name} database", () => {
  it("carries the kit's platform schema and migrations verbatim", async () => {
    expect(await checkPlatformCopies({ serviceDir, kitDir: join(serviceDir, "../../packages/service-kit") })).toEqual([]);
  });

  it("matches its Prisma schema once migrated", async () => {
    const database = await createTestDatabase({
      label: "${name.replace(/-/g, "_")}",
      migrate: (url) => applyMigrations({ databaseUrl: url, migrationsDir: join(serviceDir, "prisma/migrations") }),
    });
    try {
      expect(await findSchemaDrift({ databaseUrl: database.url, schemaDir: join(serviceDir, "prisma/schema") })).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
`);
  }
  write(join(dir, "README.md"), `
# ${name}

${gateway ? "Gateway" : "Service"} of the marketplace. Default port ${port}.

## Owns
${gateway ? "Nothing: a gateway authenticates, validates with the contracts and calls the owning services." : `Its PostgreSQL database \`marketplace_${name.replace(/-/g, "_")}\` (schema in \`prisma/schema/\`).`}

## Publishes / consumes
None yet.

## Configuration
The platform settings (see the root README); no settings of its own yet.
`);
}

const args = process.argv.slice(2);
if (args[0] === "--sync-platform") {
  for (const name of readdirSync(join(root, "services"))) {
    if (existsSync(join(root, "services", name, "prisma/schema"))) syncPlatform(join(root, "services", name));
  }
} else if (args[0] && !args[0].startsWith("-")) {
  const portIndex = args.indexOf("--port");
  const port = Number(args[portIndex + 1]);
  if (portIndex < 0 || !Number.isInteger(port)) {
    process.stderr.write("usage: node scripts/new-service.mjs <name> --port <port> [--gateway]\n");
    process.exit(2);
  }
  scaffold(args[0], port, args.includes("--gateway"));
} else {
  process.stderr.write("usage: node scripts/new-service.mjs <name> --port <port> [--gateway] | --sync-platform\n");
  process.exit(2);
}
