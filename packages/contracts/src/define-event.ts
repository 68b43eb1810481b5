import type { z } from "zod";

const TOKEN = /^[a-z][a-z0-9-]*$/;

export interface EventDefinition<Schema extends z.ZodType = z.ZodType> {
  /** `<context>.<event>` in past tense, e.g. `order.accepted`. */
  readonly type: string;
  /** The bounded context that publishes it; it owns the stream. */
  readonly context: string;
  readonly version: number;
  /** NATS subject, `mkt.<context>.<event>.v<version>`: always four tokens. */
  readonly subject: string;
  readonly description: string;
  readonly data: Schema;
}

export type EventData<D extends EventDefinition> = z.infer<D["data"]>;

/**
 * Declares one version of one event. The subject is derived, never written by hand, so that
 * `mkt.*.*.v1` style wildcards keep working.
 */
export function defineEvent<Schema extends z.ZodType>(spec: {
  type: `${string}.${string}`;
  version: number;
  description: string;
  data: Schema;
}): EventDefinition<Schema> {
  const [context, name, ...rest] = spec.type.split(".");
  if (!context || !name || rest.length > 0 || !TOKEN.test(context) || !TOKEN.test(name)) {
    throw new Error(`event type "${spec.type}" must be <context>.<event> in lower-case kebab tokens`);
  }
  if (!Number.isInteger(spec.version) || spec.version < 1) {
    throw new Error(`event ${spec.type}: version must be a positive integer`);
  }
  return Object.freeze({
    type: spec.type,
    context,
    version: spec.version,
    subject: `mkt.${context}.${name}.v${spec.version}`,
    description: spec.description,
    data: spec.data,
  });
}

/** JetStream stream owning one publishing context's subjects: one stream per context. */
export function streamNameFor(context: string): string {
  return `MKT_${context.toUpperCase().replace(/-/g, "_")}`;
}
