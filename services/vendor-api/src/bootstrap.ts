import { defineGateway } from "@mkt/service-kit";

/** Composition root of the vendor-api. */
export const vendorApiService = defineGateway({
  name: "vendor-api",
  port: 8081,
  routes: () => {},
});
