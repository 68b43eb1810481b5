export * from "./common/issues.js";
export * from "./common/primitives.js";
export * from "./envelope.js";
export * from "./define-event.js";
export * from "./registry.js";
export * from "./dead-letter.js";
export { VendorApprovedV1 } from "./events/vendor/vendor-approved.v1.js";
