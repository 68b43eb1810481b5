import { vendorKycEndpoints } from "@mkt/contracts";
import { buildOpenApiDocument } from "@mkt/gateway-kit";
import { validateOpenApiDocument } from "@mkt/testing";

describe("vendor-kyc's internal API", () => {
  it("is a valid OpenAPI 3.1 document, with the upload as multipart and the download as a file", () => {
    const document = buildOpenApiDocument({
      title: "vendor-kyc (internal)",
      version: "1.0.0",
      serverUrl: "/",
      endpoints: vendorKycEndpoints,
    });
    expect(validateOpenApiDocument(document)).toMatchObject({ valid: true });
    const json = JSON.stringify(document.paths["/vendors/{vendorId}/documents"]);
    expect(json).toContain("multipart/form-data");
  });
});
