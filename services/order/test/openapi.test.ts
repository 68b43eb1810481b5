import { disputeEndpoints, orderEndpoints } from "@mkt/contracts";
import { buildOpenApiDocument } from "@mkt/gateway-kit";
import { validateOpenApiDocument } from "@mkt/testing";

describe("order's internal API", () => {
  it("is a valid OpenAPI 3.1 document, with the documents as PDF files and the renewal invoice keyed", () => {
    const document = buildOpenApiDocument({
      title: "order (internal)",
      version: "1.0.0",
      serverUrl: "/",
      endpoints: [...orderEndpoints, ...disputeEndpoints],
    });
    expect(validateOpenApiDocument(document)).toMatchObject({ valid: true });
    expect(JSON.stringify(document.paths["/orders/{orderId}/documents/{kind}"])).toContain("application/pdf");
    expect(JSON.stringify(document.paths["/orders/{orderId}/renewal-invoices/{number}"])).toContain("application/pdf");
    expect(JSON.stringify(document.paths["/orders/{orderId}/renewal-invoices"])).toContain("Idempotency-Key");
    expect(JSON.stringify(document.paths["/orders/{orderId}/dispute-attachments"])).toContain("multipart/form-data");
    expect(Object.keys(document.paths["/disputes/{disputeId}/resolve"] ?? {})).toEqual(["post"]);
  });
});
