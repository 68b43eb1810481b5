import { seedDemoWorld } from "./seed.js";

// `node packages/demo-world/dist/main.js`: seeds the demo world into a running marketplace
// (scripts/start.mjs runs it once every gateway is ready). Gateway URLs from the environment.
const urls = {
  storefront: process.env.STOREFRONT_URL ?? "http://127.0.0.1:8080/api/v1",
  vendorApi: process.env.VENDOR_API_URL ?? "http://127.0.0.1:8081/vendor/v1",
  backoffice: process.env.BACKOFFICE_URL ?? "http://127.0.0.1:8082/ops/v1",
};

const say = (line: string) => process.stdout.write(`demo-world: ${line}\n`);

seedDemoWorld(urls, say).then(
  (report) => {
    say(`ready (${report.created.length} created, ${report.alreadyThere.length} already there)`);
  },
  (error: unknown) => {
    process.stderr.write(`demo-world: seeding failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
