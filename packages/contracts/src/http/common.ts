import { z } from "zod";

// WIRE FORMAT: the shapes every public API shares (docs/public-api.md, "Conventions"). Clients switch on
// problem `type` and page through `nextCursor`; renaming a field here breaks every one of them.

/** One invalid field of a problem: `path` is dotted (`params.vendorId`, `plans.0.price.amount`). */
export const ProblemFieldError = z.object({
  path: z.string().meta({
    description:
      "Dotted path to the field; `params.`/`query.`/`headers.` prefixes name where it came from, a body field has none.",
  }),
  message: z.string(),
});

/**
 * RFC 9457 problem details, the one error body of every API (`application/problem+json`).
 * Loose: services may add extension members (e.g. the current state in a conflict), and a gateway
 * passes them through unchanged. The `id` makes it one `components/schemas/Problem` in OpenAPI.
 */
export const Problem = z
  .looseObject({
    type: z.string().meta({ description: "Stable, relative URI a client can switch on, e.g. `/problems/not-found`." }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(ProblemFieldError)
      .optional()
      .meta({ description: "One entry per invalid field (validation problems)." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });
export type Problem = z.infer<typeof Problem>;

/** Query of every list endpoint: `?limit=&cursor=`. Query strings are text, hence the coercion. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1 to 100." }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({ description: "`nextCursor` of the previous page; absent for the first page." }),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** One page of a list: `nextCursor` is null on the last page. */
export function Page<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` to get the next page; null on the last page." }),
  });
}
export type Page<Item> = { items: Item[]; nextCursor: string | null };
