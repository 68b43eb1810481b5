import pg from "pg";

// Seeding for `npm run bench:renewals` (and e2e/renewals.test.ts's batch): one real purchase made through the gateways (the
// template: its order, its subscription with period 0 paid and its charge-due timer armed, the
// buyer's card kept for renewals) is copied N - 1 times straight into the three databases with
// generate_series, each copy with ids of its own that agree across the databases. Copying real
// rows (to_jsonb of the row, ids replaced in its text, jsonb_populate_record back) keeps every
// column and every JSON snapshot exactly as the services wrote them, whatever their schema
// becomes. Every copy is due at the template's instant.

/** The template purchase, as found in the databases. */
export interface Template {
  subscriptionId: string;
  orderId: string;
  buyerId: string;
  vendorId: string;
  purchaseOrderNumber: string;
  nextDueAt: Date;
}

export interface SeedUrls {
  subscription: string;
  order: string;
  payment: string;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A deterministic UUID (version 4 layout, so every validator takes it) per kind and copy number:
 * the same copy's subscription, order, buyer and vendor ids agree across the three databases.
 */
const UUID_FUNCTION = `
CREATE FUNCTION pg_temp.bench_uuid(kind text, i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)
  FROM (SELECT md5('bench-renewals-' || kind || '-' || i) AS h) s
$$`;

export async function findTemplate(urls: SeedUrls, orderId: string): Promise<Template | undefined> {
  return withClient(urls.subscription, async (db) => {
    const { rows } = await db.query<{
      id: string;
      buyer_id: string;
      vendor_id: string;
      next_due_at: Date | null;
      timers: string;
    }>(
      `SELECT s.id::text, s.buyer_id, s.vendor_id, s.next_due_at,
              (SELECT count(*) FROM timer t WHERE t.key = s.id::text AND t.status = 'pending')::text AS timers
       FROM subscriptions s WHERE s.order_id = $1`,
      [orderId],
    );
    const row = rows[0];
    if (!row || !row.next_due_at || row.timers === "0") return undefined;
    const po = await withClient(urls.order, (order) =>
      order.query<{ purchase_order_number: string }>(`SELECT purchase_order_number FROM orders WHERE id = $1`, [
        orderId,
      ]),
    );
    const purchaseOrderNumber = po.rows[0]?.purchase_order_number;
    if (!purchaseOrderNumber) return undefined;
    return {
      subscriptionId: row.id,
      orderId,
      buyerId: row.buyer_id,
      vendorId: row.vendor_id,
      purchaseOrderNumber,
      nextDueAt: row.next_due_at,
    };
  });
}

/** `replace(replace(… text …))`: each template id in the row's JSON text by the copy's. */
function replaced(text: string, pairs: [string, string][]): string {
  return pairs.reduce((sql, [from, to]) => `replace(${sql}, ${from}, ${to})`, text);
}

/**
 * Copies the template `count - 1` times (copy i: subscription, order and buyer of its own, vendor
 * i mod `vendors`), so that `count` subscriptions are due at once. Returns the rows written.
 */
export async function copyTemplate(
  urls: SeedUrls,
  template: Template,
  count: number,
  vendors: number,
): Promise<{ subscriptions: number; periods: number; timers: number; orders: number; cards: number }> {
  const copies = count - 1;
  const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
  const [subscriptionId, orderId, buyerId, vendorId, purchaseOrder] = [
    template.subscriptionId,
    template.orderId,
    template.buyerId,
    template.vendorId,
    template.purchaseOrderNumber,
  ].map(literal);
  const ids = (row: string): string =>
    replaced(`to_jsonb(${row})::text`, [
      [subscriptionId!, "pg_temp.bench_uuid('subscription', i)"],
      [orderId!, "pg_temp.bench_uuid('order', i)"],
      [buyerId!, "pg_temp.bench_uuid('buyer', i)"],
      [vendorId!, `pg_temp.bench_uuid('vendor', i % ${vendors})`],
    ]);

  const subscription = await withClient(urls.subscription, async (db) => {
    await db.query(UUID_FUNCTION);
    const subscriptions = await db.query(
      `INSERT INTO subscriptions
       SELECT (jsonb_populate_record(NULL::subscriptions, ${ids("s")}::jsonb)).*
       FROM subscriptions s, generate_series(1, ${copies}) i WHERE s.id = ${subscriptionId}::uuid`,
    );
    const periods = await db.query(
      `INSERT INTO subscription_period
       SELECT (jsonb_populate_record(NULL::subscription_period, ${ids("p")}::jsonb)).*
       FROM subscription_period p, generate_series(1, ${copies}) i
       WHERE p.subscription_id = ${subscriptionId}::uuid`,
    );
    const timers = await db.query(
      `INSERT INTO timer
       SELECT (jsonb_populate_record(NULL::timer, ${ids("t")}::jsonb || jsonb_build_object('id', gen_random_uuid()))).*
       FROM timer t, generate_series(1, ${copies}) i
       WHERE t.key = ${subscriptionId} AND t.status = 'pending'`,
    );
    await db.query("ANALYZE");
    return { subscriptions: subscriptions.rowCount ?? 0, periods: periods.rowCount ?? 0, timers: timers.rowCount ?? 0 };
  });

  const orders = await withClient(urls.order, async (db) => {
    await db.query(UUID_FUNCTION);
    // The order's own invoice number is unique per vendor: a copy has none of its own (the
    // renewal invoices take the vendor's sequence from 1).
    const written = await db.query(
      `INSERT INTO orders
       SELECT (jsonb_populate_record(NULL::orders,
         replace(${ids("o")}, ${purchaseOrder}, ${purchaseOrder} || '-' || i)::jsonb || '{"invoice_number": null}'::jsonb)).*
       FROM orders o, generate_series(1, ${copies}) i WHERE o.id = ${orderId}`,
    );
    await db.query("ANALYZE");
    return written.rowCount ?? 0;
  });

  const cards = await withClient(urls.payment, async (db) => {
    await db.query(UUID_FUNCTION);
    const written = await db.query(
      `INSERT INTO saved_payment_method
       SELECT (jsonb_populate_record(NULL::saved_payment_method, ${ids("c")}::jsonb)).*
       FROM saved_payment_method c, generate_series(1, ${copies}) i
       WHERE c.buyer_id = ${buyerId}`,
    );
    await db.query("ANALYZE");
    return written.rowCount ?? 0;
  });

  return { ...subscription, orders, cards };
}
