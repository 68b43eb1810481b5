// A production install of a service (npm ci --omit=dev, what the image does) must not pull the
// test helpers, their mail servers, jest, or the database tooling (the image copies db-tools'
// dist for its migrate step: packages/db-tools/README.md). Asked of npm itself, per service in
// scripts/lib/services.cjs, from the workspace root the way the image installs.
import { spawnSync } from "node:child_process";
import path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { services } = require("../../scripts/lib/services.cjs") as { services: Array<{ name: string }> };

const repoRoot = path.resolve(__dirname, "../..");
const testOnly = ["@mkt/testing", "@mkt/test-servers", "smtp-server", "mailparser", "jest", "@mkt/db-tools"];

interface NpmTree {
  version?: string;
  dependencies?: Record<string, NpmTree>;
}

/** Every package name in the production dependency tree of one workspace, at any depth. */
function productionPackages(service: string): Set<string> {
  const run = spawnSync("npm", ["ls", "--omit=dev", "--all", "--json", "--workspace", `services/${service}`], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // npm ls exits 1 on problems it also reports in the JSON (e.g. an extraneous package): the
  // tree is still the one asked for, so the output, not the status, is what is checked.
  if (!run.stdout) throw new Error(`npm ls printed nothing for ${service}: ${run.stderr}`);
  const names = new Set<string>();
  const walk = (tree: NpmTree) => {
    for (const [name, child] of Object.entries(tree.dependencies ?? {})) {
      if (names.has(name)) continue;
      names.add(name);
      walk(child);
    }
  };
  walk(JSON.parse(run.stdout) as NpmTree);
  return names;
}

describe.each(services.map((service) => service.name))("a production install of %s", (service) => {
  let packages: Set<string>;
  beforeAll(() => {
    packages = productionPackages(service);
  });

  it("is the service's production tree (it has the kit and express)", () => {
    expect(packages.has(`@mkt/${service}`)).toBe(true);
    expect(packages.has("@mkt/service-kit")).toBe(true);
    expect(packages.has("express")).toBe(true);
  });

  it("lists no test-only package", () => {
    expect(testOnly.filter((name) => packages.has(name))).toEqual([]);
  });
});
