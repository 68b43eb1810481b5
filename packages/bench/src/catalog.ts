/**
 * `npm run bench:catalog`: how fast the catalog's search answers over 100,000 published solutions.
 *
 *   1. creates its own database (bench_catalog_<random>), migrates it with the catalog's own
 *      migrations (services/catalog/prisma/migrations);
 *   2. seeds it in bulk SQL (generate_series into staging tables, then INSERT … SELECT in parallel
 *      chunks): BENCH_CATALOG_VENDORS vendors, BENCH_CATALOG_PRODUCTS published solutions with
 *      varied French and English names and markdown descriptions built from word lists, 1–4 plans
 *      each (monthly/yearly, prices, trials, commitments), ~10% labelled Open Trusted Cloud; ANALYZE;
 *   3. starts the catalog service itself (services/catalog/dist/main.js, NODE_ENV=production) on
 *      that database and its own bus namespace, and runs typical searches through its HTTP API
 *      (GET /products): a word, two words, filters only, filter + text, price sorts, plan filters,
 *      the label filter, deep cursor pages; BENCH_CATALOG_ITERATIONS each, one at a time;
 *   4. prints p50/p99 per query shape and the seed time, drops the database and the namespace.
 *
 * BENCH_CATALOG_KEEP_DB=1 keeps the database (its URL is printed) to look at query plans.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { Client } from "pg";
import { applyMigrations } from "@mkt/db-tools";
import { deleteBusNamespace } from "@mkt/test-servers";
import { percentile } from "./stats.js";
import { databaseUrl as sharedDatabaseUrl, withAdmin as withAdminOf } from "./support/postgres.js";

// --- settings ------------------------------------------------------------------------------

const env = process.env;
const int = (name: string, fallback: number) => {
  const value = env[name];
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
};
const settings = {
  adminUrl: env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  natsUrl: env.NATS_URL ?? "nats://127.0.0.1:4222",
  products: int("BENCH_CATALOG_PRODUCTS", 100_000),
  vendors: int("BENCH_CATALOG_VENDORS", 60),
  iterations: int("BENCH_CATALOG_ITERATIONS", 200),
  /** How many pages deep the deep-cursor shapes go (20 a page). */
  deepPages: int("BENCH_CATALOG_DEEP_PAGES", 25),
  seedConnections: int("BENCH_CATALOG_SEED_CONNECTIONS", 4),
  keepDatabase: env.BENCH_CATALOG_KEEP_DB === "1",
};

const runId = randomBytes(4).toString("hex");
const databaseName = `bench_catalog_${runId}`;
const namespace = `bench_catalog_${runId}`;
const repoRoot = join(__dirname, "../../..");
const catalogDir = join(repoRoot, "services/catalog");

const databaseUrl = (name: string) => sharedDatabaseUrl(settings.adminUrl, name);

// --- word lists (parallel fr/en arrays: index i means the same thing in both) --------------

const NAME_PREFIXES = [
  "Nuage",
  "Octet",
  "Data",
  "Kube",
  "Factur",
  "Paie",
  "Secur",
  "Flux",
  "Azur",
  "Cobalt",
  "Ardoise",
  "Vega",
  "Orion",
  "Saphir",
  "Mistral",
  "Loire",
  "Alpin",
  "Lumen",
  "Nova",
  "Pixel",
  "Quanta",
  "Rhone",
  "Sigma",
  "Tempo",
  "Vertex",
  "Zephyr",
  "Atlas",
  "Boreal",
  "Cirrus",
  "Delta",
];
const NAME_SUFFIXES = [
  "Pro",
  "Box",
  "Flow",
  "Hub",
  "Desk",
  "Stack",
  "Vault",
  "Sync",
  "Lab",
  "Ops",
  "Base",
  "Cloud",
  "Link",
  "Board",
  "Pilot",
  "Guard",
  "Mail",
  "Store",
  "Track",
  "Works",
];
const TOPICS_FR = [
  "facturation",
  "comptabilité",
  "paie",
  "sauvegarde",
  "supervision",
  "messagerie",
  "stockage objet",
  "conteneurs",
  "analyse de données",
  "sécurité",
  "signature électronique",
  "planification",
  "recrutement",
  "inventaire",
  "support client",
  "visioconférence",
  "gestion commerciale",
  "entrepôt de données",
  "journalisation",
  "authentification",
  "notes de frais",
  "trésorerie",
  "marketing par courriel",
  "intégration continue",
  "bases de données",
  "files de messages",
  "apprentissage automatique",
  "observabilité",
  "gestion de projet",
  "documentation",
];
const TOPICS_EN = [
  "invoicing",
  "accounting",
  "payroll",
  "backup",
  "monitoring",
  "messaging",
  "object storage",
  "containers",
  "data analytics",
  "security",
  "electronic signature",
  "scheduling",
  "recruiting",
  "inventory",
  "customer support",
  "video conferencing",
  "sales management",
  "data warehouse",
  "logging",
  "authentication",
  "expense reports",
  "cash management",
  "email marketing",
  "continuous integration",
  "databases",
  "message queues",
  "machine learning",
  "observability",
  "project management",
  "documentation",
];
const AUDIENCES_FR = [
  "les PME",
  "les artisans",
  "les collectivités",
  "les cabinets comptables",
  "les équipes produit",
  "les développeurs",
  "les hôpitaux",
  "les associations",
  "les start-up",
  "les grands comptes",
];
const AUDIENCES_EN = [
  "small businesses",
  "craftspeople",
  "local authorities",
  "accounting firms",
  "product teams",
  "developers",
  "hospitals",
  "non-profits",
  "start-ups",
  "large enterprises",
];
const QUALITIES_FR = [
  "simple",
  "rapide",
  "souverain",
  "sécurisé",
  "collaboratif",
  "automatisé",
  "conforme au RGPD",
  "hautement disponible",
  "économique",
  "ouvert",
];
const QUALITIES_EN = [
  "simple",
  "fast",
  "sovereign",
  "secure",
  "collaborative",
  "automated",
  "GDPR-compliant",
  "highly available",
  "affordable",
  "open",
];
const FEATURES_FR = [
  "tableaux de bord en temps réel",
  "export comptable",
  "API REST documentée",
  "authentification unique",
  "chiffrement de bout en bout",
  "sauvegardes quotidiennes",
  "rapports personnalisés",
  "relances automatiques",
  "application mobile",
  "journal d'audit",
  "alertes configurables",
  "import CSV",
  "webhooks",
  "gestion des rôles",
  "réplication multi-zones",
];
const FEATURES_EN = [
  "real-time dashboards",
  "accounting export",
  "documented REST API",
  "single sign-on",
  "end-to-end encryption",
  "daily backups",
  "custom reports",
  "automatic reminders",
  "mobile app",
  "audit log",
  "configurable alerts",
  "CSV import",
  "webhooks",
  "role management",
  "multi-zone replication",
];
const SUBCATEGORIES: [string, string][] = [
  ...[
    "crm",
    "erp",
    "accounting",
    "hr",
    "collaboration",
    "communication",
    "marketing",
    "analytics",
    "security",
    "devtools",
  ].map((s): [string, string] => ["saas", s]),
  ...["databases", "kubernetes", "serverless", "storage", "messaging", "ai-ml", "observability", "ci-cd"].map(
    (s): [string, string] => ["paas", s],
  ),
];
const REGIONS = ["fr-par-1", "fr-par-2", "fr-rbx-1", "fr-sbg-1", "de-fra-1", "nl-ams-1"];

const sqlArray = (values: readonly string[]) =>
  `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]::text[]`;

// --- seeding ---------------------------------------------------------------------------------

/** Picks an element of `list` from an integer expression (1-based arrays). */
const pick = (list: readonly string[], expr: string) => `(${sqlArray(list)})[1 + ((${expr}) % ${list.length})]`;

async function seed(url: string): Promise<{ seconds: number; plans: number }> {
  const started = Date.now();
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`SELECT setseed(0.42)`);
    await admin.query(`
      CREATE UNLOGGED TABLE seed_product AS
      WITH v AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS n FROM vendor)
      SELECT i, gen_random_uuid() AS id, v.id AS vendor_id,
             (random() * 1e9)::bigint AS r1, (random() * 1e9)::bigint AS r2, (random() * 1e9)::bigint AS r3, (random() * 1e9)::bigint AS r4,
             now() - random() * interval '730 days' AS published_at, random() < 0.1 AS labelled
        FROM generate_series(1, ${settings.products}) i JOIN v ON v.n = i % ${settings.vendors}`);
    await admin.query(`
      CREATE UNLOGGED TABLE seed_plan AS
      SELECT sp.i, k, gen_random_uuid() AS id,
             CASE WHEN random() < 0.7 THEN 'monthly' ELSE 'yearly' END AS billing_cycle,
             (50 + (random() * random() * 5000)::int) * 100 AS price_cents,
             CASE WHEN random() < 0.3 THEN (ARRAY[7, 14, 30])[1 + (random() * 2)::int] ELSE 0 END AS trial_days,
             CASE WHEN random() < 0.25 THEN 12 ELSE 0 END AS commitment_months
        FROM seed_product sp, generate_series(1, 1 + (sp.r4 % 4)::int) k`);
    await admin.query(`
      CREATE UNLOGGED TABLE seed_summary AS
      SELECT i, min(price_cents) AS min_price, bool_or(trial_days > 0) AS has_trial, array_agg(DISTINCT billing_cycle ORDER BY billing_cycle) AS billing_cycles
        FROM seed_plan GROUP BY i`);
    await admin.query(`CREATE INDEX ON seed_summary (i)`);
  } finally {
    await admin.end();
  }

  // The product rows carry the generated tsvectors: that is the expensive part, done in parallel.
  const chunk = Math.ceil(settings.products / settings.seedConnections);
  const ranges = Array.from(
    { length: settings.seedConnections },
    (_, n) => [n * chunk + 1, Math.min(settings.products, (n + 1) * chunk)] as const,
  );
  const topic = (r: string) => `(${r} % ${TOPICS_FR.length})`;
  await Promise.all(
    ranges.map(async ([from, to]) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`
          INSERT INTO product (id, vendor_id, status, name, category, subcategory, region, description_fr, description_en,
                               documentation_url, labels, revision, ever_published, published_at, created_at, updated_at,
                               min_price, has_trial, billing_cycles)
          SELECT sp.id, sp.vendor_id, 'published',
                 ${pick(NAME_PREFIXES, "sp.r1")} || ' ' || ${pick(NAME_SUFFIXES, "sp.r2")} || ' ' || (sp.i % 997),
                 split_part(${pick(
                   SUBCATEGORIES.map(([c, s]) => `${c}:${s}`),
                   "sp.r3",
                 )}, ':', 1),
                 split_part(${pick(
                   SUBCATEGORIES.map(([c, s]) => `${c}:${s}`),
                   "sp.r3",
                 )}, ':', 2),
                 ${pick(REGIONS, "sp.r2 / 7")},
                 format(E'## %s\\n\\nLa solution **%s** de %s pour %s, hébergée sur notre cloud. %s et %s.\\n\\n- %s\\n- %s\\n- %s\\n\\nIdéal pour la %s et la %s au quotidien : [documentation](https://docs.example/%s).',
                        ${pick(TOPICS_FR, topic("sp.r1"))}, ${pick(QUALITIES_FR, "sp.r2")}, ${pick(TOPICS_FR, topic("sp.r1"))}, ${pick(AUDIENCES_FR, "sp.r3")},
                        initcap(${pick(FEATURES_FR, "sp.r4")}), ${pick(FEATURES_FR, "sp.r1 / 3")},
                        ${pick(FEATURES_FR, "sp.r2 / 5")}, ${pick(FEATURES_FR, "sp.r3 / 7")}, ${pick(FEATURES_FR, "sp.r4 / 11")},
                        ${pick(TOPICS_FR, "sp.r2 / 13")}, ${pick(TOPICS_FR, "sp.r3 / 17")}, sp.i),
                 format(E'## %s\\n\\nThe %s **%s** solution for %s, hosted on our cloud. %s and %s.\\n\\n- %s\\n- %s\\n- %s\\n\\nGreat for everyday %s and %s: [documentation](https://docs.example/%s).',
                        ${pick(TOPICS_EN, topic("sp.r1"))}, ${pick(QUALITIES_EN, "sp.r2")}, ${pick(TOPICS_EN, topic("sp.r1"))}, ${pick(AUDIENCES_EN, "sp.r3")},
                        initcap(${pick(FEATURES_EN, "sp.r4")}), ${pick(FEATURES_EN, "sp.r1 / 3")},
                        ${pick(FEATURES_EN, "sp.r2 / 5")}, ${pick(FEATURES_EN, "sp.r3 / 7")}, ${pick(FEATURES_EN, "sp.r4 / 11")},
                        ${pick(TOPICS_EN, "sp.r2 / 13")}, ${pick(TOPICS_EN, "sp.r3 / 17")}, sp.i),
                 'https://docs.example/' || sp.i,
                 CASE WHEN sp.labelled THEN ARRAY['open-trusted-cloud'] ELSE ARRAY[]::text[] END,
                 1, true, sp.published_at, sp.published_at, sp.published_at,
                 ss.min_price, ss.has_trial, ss.billing_cycles
            FROM seed_product sp JOIN seed_summary ss ON ss.i = sp.i
           WHERE sp.i BETWEEN ${from} AND ${to}`);
        await client.query(`
          INSERT INTO plan (id, product_id, plan_family_id, version, name, billing_cycle, price_cents, currency,
                            commitment_months, trial_days, status, superseded_by, ever_published, created_at)
          SELECT pl.id, sp.id, pl.id, 1, (ARRAY['Starter','Team','Business','Enterprise'])[pl.k], pl.billing_cycle, pl.price_cents, 'EUR',
                 pl.commitment_months, pl.trial_days, 'active', NULL, true, sp.published_at
            FROM seed_plan pl JOIN seed_product sp ON sp.i = pl.i
           WHERE pl.i BETWEEN ${from} AND ${to}`);
      } finally {
        await client.end();
      }
    }),
  );

  const finish = new Client({ connectionString: url });
  await finish.connect();
  try {
    const plans = Number((await finish.query<{ n: string }>(`SELECT count(*) AS n FROM seed_plan`)).rows[0]?.n ?? 0);
    await finish.query(`DROP TABLE seed_plan, seed_summary, seed_product`);
    await finish.query(`VACUUM ANALYZE product`);
    await finish.query(`VACUUM ANALYZE plan`);
    await finish.query(`ANALYZE vendor`);
    return { seconds: (Date.now() - started) / 1000, plans };
  } finally {
    await finish.end();
  }
}

async function seedVendors(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO vendor (id, legal_name, contact_email, contact_phone, support_url, approved_at, contact_as_of, updated_at)
      SELECT gen_random_uuid(), 'Éditeur ' || v || ' SAS', 'ventes' || v || '@editeur.example', '+33 1 84 00 ' || lpad(v::text, 4, '0'), NULL, now(), now(), now()
        FROM generate_series(1, ${settings.vendors}) v`);
  } finally {
    await client.end();
  }
}

// --- the catalog service ------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function startCatalog(url: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = fork(join(catalogDir, "dist/main.js"), [], {
    cwd: catalogDir,
    env: {
      ...env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      PORT: String(port),
      BUS_NAMESPACE: namespace,
      NATS_URL: settings.natsUrl,
      LOG_LEVEL: "warn",
      DATABASE_POOL_SIZE: "4",
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the catalog service exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { base, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the catalog service did not become ready in 30 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// --- the searches ----------------------------------------------------------------------------

interface Shape {
  name: string;
  /** The query string of iteration n (varied so each iteration is a different search). */
  query: (n: number) => string;
  /** Follow nextCursor this many pages and time only the last one. */
  deep?: number;
}

const at = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
const ONE_WORDS = [
  "facturation",
  "invoicing",
  "sauvegarde",
  "backup",
  "conteneurs",
  "containers",
  "paie",
  "payroll",
  "sécurité",
  "monitoring",
  "webhooks",
  "recrutement",
];
const TWO_WORDS = [
  "facturation PME",
  "payroll start-ups",
  "sauvegardes quotidiennes",
  "real-time dashboards",
  "signature électronique",
  "machine learning",
  "base de données",
  "customer support",
];
const SUBS = SUBCATEGORIES.map(([category, sub]) => `category=${category}&subcategory=${sub}`);

const shapes: Shape[] = [
  { name: "one word (relevance)", query: (n) => `q=${encodeURIComponent(at(ONE_WORDS, n))}` },
  { name: "two words (relevance)", query: (n) => `q=${encodeURIComponent(at(TWO_WORDS, n))}` },
  {
    name: "rare word + category",
    query: (n) =>
      `q=${encodeURIComponent(at(["Cobalt", "Zephyr", "Mistral", "Orion"], n))}&category=${n % 2 ? "saas" : "paas"}`,
  },
  { name: "filters only (newest)", query: (n) => at(SUBS, n) },
  {
    name: "filter + text",
    query: (n) => `q=${encodeURIComponent(at(ONE_WORDS, n))}&category=${n % 2 ? "saas" : "paas"}`,
  },
  { name: "no filter, newest", query: (n) => `locale=${n % 2 ? "fr" : "en"}` },
  { name: "price-asc, no filter", query: () => `sort=price-asc` },
  { name: "price-desc + category", query: (n) => `sort=price-desc&category=${n % 2 ? "saas" : "paas"}` },
  {
    name: "plan filters (cycle+range), price-asc",
    query: (n) =>
      `billingCycle=${n % 2 ? "yearly" : "monthly"}&minPrice=${1000 + (n % 10) * 1000}&maxPrice=${20000 + (n % 10) * 5000}&sort=price-asc`,
  },
  { name: "free trial + text", query: (n) => `freeTrial=true&q=${encodeURIComponent(at(ONE_WORDS, n))}` },
  { name: "label filter", query: (n) => `label=open-trusted-cloud${n % 2 ? "&sort=name" : ""}` },
  { name: "name sort", query: (n) => `sort=name&locale=${n % 2 ? "fr" : "en"}` },
  { name: `deep page (newest, page ${settings.deepPages})`, query: () => ``, deep: settings.deepPages },
  {
    name: `deep page (relevance, page ${settings.deepPages})`,
    query: (n) => `q=${encodeURIComponent(at(ONE_WORDS, n))}`,
    deep: settings.deepPages,
  },
  {
    name: `deep page (price-asc, page ${settings.deepPages})`,
    query: () => `sort=price-asc`,
    deep: settings.deepPages,
  },
];

interface Result {
  name: string;
  samples: number[];
  hits: number;
}

async function runShape(base: string, shape: Shape): Promise<Result> {
  const samples: number[] = [];
  let hits = 0;
  const get = async (query: string) => {
    const started = performance.now();
    const response = await fetch(`${base}/products?${query}`);
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    if (response.status !== 200) throw new Error(`${shape.name}: ${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, body };
  };
  // Deep shapes walk 25 pages per iteration: fewer iterations keep the run short.
  const iterations = shape.deep ? Math.max(10, Math.floor(settings.iterations / 10)) : settings.iterations;
  for (let warm = 0; warm < 3; warm++) await get(shape.query(warm));
  for (let n = 0; n < iterations; n++) {
    const query = shape.query(n);
    if (shape.deep) {
      let cursor: string | null = null;
      let last = 0;
      for (let page = 1; page <= shape.deep; page++) {
        const { ms, body }: { ms: number; body: { items: unknown[]; nextCursor: string | null } } = await get(
          `${query}${query ? "&" : ""}limit=20${cursor ? `&cursor=${cursor}` : ""}`,
        );
        last = ms;
        cursor = body.nextCursor;
        hits = body.items.length;
        if (!cursor) break;
      }
      samples.push(last);
    } else {
      const { ms, body } = await get(query);
      samples.push(ms);
      hits += body.items.length;
    }
  }
  return { name: shape.name, samples, hits: shape.deep ? hits : Math.round(hits / iterations) };
}

// --- main --------------------------------------------------------------------------------------

const withAdmin = <T>(work: (admin: Client) => Promise<T>) => withAdminOf(settings.adminUrl, work);

function log(message: string): void {
  console.log(message === "" ? "" : `bench:catalog  ${message}`);
}

async function main(): Promise<void> {
  let child: ChildProcess | undefined;
  const url = databaseUrl(databaseName);
  await withAdmin(async (admin) => {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(databaseName)}`);
    await admin.query(
      `COMMENT ON DATABASE ${admin.escapeIdentifier(databaseName)} IS ${admin.escapeLiteral(`npm run bench:catalog, run ${runId}`)}`,
    );
  });
  try {
    await applyMigrations({ databaseUrl: url, migrationsDir: join(catalogDir, "prisma/migrations") });
    log(
      `database ${databaseName} migrated; seeding ${settings.products.toLocaleString("en")} published solutions of ${settings.vendors} vendors…`,
    );
    await seedVendors(url);
    const seeded = await seed(url);
    log(
      `seeded ${settings.products.toLocaleString("en")} solutions and ${seeded.plans.toLocaleString("en")} plans in ${seeded.seconds.toFixed(1)} s (bulk SQL, generated tsvectors, indexes, VACUUM ANALYZE)`,
    );

    const started = await startCatalog(url);
    child = started.child;
    log(
      `catalog service up at ${started.base}; ${settings.iterations} searches per shape (deep shapes: ${Math.max(10, Math.floor(settings.iterations / 10))} walks)`,
    );
    const results: Result[] = [];
    for (const shape of shapes) results.push(await runShape(started.base, shape));

    const rows = results.map((r) => {
      const sorted = [...r.samples].sort((a, b) => a - b);
      const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
      return [
        r.name,
        String(sorted.length),
        percentile(sorted, 0.5).toFixed(1),
        percentile(sorted, 0.99).toFixed(1),
        mean.toFixed(1),
        String(r.hits),
      ];
    });
    const header = ["query shape (GET /products over HTTP)", "n", "p50 ms", "p99 ms", "mean ms", "hits/page"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
    log("");
    console.log(line(header));
    console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
    for (const row of rows) console.log(line(row));
    console.log("");
    log(
      `seed time: ${seeded.seconds.toFixed(1)} s for ${settings.products.toLocaleString("en")} solutions, ${seeded.plans.toLocaleString("en")} plans`,
    );
  } finally {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child!.once("exit", resolve));
    }
    if (settings.keepDatabase) log(`kept database: ${url}`);
    else
      await withAdmin((admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(databaseName)} WITH (FORCE)`),
      );
    await deleteBusNamespace(namespace, settings.natsUrl).catch((error: Error) =>
      log(`could not delete bus namespace ${namespace}: ${error.message}`),
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
