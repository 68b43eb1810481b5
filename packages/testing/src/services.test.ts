import { existsSync } from "node:fs";
import { join } from "node:path";
import { migrationsDirOf, urlVariableOf } from "./services.js";

// startServices itself is tested through backoffice-api's test/start-services.test.ts: it needs
// real services, and no service can be this package's dependency (each one depends on it for its tests).

describe("the address variables", () => {
  it("name a service's address as its callers' settings do", () => {
    expect(urlVariableOf("catalog")).toBe("CATALOG_URL");
    expect(urlVariableOf("vendor-kyc")).toBe("VENDOR_KYC_URL");
  });
});

describe("the migrations of a package", () => {
  it("are found in the package's folder, through the workspace's node_modules", () => {
    const dir = migrationsDirOf("service-kit");
    expect(dir).toBe(join(__dirname, "../../service-kit/prisma/migrations"));
    expect(existsSync(dir)).toBe(true);
  });

  it("name the package when it is not installed", () => {
    expect(() => migrationsDirOf("no-such-service")).toThrow(/@mkt\/no-such-service/);
  });
});
