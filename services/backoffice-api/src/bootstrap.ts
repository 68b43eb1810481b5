import { defineGateway } from "@mkt/service-kit";

/** Composition root of the backoffice-api. */
export const backofficeApiService = defineGateway({
  name: "backoffice-api",
  port: 8082,
  routes: () => {},
});
