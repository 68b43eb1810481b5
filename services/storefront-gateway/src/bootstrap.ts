import { defineGateway } from "@mkt/service-kit";

/** Composition root of the storefront-gateway. */
export const storefrontGatewayService = defineGateway({
  name: "storefront-gateway",
  port: 8080,
  routes: () => {},
});
