// The one JSON type of response bodies in tests: demo-world's (`@mkt/demo-world` is below
// @mkt/testing, so it holds the definition and this re-exports it). It is `any` on purpose: a body
// is read field by field in assertions (`body.items[0].id`), where `unknown` would need a cast at
// every step, and the assertion itself is the type check.
export type { Json } from "@mkt/demo-world";
