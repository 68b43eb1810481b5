import { expectGatewayServes } from "@mkt/service-kit/testing";
import { backofficeApiService } from "../src/bootstrap.js";

describe("the backoffice-api", () => {
  it("is alive, ready, and answers unknown routes with problem+json", () => expectGatewayServes(backofficeApiService));
});
