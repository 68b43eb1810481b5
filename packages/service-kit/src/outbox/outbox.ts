import {
  findUnstorableText,
  describeIssues,
  toFieldIssues,
  type EventData,
  type EventDefinition,
  type EventEnvelope,
  type EventRegistry,
  type FieldIssue,
} from "@mkt/contracts";
import type { Clock } from "../runtime/clock.js";
import { currentCausation } from "../runtime/causation.js";
import { uuidv7 } from "../runtime/ids.js";
import { currentTraceHeaders } from "../observability/tracing.js";
import { afterCommit, type SqlClient } from "../db/database.js";

/** Thrown at the publisher, never on the bus: the event is not in the contracts registry. */
export class UndeclaredEventError extends Error {
  constructor(definition: EventDefinition) {
    super(`${definition.type} v${definition.version} is not declared in the contracts registry`);
    this.name = "UndeclaredEventError";
  }
}

/** Thrown at the publisher, never on the bus: the data does not match the contract. */
export class InvalidEventError extends Error {
  constructor(
    definition: EventDefinition,
    readonly issues: FieldIssue[],
  ) {
    super(`${definition.type} v${definition.version} is invalid: ${describeIssues(issues)}`);
    this.name = "InvalidEventError";
  }
}

export interface AddOptions {
  /**
   * Publishes another version of a fact already added (v2 beside v1 during a migration): both
   * envelopes share one event id, so a consumer reading both versions applies the fact once.
   */
  sameFactAs?: EventEnvelope;
}

export interface Outbox {
  /**
   * Records an event in the caller's transaction. It reaches the bus only if the transaction
   * commits, and it will reach it even if the process dies right after the commit.
   */
  add<D extends EventDefinition>(
    tx: SqlClient,
    definition: D,
    data: EventData<D>,
    options?: AddOptions,
  ): Promise<EventEnvelope<EventData<D>>>;
}

export function createOutbox(options: {
  registry: EventRegistry;
  producer: string;
  clock: Clock;
  /** Called once the transaction that added events has committed. */
  onCommitted?: () => void;
  /** Called instead when the transaction's commit cannot be hooked: its notification must wake the relay. */
  onUnhookedWrite?: () => void;
}): Outbox {
  return {
    async add(tx, definition, data, addOptions = {}) {
      if (!options.registry.has(definition)) throw new UndeclaredEventError(definition);
      const parsed = definition.data.safeParse(data);
      if (!parsed.success) throw new InvalidEventError(definition, toFieldIssues(parsed.error));
      // Every consumer would dead-letter it (parseEvent refuses it): refused here, at its source.
      const unstorable = findUnstorableText(parsed.data);
      if (unstorable.length > 0) throw new InvalidEventError(definition, unstorable);

      const causation = currentCausation();
      // The row id is the JetStream Nats-Msg-Id (broker dedupe of this row); the envelope id
      // names the fact (inbox dedupe). They differ only for the second version of a fact.
      const rowId = uuidv7();
      const id = addOptions.sameFactAs?.id ?? rowId;
      const envelope: EventEnvelope<EventData<typeof definition>> = {
        id,
        type: definition.type,
        version: definition.version,
        occurredAt: options.clock.now().toISOString(),
        producer: options.producer,
        correlationId: addOptions.sameFactAs?.correlationId ?? causation?.correlationId ?? id,
        causationId: addOptions.sameFactAs?.causationId ?? causation?.causationId ?? null,
        trace: currentTraceHeaders(),
        data: parsed.data as EventData<typeof definition>,
      };
      await tx.$executeRawUnsafe(
        `INSERT INTO outbox_event (id, type, version, subject, payload, occurred_at)
         VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::timestamptz)`,
        rowId,
        envelope.type,
        envelope.version,
        definition.subject,
        JSON.stringify(envelope),
        envelope.occurredAt,
      );
      if (options.onCommitted && !afterCommit(tx, options.onCommitted)) options.onUnhookedWrite?.();
      return envelope;
    },
  };
}
