export * from "./auth/index.js";
export * from "./http/client.js";
export * from "./http/openapi.js";
export * from "./http/idempotency.js";
