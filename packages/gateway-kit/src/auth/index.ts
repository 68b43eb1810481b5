export * from "./password.js";
export * from "./tokens.js";
export * from "./refresh-tokens.js";
export * from "./api-keys.js";
export * from "./middleware.js";
export * from "./sessions.js";
export * from "./identity.js";
export * from "./schema.js";
