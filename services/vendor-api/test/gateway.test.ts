import { expectGatewayServes } from "@mkt/service-kit/testing";
import { vendorApiService } from "../src/bootstrap.js";

describe("the vendor-api", () => {
  it("is alive, ready, and answers unknown routes with problem+json", () => expectGatewayServes(vendorApiService));
});
