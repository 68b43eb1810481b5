import { withAdmin } from "@mkt/test-servers";

// What every benchmark does with PostgreSQL: throwaway databases next to the developer's (the
// server administration is @mkt/test-servers'), and pgbench's simple-update TPS as the ceiling that
// figures are compared with.

export { databaseUrl, dropDatabase, withAdmin } from "@mkt/test-servers";

/** A database that says who made it and that it will be dropped (so a leftover explains itself). */
export async function createDatabase(adminUrl: string, name: string, madeBy: string): Promise<void> {
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    await admin.query(
      `COMMENT ON DATABASE ${admin.escapeIdentifier(name)} IS ${admin.escapeLiteral(`${madeBy}: dropped at the end of the run`)}`,
    );
  });
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
    const args = [
      "-N",
      "-c",
      String(clients),
      "-j",
      String(Math.min(options.threads, clients)),
      "-T",
      String(options.seconds),
      options.url,
    ];
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
