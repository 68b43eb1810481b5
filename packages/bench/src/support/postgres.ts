import { Client } from "pg";

// What every benchmark does with PostgreSQL: throwaway databases next to the developer's, and
// pgbench's simple-update TPS as the ceiling that figures are compared with.

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  admin.on("error", () => undefined);
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** A database that says who made it and that it will be dropped (so a leftover explains itself). */
export async function createDatabase(adminUrl: string, name: string, madeBy: string): Promise<void> {
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    await admin.query(`COMMENT ON DATABASE ${admin.escapeIdentifier(name)} IS ${admin.escapeLiteral(`${madeBy}: dropped at the end of the run`)}`);
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`));
}

export interface PgbenchRun {
  clients: number;
  tps: number;
  latencyMs: number;
}

/**
 * `pgbench -N` (simple update) at each client count on a fresh database: the best TPS is what
 * this PostgreSQL does at its best on this machine. `run` executes a command and resolves with
 * its output (each benchmark tracks its own child processes).
 */
export async function measurePgbench(options: {
  url: string;
  scale: number;
  clients: readonly number[];
  threads: number;
  seconds: number;
  run: (command: string, args: string[]) => Promise<string>;
  log: (message: string) => void;
}): Promise<PgbenchRun & { runs: PgbenchRun[] }> {
  options.log(`pgbench -i -s ${options.scale}`);
  await options.run("pgbench", ["-i", "-q", "-s", String(options.scale), options.url]);
  const runs: PgbenchRun[] = [];
  for (const clients of options.clients) {
    const args = ["-N", "-c", String(clients), "-j", String(Math.min(options.threads, clients)), "-T", String(options.seconds), options.url];
    options.log(`pgbench ${args.slice(0, -1).join(" ")}`);
    const output = await options.run("pgbench", args);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`could not read the TPS from pgbench's output:\n${output}`);
    runs.push({ clients, tps, latencyMs });
  }
  const best = runs.reduce((a, b) => (b.tps > a.tps ? b : a));
  return { ...best, runs };
}

/** A Markdown table, columns padded. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => "| " + row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ") + " |";
  return [line(header), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}
