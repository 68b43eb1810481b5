// Checks infra/docker-compose.yml the way Debian's docker-compose v1.29.2 reads it (no Docker
// engine needed), against the one list of services in scripts/lib/services.cjs.
import { spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import path from "node:path";

// js-yaml 3 (a root devDependency, the version jest already uses) has no bundled types,
// hence the typed require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml: { safeLoad(text: string): unknown } = require("js-yaml");

interface ServiceEntry {
  name: string;
  port: number;
  database: boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { services, databaseNameFor } = require("../../scripts/lib/services.cjs") as {
  services: ServiceEntry[];
  databaseNameFor(name: string): string;
};

interface ComposeService {
  healthcheck?: { test?: string[] | string; disable?: boolean };
  ports?: Array<{ published?: number | string; target?: number | string } | string>;
  depends_on?: Record<string, { condition?: string }> | string[];
  environment?: Record<string, string | null>;
  container_name?: string;
}
interface ComposeConfig {
  services: Record<string, ComposeService>;
}

const infraDir = path.resolve(__dirname, "..");
const composeFile = path.join(infraDir, "docker-compose.yml");
const servers = ["postgres", "nats", "rabbitmq"];
const gateways = ["storefront-gateway", "vendor-api", "backoffice-api"];

function compose(...args: string[]): string {
  const result = spawnSync("docker-compose", ["-f", composeFile, ...args], { encoding: "utf8" });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error(
      "docker-compose is not installed, so infra/docker-compose.yml cannot be validated. " +
        "Run `node scripts/setup.mjs` (it installs the Debian package docker-compose).",
    );
  }
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`docker-compose ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  }
  return result.stdout;
}

let resolved: ComposeConfig | undefined;
function resolvedConfig(): ComposeConfig {
  resolved ??= yaml.safeLoad(compose("config")) as ComposeConfig;
  return resolved;
}

describe("infra/docker-compose.yml", () => {
  it("is valid for docker-compose v1 (`config -q` exits 0)", () => {
    // compose() throws with docker-compose's stderr when the exit code is not 0.
    expect(compose("config", "-q")).toBe("");
  });

  it("runs every service of scripts/lib/services.cjs plus postgres, nats and rabbitmq", () => {
    const listed = compose("config", "--services").trim().split("\n");
    expect(listed).toEqual(expect.arrayContaining([...servers, ...services.map((s) => s.name)]));
  });

  it("gives every container a healthcheck", () => {
    const withoutHealthcheck = Object.entries(resolvedConfig().services)
      .filter(([, service]) => !service.healthcheck?.test || service.healthcheck.disable)
      .map(([name]) => name);
    expect(withoutHealthcheck).toEqual([]);
  });

  it("publishes host ports for the three gateways only, each on its own port", () => {
    const publishing = Object.entries(resolvedConfig().services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name)
      .sort();
    expect(publishing).toEqual([...gateways].sort());

    for (const name of gateways) {
      const port = services.find((s) => s.name === name)!.port;
      const published = (resolvedConfig().services[name]!.ports ?? []).map((p) =>
        typeof p === "string" ? p : `${p.published}:${p.target}`,
      );
      expect({ name, published }).toEqual({ name, published: [`${port}:${port}`] });
    }
  });

  it("sets no container_name, so internal services can be scaled", () => {
    const named = Object.entries(resolvedConfig().services)
      .filter(([, service]) => service.container_name)
      .map(([name]) => name);
    expect(named).toEqual([]);
  });

  it("starts each service only once the servers it needs are healthy", () => {
    for (const service of services) {
      const dependsOn = resolvedConfig().services[service.name]!.depends_on;
      expect(Array.isArray(dependsOn)).toBe(false);
      const conditions = Object.fromEntries(
        Object.entries((dependsOn ?? {}) as Record<string, { condition?: string }>).map(([dep, d]) => [
          dep,
          d.condition,
        ]),
      );
      const needed = service.database ? servers : servers.filter((s) => s !== "postgres");
      for (const server of needed) {
        expect({ service: service.name, server, condition: conditions[server] }).toEqual({
          service: service.name,
          server,
          condition: "service_healthy",
        });
      }
      for (const [dep, condition] of Object.entries(conditions)) {
        expect({ service: service.name, dep, condition }).toEqual({
          service: service.name,
          dep,
          condition: "service_healthy",
        });
      }
    }
  });

  it("wires PORT, DATABASE_URL, NATS_URL and AMQP_URL from the service list to the other containers", () => {
    for (const service of services) {
      const env = resolvedConfig().services[service.name]!.environment ?? {};
      expect({ service: service.name, PORT: env.PORT }).toEqual({ service: service.name, PORT: String(service.port) });
      expect(env.NATS_URL).toBe("nats://nats:4222");
      expect(env.AMQP_URL).toMatch(/^amqp:\/\/[^@]+@rabbitmq:5672$/);
      expect(env.BUS_NAMESPACE).toBeUndefined();
      if (service.database) {
        expect(env.DATABASE_URL).toMatch(
          new RegExp(`^postgresql://[^@]+@postgres:5432/${databaseNameFor(service.name)}$`),
        );
      } else {
        expect({ service: service.name, DATABASE_URL: env.DATABASE_URL }).toEqual({ service: service.name });
      }
    }
  });

  it("gives every service the address of each service its settings call (`<NAME>_URL`), as the container reaches it", () => {
    for (const service of services) {
      let settings = "";
      try {
        settings = readFileSync(path.join(infraDir, "..", "services", service.name, "src", "settings.ts"), "utf8");
      } catch {
        continue; // no settings of its own: it calls no one
      }
      const env = resolvedConfig().services[service.name]!.environment ?? {};
      for (const callee of services) {
        const variable = `${callee.name.toUpperCase().replace(/-/g, "_")}_URL`;
        if (!new RegExp(`^\\s*${variable}: z\\.url\\(\\)`, "m").test(settings)) continue;
        expect({ service: service.name, [variable]: env[variable] }).toEqual({
          service: service.name,
          [variable]: `http://${callee.name}:${callee.port}`,
        });
      }
    }
  });

  it("creates every service database in the postgres init script", () => {
    const sql = readFileSync(path.join(infraDir, "postgres", "01-create-databases.sql"), "utf8");
    const created = [...sql.matchAll(/^CREATE DATABASE (\w+);/gm)].map((m) => m[1]).sort();
    const expected = services
      .filter((s) => s.database)
      .map((s) => databaseNameFor(s.name))
      .sort();
    expect(created).toEqual(expected);
  });
});

describe("infra/nats/nats.conf", () => {
  it("is accepted by nats-server 2.9 (`nats-server -t`)", () => {
    const binary = [
      "/usr/sbin/nats-server",
      ...(process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, "nats-server")),
    ].find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (!binary) {
      throw new Error(
        "nats-server not found: it is one of the servers every machine needs (Debian package nats-server, see scripts/lib/servers.cjs)",
      );
    }
    const result = spawnSync(binary, ["-c", path.join(infraDir, "nats", "nats.conf"), "-t"], { encoding: "utf8" });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({
      status: 0,
      output: expect.stringContaining("is valid"),
    });
  });
});
