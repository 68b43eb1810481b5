export * from "./migrate.js";
export * from "./drift.js";
