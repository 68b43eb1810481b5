import type { ProductSummary, SearchProductsQuery } from "@mkt/contracts";
import type { z } from "zod";
import { Prisma } from "../generated/prisma/client.js";
import type { Db } from "../db/client.js";
import { excerptOf } from "../domain/excerpt.js";
import { decodeSearchCursor, encodeSearchCursor, type SearchCursor, type SearchSort } from "./search-cursor.js";
import { isUuid } from "./product-store.js";

export type SearchQuery = z.output<typeof SearchProductsQuery>;
type Summary = z.input<typeof ProductSummary>;

interface Row {
  id: string;
  name: string;
  category: string;
  subcategory: string;
  region: string;
  labels: string[];
  vendor_id: string;
  legal_name: string | null;
  description: string;
  from_price: number;
  billing_cycles: string[];
  has_trial: boolean;
  published_at: Date;
  rank: number | null;
}

/** How much of a description the query reads to make an excerpt. */
const EXCERPT_SOURCE_CHARS = 1200;

/**
 * Searches published listings (SearchProducts). How it stays fast (README, "Search"):
 * - full text: generated tsvector columns `search_fr`/`search_en` (name weight A, description B)
 *   with GIN indexes; the query is parsed with websearch_to_tsquery in both languages and either
 *   match counts; relevance = the better ts_rank of the two;
 * - plan filters are checked first on the product row's summary of its active plans (min_price,
 *   has_trial, billing_cycles, rewritten with every plan change), then exactly on the plans
 *   (cycle, price range and trial must hold for one same active plan);
 * - sorts follow btree indexes led by status (newest, name, price) and pages are cut by keyset.
 * All input reaches SQL as bind parameters (Prisma.sql), never as text.
 */
export async function searchProducts(
  db: Db,
  query: SearchQuery,
): Promise<{ items: Summary[]; nextCursor: string | null }> {
  const sort: SearchSort =
    query.sort === "relevance" && !query.q ? "newest" : (query.sort ?? (query.q ? "relevance" : "newest"));
  const after = query.cursor === undefined ? null : decodeSearchCursor(query.cursor, sort);
  if (query.vendor !== undefined && !isUuid(query.vendor)) return { items: [], nextCursor: null };

  const where: Prisma.Sql[] = [Prisma.sql`p.status = 'published'`];
  const q = query.q
    ? {
        fr: Prisma.sql`websearch_to_tsquery('french', ${query.q})`,
        en: Prisma.sql`websearch_to_tsquery('english', ${query.q})`,
      }
    : null;
  if (q) where.push(Prisma.sql`(p.search_fr @@ ${q.fr} OR p.search_en @@ ${q.en})`);
  if (query.category) where.push(Prisma.sql`p.category = ${query.category}`);
  if (query.subcategory) where.push(Prisma.sql`p.subcategory = ${query.subcategory}`);
  if (query.label) where.push(Prisma.sql`p.labels @> ARRAY[${query.label}]::text[]`);
  if (query.vendor) where.push(Prisma.sql`p.vendor_id = ${query.vendor}::uuid`);

  // Plan filters: one active plan must match them all together. `alias` is a constant of ours.
  const planFilters = (alias: "pl" | "q"): Prisma.Sql[] => {
    const a = Prisma.raw(alias);
    const conditions: Prisma.Sql[] = [];
    if (query.billingCycle) conditions.push(Prisma.sql`${a}.billing_cycle = ${query.billingCycle}`);
    if (query.minPrice !== undefined) conditions.push(Prisma.sql`${a}.price_cents >= ${query.minPrice}`);
    if (query.maxPrice !== undefined) conditions.push(Prisma.sql`${a}.price_cents <= ${query.maxPrice}`);
    // `freeTrial=false` filters nothing: "false" is "I do not require a trial", not "no trial".
    if (query.freeTrial === true) conditions.push(Prisma.sql`${a}.trial_days > 0`);
    return conditions;
  };
  const planFiltered = planFilters("pl").length > 0;
  // Cheap pre-filters on the product row's summary of its active plans (exact check on plans below).
  if (query.billingCycle) where.push(Prisma.sql`p.billing_cycles @> ARRAY[${query.billingCycle}]::text[]`);
  if (query.maxPrice !== undefined) where.push(Prisma.sql`p.min_price <= ${query.maxPrice}`);
  if (query.freeTrial === true) where.push(Prisma.sql`p.has_trial`);

  const matching = (alias: "pl" | "q", product: Prisma.Sql) =>
    Prisma.join(
      [
        Prisma.sql`${Prisma.raw(alias)}.product_id = ${product}`,
        Prisma.sql`${Prisma.raw(alias)}.status = 'active'`,
        ...planFilters(alias),
      ],
      " AND ",
    );
  const rank = q
    ? Prisma.sql`greatest(ts_rank(p.search_fr, ${q.fr}), ts_rank(p.search_en, ${q.en}))::float8`
    : Prisma.sql`NULL::float8`;
  const description = query.locale === "fr" ? Prisma.sql`p.description_fr` : Prisma.sql`p.description_en`;
  const columns = Prisma.sql`p.id, p.name, p.category, p.subcategory, p.region, p.labels, p.vendor_id, v.legal_name,
             left(${description}, ${EXCERPT_SOURCE_CHARS}) AS description, p.billing_cycles, p.has_trial, p.published_at, ${rank} AS rank`;

  // The order of each sort and the keyset condition after the cursor (on the columns selected).
  const orders: Record<SearchSort, { order: Prisma.Sql; after: (c: SearchCursor) => Prisma.Sql }> = {
    relevance: {
      order: Prisma.sql`rank DESC, id DESC`,
      after: (c) => Prisma.sql`(rank, id) < (${c.key}::float8, ${c.id}::uuid)`,
    },
    newest: {
      order: Prisma.sql`published_at DESC, id DESC`,
      after: (c) => Prisma.sql`(published_at, id) < (${c.key}::timestamptz, ${c.id}::uuid)`,
    },
    "price-asc": {
      order: Prisma.sql`from_price ASC, id ASC`,
      after: (c) => Prisma.sql`(from_price, id) > (${c.key}::int, ${c.id}::uuid)`,
    },
    "price-desc": {
      order: Prisma.sql`from_price DESC, id DESC`,
      after: (c) => Prisma.sql`(from_price, id) < (${c.key}::int, ${c.id}::uuid)`,
    },
    name: {
      order: Prisma.sql`name ASC, id ASC`,
      after: (c) => Prisma.sql`(name, id) > (${c.key}::text, ${c.id}::uuid)`,
    },
  };
  const chosen = orders[sort];
  const keyset = after ? Prisma.sql`WHERE ${chosen.after(after)}` : Prisma.empty;
  const limit = query.limit + 1;

  let rows: Row[];
  if (planFiltered && (sort === "price-asc" || sort === "price-desc")) {
    // Sorted by the price of the cheapest matching plan: walk the matching plans in price order
    // (plan indexes on status, cycle, price) keeping, per product, only its cheapest matching plan
    // (NOT EXISTS a cheaper one, ties broken by plan id). Each product appears once, at its
    // fromPrice, and the walk stops after one page instead of pricing every matching product.
    rows = await db.$queryRaw<Row[]>(Prisma.sql`
      SELECT s.* FROM (
        SELECT ${columns}, pl.price_cents AS from_price
          FROM plan pl JOIN product p ON p.id = pl.product_id LEFT JOIN vendor v ON v.id = p.vendor_id
         WHERE ${Prisma.join([...planFilters("pl"), Prisma.sql`pl.status = 'active'`, ...where], " AND ")}
           AND NOT EXISTS (SELECT 1 FROM plan q WHERE ${matching("q", Prisma.sql`pl.product_id`)} AND (q.price_cents, q.id) < (pl.price_cents, pl.id))
      ) s
      ${keyset}
      ORDER BY ${chosen.order}
      LIMIT ${limit}`);
  } else {
    // Driven by the product row (its indexes: full text, status + sort key). With plan filters,
    // EXISTS checks them and fromPrice is computed for the rows of the page only.
    if (planFiltered) where.push(Prisma.sql`EXISTS (SELECT 1 FROM plan pl WHERE ${matching("pl", Prisma.sql`p.id`)})`);
    const fromPrice = planFiltered
      ? Prisma.sql`(SELECT min(pl.price_cents) FROM plan pl WHERE ${matching("pl", Prisma.sql`t.id`)})`
      : Prisma.sql`t.from_price`;
    rows = await db.$queryRaw<Row[]>(Prisma.sql`
      SELECT t.id, t.name, t.category, t.subcategory, t.region, t.labels, t.vendor_id, t.legal_name, t.description,
             t.billing_cycles, t.has_trial, t.published_at, t.rank, ${fromPrice} AS from_price FROM (
        SELECT s.* FROM (
          SELECT ${columns}, p.min_price AS from_price
            FROM product p LEFT JOIN vendor v ON v.id = p.vendor_id
           WHERE ${Prisma.join(where, " AND ")}
        ) s
        ${keyset}
        ORDER BY ${chosen.order}
        LIMIT ${limit}
      ) t
      ORDER BY ${chosen.order}`);
  }

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const keyOf = (row: Row): number | string =>
    sort === "relevance"
      ? (row.rank ?? 0)
      : sort === "newest"
        ? row.published_at.toISOString()
        : sort === "name"
          ? row.name
          : row.from_price;
  return {
    items: page.map((row) => ({
      id: row.id,
      name: row.name,
      category: row.category as Summary["category"],
      subcategory: row.subcategory as Summary["subcategory"],
      region: row.region as Summary["region"],
      labels: row.labels as Summary["labels"],
      vendor: { id: row.vendor_id, legalName: row.legal_name ?? "" },
      excerpt: excerptOf(row.description),
      fromPrice: { amount: row.from_price, currency: "EUR" },
      billingCycles: row.billing_cycles as Summary["billingCycles"],
      freeTrial: row.has_trial,
      publishedAt: row.published_at.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeSearchCursor({ sort, key: keyOf(last), id: last.id }) : null,
  };
}
