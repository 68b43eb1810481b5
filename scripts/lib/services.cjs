// The one list of the marketplace's processes. `npm start`, the e2e tests and the infra checks
// read it; adding a service starts here (docs/adding-a-service.md).
//
// port: HTTP port of the first replica; replica i (0-based) listens on port + 10 * i, plus
//   MARKETPLACE_PORT_OFFSET when set (two stacks on one machine, e.g. two e2e runs at once). Pick
//   one that lands no port on fetch's blocked list: 2000 puts the storefront on 10080, which
//   undici refuses ("bad port"); 1000, 2100 and 3000 are fine.
// database: whether the service owns a PostgreSQL database (marketplace_<name with _>).
// identity: a gateway: its database also holds the gateway kit's identity tables, synced from
//   packages/gateway-kit/prisma by `node scripts/new-service.mjs --sync-platform`.
const services = [
  { name: "catalog", port: 7101, database: true },
  { name: "cart", port: 7102, database: true },
  { name: "payment", port: 7103, database: true },
  { name: "order", port: 7104, database: true },
  { name: "subscription", port: 7105, database: true },
  { name: "vendor-kyc", port: 7106, database: true },
  { name: "payout", port: 7107, database: true },
  { name: "notification", port: 7108, database: true },
  { name: "storefront-gateway", port: 8080, database: true, publicUrl: "/api/v1", audience: "buyers", identity: true },
  { name: "vendor-api", port: 8081, database: true, publicUrl: "/vendor/v1", audience: "vendors", identity: true },
  { name: "backoffice-api", port: 8082, database: true, publicUrl: "/ops/v1", audience: "operators", identity: true },
];

function databaseNameFor(service) {
  return `marketplace_${service.replace(/-/g, "_")}`;
}

function replicaPort(service, replicaIndex, env = process.env) {
  return service.port + 10 * replicaIndex + Number(env.MARKETPLACE_PORT_OFFSET || 0);
}

/** `<NAME>_URL` of every service (its first replica), the variables the services' settings read. */
function serviceUrls(env = process.env) {
  return Object.fromEntries(
    services.map((service) => [
      `${service.name.toUpperCase().replace(/-/g, "_")}_URL`,
      `http://127.0.0.1:${replicaPort(service, 0, env)}`,
    ]),
  );
}

module.exports = { services, databaseNameFor, replicaPort, serviceUrls };
