// The S3 adapter of the document storage, against a real S3 API served in-process by s3rver.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { startService } from "@mkt/service-kit";
import { testSettings } from "@mkt/testing";
import { vendorKycService } from "../src/bootstrap.js";
import { s3DocumentStorage } from "../src/storage/s3-storage.js";
import { createVendor, download, pdf, startKyc, upload, type Kyc } from "./support/kyc.js";
import { minimalPng } from "./support/files.js";

const BUCKET = "kyc-documents";
let server: S3rver;
let directory: string;
let endpoint: string;
const s3 = () => ({
  S3_ENDPOINT: endpoint,
  S3_BUCKET: BUCKET,
  S3_REGION: "eu-west-3",
  S3_ACCESS_KEY_ID: "S3RVER",
  S3_SECRET_ACCESS_KEY: "S3RVER",
  S3_FORCE_PATH_STYLE: "true",
});

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "mkt-s3rver-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

describe("the S3 document storage", () => {
  const key = "0195f0a0-0000-7000-8000-000000000001/0195f0a0-0000-7000-8000-000000000002";

  it("puts, gets and deletes a document's bytes", async () => {
    const storage = s3DocumentStorage({
      endpoint,
      bucket: BUCKET,
      region: "eu-west-3",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });
    try {
      const bytes = minimalPng();
      await storage.put(key, bytes, "image/png");
      expect(Buffer.from((await storage.get(key))!)).toEqual(bytes);
      await storage.delete(key);
      expect(await storage.get(key)).toBeNull();
      await storage.delete(key); // already gone: not an error
    } finally {
      storage.close();
    }
  });

  it("refuses a key the service would not have made", async () => {
    const storage = s3DocumentStorage({
      endpoint,
      bucket: BUCKET,
      region: "eu-west-3",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });
    await expect(storage.get("../../etc/passwd")).rejects.toThrow("invalid document storage key");
    storage.close();
  });

  describe("behind the service (KYC_STORAGE=s3)", () => {
    let kyc: Kyc;
    beforeAll(async () => {
      kyc = await startKyc("kyc_s3", { KYC_STORAGE: "s3", ...s3() });
    });
    afterAll(() => kyc?.stop());

    it("stores an uploaded document in the bucket and serves it back", async () => {
      const vendor = await createVendor(kyc);
      const file = pdf("statuts.pdf");
      const document = await upload(kyc, vendor.id, { kind: "statutes" }, file);
      expect(document.status).toBe(201);
      const storage = s3DocumentStorage({
        endpoint,
        bucket: BUCKET,
        region: "eu-west-3",
        accessKeyId: "S3RVER",
        secretAccessKey: "S3RVER",
        forcePathStyle: true,
      });
      expect(Buffer.from((await storage.get(`${vendor.id}/${document.body.id}`))!)).toEqual(file.bytes);
      storage.close();
      const back = await download(kyc, vendor.id, document.body.id);
      expect(back.status).toBe(200);
      expect(back.bytes).toEqual(file.bytes);
    });
  });

  it("will not start with KYC_STORAGE=s3 and a missing setting, naming each", async () => {
    await expect(
      startService(vendorKycService, {
        env: testSettings({
          KYC_STORAGE: "s3",
          S3_ENDPOINT: endpoint,
          DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres",
        }),
      }),
    ).rejects.toThrow(/S3_BUCKET: required when KYC_STORAGE=s3[\s\S]*S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/);
  });
});
