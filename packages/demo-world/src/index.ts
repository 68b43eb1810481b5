export * from "./identifiers.js";
export * from "./documents.js";
export * from "./http.js";
export * from "./onboarding.js";
export * from "./demo-data.js";
export * from "./seed.js";
export * from "./kyc-fixtures.js";
export * from "./order-fixtures.js";
