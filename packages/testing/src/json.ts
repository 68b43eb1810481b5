/**
 * A parsed JSON response body in tests, read field by field in assertions (`body.items[0].id`):
 * `unknown` would need a cast at every step, and the assertion itself is the type check.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
