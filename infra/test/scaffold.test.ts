// A service made by the scaffold (scripts/new-service.mjs, docs/adding-a-service.md) passes what CI
// runs on every service — format, build, lint, typecheck, tests — without a single edit. It is made
// in a scratch copy of the repository's top level (the real packages and node_modules linked in),
// so the checkout is never touched.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const repository = path.resolve(__dirname, "../..");
const TOP_LEVEL_FILES = [
  "package.json",
  "tsconfig.base.json",
  "jest.config.base.js",
  "eslint.config.mjs",
  ".prettierrc.json",
  ".prettierignore",
];

let scratch: string;
let service: string;

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "mkt-scaffold-"));
  mkdirSync(path.join(scratch, "scripts"));
  mkdirSync(path.join(scratch, "services"));
  copyFileSync(path.join(repository, "scripts/new-service.mjs"), path.join(scratch, "scripts/new-service.mjs"));
  cpSync(path.join(repository, "scripts/lib"), path.join(scratch, "scripts/lib"), { recursive: true });
  for (const file of TOP_LEVEL_FILES) copyFileSync(path.join(repository, file), path.join(scratch, file));
  symlinkSync(path.join(repository, "node_modules"), path.join(scratch, "node_modules"));
  symlinkSync(path.join(repository, "packages"), path.join(scratch, "packages"));
  run("node", ["scripts/new-service.mjs", "ledger-check", "--port", "7199"], scratch);
  service = path.join(scratch, "services/ledger-check");
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("a service made by the scaffold", () => {
  it("is formatted as the formatter wants", () => {
    run(path.join(repository, "node_modules/.bin/prettier"), ["--check", "services/ledger-check"], scratch);
  });

  it("builds, lints and typechecks with its own scripts", () => {
    run("npm", ["run", "build"], service);
    run("npm", ["run", "lint"], service);
    run("npm", ["run", "typecheck"], service);
  });

  it("passes its own tests (its database matches its schema and the kit's platform tables)", () => {
    const output = spawnSync("npx", ["jest", "--ci"], { cwd: service, encoding: "utf8" });
    expect(`${output.stdout}${output.stderr}`).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(output.status).toBe(0);
  });

  it("is started by other packages' tests through its package exports, never a dist/ path", () => {
    const pkg = JSON.parse(readFileSync(path.join(service, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    expect(pkg.exports["./bootstrap"]).toEqual({ types: "./dist/bootstrap.d.ts", default: "./dist/bootstrap.js" });
  });
});
