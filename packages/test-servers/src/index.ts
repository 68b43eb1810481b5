export * from "./database.js";
export * from "./eventually.js";
export * from "./bus.js";
export * from "./smtp-sink.js";
export * from "./postgres-admin.js";
