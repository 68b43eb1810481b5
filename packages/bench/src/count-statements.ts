/**
 * Preloaded into every service process by bench:checkout (`node --require …/count-statements.js`):
 * counts the SQL statements the process sends through the pg driver (Prisma's adapter and the
 * kit's raw SQL both end in `Client#query`) and writes the running total to
 * `$BENCH_STATEMENTS_DIR/<pid>.json` a few times a second and at exit. The bench reads the files
 * before and after its window: statements per checkout by service, without a proxy in the path.
 */
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const directory = process.env.BENCH_STATEMENTS_DIR;
if (directory) {
  // The service's own pg, resolved from its folder as its code resolves it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require(require.resolve("pg", { paths: [process.cwd()] })) as typeof import("pg");
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let statements = 0;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    return original.apply(this, args);
  };
  const file = join(directory, `${process.pid}.json`);
  const service = basename(process.cwd());
  const write = () => {
    try {
      writeFileSync(file, JSON.stringify({ service, statements }));
    } catch {
      // The bench removed its folder: nothing left to report to.
    }
  };
  setInterval(write, 100).unref();
  process.on("exit", write);
}
