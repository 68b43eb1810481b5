// Vendors recorded before the KYC workflow stay valid through its migration and readable through the API.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ControllableClock, startService } from "@mkt/service-kit";
import { applyMigrations } from "@mkt/db-tools";
import {
  deleteBusNamespace,
  migratedTestDatabase,
  testSettings,
  uniqueBusNamespace,
  type TestDatabase,
} from "@mkt/testing";
import { vendorKycService } from "../src/bootstrap.js";
import { call, OPERATOR, TODAY, type Kyc } from "./support/kyc.js";

const MIGRATIONS = join(__dirname, "../prisma/migrations");
const BEFORE_KYC = ["20261124000000_platform_outbox_inbox_timers", "20261124010000_vendor"];
const SUBMITTED = "0195f0a0-0000-7000-8000-0000000000a1";
const APPROVED = "0195f0a0-0000-7000-8000-0000000000a2";

let oldMigrations: string;
let database: TestDatabase;

beforeAll(async () => {
  oldMigrations = await mkdtemp(join(tmpdir(), "mkt-kyc-migrations-"));
  for (const name of [...BEFORE_KYC, "migration_lock.toml"])
    await cp(join(MIGRATIONS, name), join(oldMigrations, name), { recursive: true });
  database = await migratedTestDatabase({ label: "vendor_kyc_legacy", migrationsDir: oldMigrations });
  await database.query(
    `INSERT INTO vendor (id, legal_name, contact_email, contact_phone, support_url, status, submitted_at, decided_at) VALUES
     ($1, 'Ancien Nuage SAS', 'old@nuage.example', '+33 1 00 00 00 00', NULL, 'submitted', '2026-11-20T09:00:00Z', NULL),
     ($2, 'Vieux Cumulus SARL', 'old@cumulus.example', '+33 1 00 00 00 01', 'https://cumulus.example', 'approved', '2026-11-19T09:00:00Z', '2026-11-21T09:00:00Z')`,
    [SUBMITTED, APPROVED],
  );
  await applyMigrations({ databaseUrl: database.url, migrationsDir: MIGRATIONS });
});
afterAll(async () => {
  await database?.drop();
  await rm(oldMigrations, { recursive: true, force: true });
});

describe("the KYC workflow migration", () => {
  it("keeps existing vendors with their status, creation time and a history", async () => {
    const rows = await database.query<{
      id: string;
      status: string;
      created_at: Date;
      submitted_at: Date;
      checks: unknown;
      payouts_on_hold: boolean;
    }>("SELECT id, status, created_at, submitted_at, checks, payouts_on_hold FROM vendor ORDER BY id");
    expect(rows).toEqual([
      {
        id: SUBMITTED,
        status: "submitted",
        created_at: new Date("2026-11-20T09:00:00Z"),
        submitted_at: new Date("2026-11-20T09:00:00Z"),
        checks: [],
        payouts_on_hold: false,
      },
      {
        id: APPROVED,
        status: "approved",
        created_at: new Date("2026-11-19T09:00:00Z"),
        submitted_at: new Date("2026-11-19T09:00:00Z"),
        checks: [],
        payouts_on_hold: false,
      },
    ]);
    const history = await database.query(
      "SELECT vendor_id, action, actor_kind FROM kyc_history ORDER BY vendor_id, at",
    );
    expect(history).toEqual([
      { vendor_id: SUBMITTED, action: "submitted", actor_kind: "vendor" },
      { vendor_id: APPROVED, action: "submitted", actor_kind: "vendor" },
      { vendor_id: APPROVED, action: "approved", actor_kind: "operator" },
    ]);
  });

  it("lets the service read them and an operator ask the old applicant for the missing information", async () => {
    const namespace = uniqueBusNamespace("kyc_legacy");
    const service = await startService(vendorKycService, {
      env: testSettings({
        DATABASE_URL: database.url,
        BUS_NAMESPACE: namespace,
        KYC_DOCUMENTS_DIR: join(oldMigrations, "documents"),
      }),
      clock: new ControllableClock({ start: TODAY }),
    });
    const kyc = { url: service.url } as Kyc;
    try {
      const old = await call(kyc, "GET", `/vendors/${APPROVED}`);
      expect(old.status).toBe(200);
      expect(old.body).toMatchObject({
        status: "approved",
        application: {
          legalName: "Vieux Cumulus SARL",
          registeredAddress: { line1: "(not given)", country: "ZZ" },
          representatives: [],
        },
        bankAccount: null,
        decidedAt: "2026-11-21T09:00:00.000Z",
      });
      const asked = await call(kyc, "POST", `/vendors/${SUBMITTED}/request-info`, {
        operatorId: OPERATOR,
        message: "Please complete your file for the new KYC review.",
      });
      expect(asked.status).toBe(200);
      expect(asked.body.status).toBe("information-requested");
    } finally {
      await service.stop();
      await deleteBusNamespace(namespace);
    }
  });
});
