import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localDocumentStorage } from "./local-storage.js";

const vendorId = "0195f0a0-0000-7000-8000-000000000001";
const key = `${vendorId}/0195f0a0-0000-7000-8000-000000000002`;

describe("the local-folder document storage", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mkt-kyc-local-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("puts, gets and deletes bytes under a vendor's folder, leaving no temporary file", async () => {
    const storage = localDocumentStorage(dir);
    await storage.put(key, Uint8Array.from([1, 2, 3]), "application/pdf");
    expect(await storage.get(key)).toEqual(Uint8Array.from([1, 2, 3]));
    expect(await readdir(join(dir, vendorId))).toEqual(["0195f0a0-0000-7000-8000-000000000002"]);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key);
  });

  it("refuses a key that could leave its folder", async () => {
    const storage = localDocumentStorage(dir);
    await expect(storage.get("../../etc/passwd")).rejects.toThrow("invalid document storage key");
    await expect(storage.put(`${vendorId}/../x`, new Uint8Array(), "application/pdf")).rejects.toThrow(
      "invalid document storage key",
    );
  });
});
