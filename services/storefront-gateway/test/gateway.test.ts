import { expectGatewayServes } from "@mkt/service-kit/testing";
import { storefrontGatewayService } from "../src/bootstrap.js";

describe("the storefront-gateway", () => {
  it("is alive, ready, and answers unknown routes with problem+json", () => expectGatewayServes(storefrontGatewayService));
});
