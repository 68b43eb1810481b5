import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { SpanKind, SpanStatusCode, context, trace, type Context, type Span } from "@opentelemetry/api";
import {
  DEAD_LETTER_STREAM,
  DeadLetterV1,
  deadLetterSubject,
  describeIssues,
  parseEvent,
  streamNameFor,
  type DeadLetter,
  type EventData,
  type EventDefinition,
  type EventEnvelope,
  type EventRegistry,
} from "@mkt/contracts";
import type { Logger } from "pino";
import type { Bus } from "../bus/bus.js";
import type { Database, PrismaLike, SqlClient, TxOf } from "../db/database.js";
import type { Clock } from "../runtime/clock.js";
import { runWithCausation } from "../runtime/causation.js";
import { extractTraceContext, tracer } from "../observability/tracing.js";

export type EventHandler<D extends EventDefinition, Tx> = (event: EventEnvelope<EventData<D>>, tx: Tx) => Promise<void>;

export interface ConsumerSpec<C extends PrismaLike = PrismaLike> {
  readonly event: EventDefinition;
  /** Distinguishes two consumers of the same event in one service; defaults to the event's name. */
  readonly name: string;
  /**
   * Inbox scope: consumers sharing one apply each fact once between them. A consumer moving from
   * v1 to v2 of an event subscribes to both with the same inbox until v1 is retired.
   */
  readonly inbox: string;
  readonly handle: (event: EventEnvelope, tx: TxOf<C>) => Promise<void>;
  /** Set by consumeBatch: applies the new events of a batch at once (set-based SQL). */
  readonly handleBatch?: (events: EventEnvelope[], tx: TxOf<C>) => Promise<void>;
  /**
   * The saga step's compensation: runs once, in its own transaction, after the handler has failed
   * on every delivery and the event was dead-lettered (e.g. publish that the step failed so that
   * earlier steps undo themselves). It is driven by the dead letter itself (a durable consumer of
   * this consumer's dead letters), so a compensation that fails — its database down at that
   * moment — is retried, with backoff, until it succeeds, each failure logged as an error. Once it
   * has run, the event's handler never runs for it again (a redrive of the dead letter is refused).
   */
  readonly onGiveUp?: (event: EventEnvelope, tx: TxOf<C>, failure: { error: string }) => Promise<void>;
}

/**
 * Declares that a service reacts to one event. The handler runs inside the transaction that also
 * records the event in the inbox, so its effect happens exactly once however often the event
 * is delivered.
 */
export function consume<D extends EventDefinition, C extends PrismaLike = PrismaLike>(
  event: D,
  handle: EventHandler<D, TxOf<C>>,
  options: {
    name?: string;
    inbox?: string;
    onGiveUp?: (event: EventEnvelope<EventData<D>>, tx: TxOf<C>, failure: { error: string }) => Promise<void>;
  } = {},
): ConsumerSpec<C> {
  const name = options.name ?? `${event.type.replace(".", "-")}-v${event.version}`;
  return {
    event,
    name,
    inbox: options.inbox ?? name,
    handle: handle as ConsumerSpec<C>["handle"],
    ...(options.onGiveUp ? { onGiveUp: options.onGiveUp as ConsumerSpec<C>["onGiveUp"] } : {}),
  };
}

export type BatchEventHandler<D extends EventDefinition, Tx> = (
  events: EventEnvelope<EventData<D>>[],
  tx: Tx,
) => Promise<void>;

/**
 * consume() for a handler that applies many events at once with set-based SQL (one INSERT ...
 * SELECT FROM unnest for the batch). It receives only events this consumer has not applied yet,
 * in delivery order, and runs in the transaction that records them in the inbox. When it throws,
 * nobody can tell which event was at fault: each is then applied alone (handleBatch with one
 * event, in its own savepoint) and only the faulty one is retried or dead-lettered. The events it
 * adds to the outbox carry no causation of their own (there are several causes).
 */
export function consumeBatch<D extends EventDefinition, C extends PrismaLike = PrismaLike>(
  event: D,
  handleBatch: BatchEventHandler<D, TxOf<C>>,
  options: { name?: string; inbox?: string } = {},
): ConsumerSpec<C> {
  const batch = handleBatch as unknown as NonNullable<ConsumerSpec<C>["handleBatch"]>;
  return { ...consume<D, C>(event, (one, tx) => batch([one], tx), options), handleBatch: batch };
}

/** `catalog--vendor-approved-v1`: who listens to what. WIRE NAME: renaming it starts a new durable from scratch. */
export function durableName(service: string, spec: Pick<ConsumerSpec, "name">): string {
  return `${service}--${spec.name}`;
}

export interface ConsumerSettings {
  concurrency: number;
  maxDeliver: number;
  backoffMs: number;
  ackWaitMs?: number;
  /**
   * Most messages handled in one transaction when several are waiting (see processBatch);
   * CONSUMER_BATCH_SIZE, default 64, never more than concurrency.
   */
  batchSize?: number;
}

type Outcome = "handled" | "duplicate" | "dead-lettered" | "retry";

/** One decoded delivery of a batch, and what became of it. */
interface BatchItem {
  message: JsMsg;
  envelope: EventEnvelope;
  parent: Context;
  span: Span;
  outcome?: "handled" | "duplicate" | { error: unknown };
}

/** A compensation that keeps failing is retried at least this often (it is never given up). */
const COMPENSATION_MAX_BACKOFF_MS = 60_000;

/** `<durable>--compensation`: the durable that runs a consumer's compensation from its dead letters. WIRE NAME. */
export function compensationDurableName(durable: string): string {
  return `${durable}--compensation`;
}

/** Pulls one durable consumer and handles its messages, at most `concurrency` at a time. */
export class EventConsumer<C extends PrismaLike> {
  readonly durable: string;
  private readonly inboxScope: string;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private inFlightMessages = 0;
  private readonly batchSize: number;
  private compensations: ConsumerMessages | undefined;
  private compensationLoop: Promise<void> | undefined;

  constructor(
    private readonly service: string,
    private readonly spec: ConsumerSpec<C>,
    private readonly deps: { db: Database<C>; bus: Bus; registry: EventRegistry; log: Logger; clock: Clock },
    private readonly settings: ConsumerSettings,
  ) {
    this.durable = durableName(service, spec);
    this.inboxScope = `${service}--${spec.inbox}`;
    this.batchSize = Math.max(1, Math.min(settings.concurrency, settings.batchSize ?? 64));
  }

  get stream(): string {
    return this.deps.bus.wireStream(streamNameFor(this.spec.event.context));
  }

  /** Creates the durable consumer on the server, or updates its settings. Idempotent. */
  async ensure(): Promise<void> {
    const config = {
      durable_name: this.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.deps.bus.wireSubject(this.spec.event.subject),
      ack_wait: nanos(this.settings.ackWaitMs ?? 30_000),
      // One spare delivery beyond ours: if the process dies during the last attempt, the server
      // still delivers once more and that delivery dead-letters instead of leaving it in limbo.
      max_deliver: this.settings.maxDeliver + 1,
      max_ack_pending: Math.max(1000, this.settings.concurrency * 4),
    };
    const { jsm } = this.deps.bus;
    try {
      await jsm.consumers.info(this.stream, this.durable);
      await jsm.consumers.update(this.stream, this.durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch {
      try {
        await jsm.consumers.add(this.stream, config);
      } catch (error) {
        // A replica created it at the same moment.
        await jsm.consumers.info(this.stream, this.durable).catch(() => {
          throw error;
        });
      }
    }
  }

  /** The inbox scope recording that an event's compensation ran. */
  private get gaveUpScope(): string {
    return `${this.inboxScope}:gave-up`;
  }

  /**
   * The durable that reads this consumer's dead letters and runs its compensation. It starts at
   * the dead letters published from its creation on (DeliverPolicy.New): older ones were
   * compensated when they were dead-lettered, before this durable existed.
   */
  private async startCompensations(): Promise<void> {
    const { jsm, js, wireStream, wireSubject } = this.deps.bus;
    const stream = wireStream(DEAD_LETTER_STREAM);
    const durable = compensationDurableName(this.durable);
    try {
      await jsm.consumers.info(stream, durable);
    } catch {
      try {
        await jsm.consumers.add(stream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.New,
          filter_subject: wireSubject(deadLetterSubject(this.durable)),
          ack_wait: nanos(this.settings.ackWaitMs ?? 30_000),
          max_deliver: -1, // retried until it succeeds
        });
      } catch (error) {
        await jsm.consumers.info(stream, durable).catch(() => {
          throw error;
        });
      }
    }
    const consumer = await js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 16 });
    this.compensations = messages;
    this.compensationLoop = (async () => {
      for await (const message of messages) await this.compensate(message);
    })();
  }

  /** Runs the compensation of one dead letter, once; on failure it is retried later. Never throws. */
  private async compensate(message: JsMsg): Promise<void> {
    const onGiveUp = this.spec.onGiveUp!;
    const letter = DeadLetterV1.safeParse(safeJson(message.string()));
    const parsed = letter.success ? parseEvent(this.deps.registry, letter.data.body) : undefined;
    // Only an event whose handler failed can be compensated; the others never had an effect to undo.
    if (!letter.success || letter.data.reason !== "handler-failed" || !parsed?.ok) {
      message.ack();
      return;
    }
    const envelope = parsed.envelope;
    const log = this.deps.log.child({
      consumer: this.durable,
      eventId: envelope.id,
      compensationAttempt: message.info.deliveryCount,
    });
    try {
      const ran = await this.deps.db.transaction(async (tx) => {
        // Not if it ran already, nor if a redrive of the dead letter has since applied the event.
        if (!(await recordInInbox(tx, this.gaveUpScope, envelope, this.inboxScope))) return false;
        await runWithCausation({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
          onGiveUp(envelope, tx, { error: letter.data.error }),
        );
        return true;
      });
      message.ack();
      if (ran) log.warn("compensation applied after the handler gave up");
    } catch (error) {
      const delay = Math.min(
        COMPENSATION_MAX_BACKOFF_MS,
        this.settings.backoffMs * 2 ** (message.info.deliveryCount - 1),
      );
      log.error({ err: error, retryInMs: delay }, "compensation failed; it is retried until it succeeds");
      message.nak(delay);
    }
  }

  async start(): Promise<void> {
    await this.ensure();
    if (this.spec.onGiveUp) await this.startCompensations();
    const consumer = await this.deps.bus.js.consumers.get(this.stream, this.durable);
    const messages = await consumer.consume({ max_messages: this.settings.concurrency * 2 });
    this.messages = messages;
    const dispatch = (batch: JsMsg[]) => {
      const work = batch.length === 1 ? this.process(batch[0]!) : this.processBatch(batch);
      this.inFlightMessages += batch.length;
      this.inFlight.add(work);
      void work.finally(() => {
        this.inFlight.delete(work);
        this.inFlightMessages -= batch.length;
      });
    };
    this.loop = (async () => {
      // Messages already received wait for no one: those the client hands over in the same turn
      // of the event loop are handled together, in one transaction; the batch goes at the next
      // setImmediate (after every message already queued) or as soon as it is full. Not
      // `messages.getPending()`: nats.js counts its own queued re-pull callbacks in it and never
      // takes them off, so a lone message would wait for the next one to arrive.
      let batch: JsMsg[] = [];
      let flushScheduled = false;
      const flush = () => {
        flushScheduled = false;
        if (batch.length === 0) return;
        dispatch(batch);
        batch = [];
      };
      for await (const message of messages) {
        batch.push(message);
        if (batch.length >= this.batchSize) flush();
        else if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
        if (this.inFlightMessages + batch.length >= this.settings.concurrency) {
          flush();
          while (this.inFlightMessages >= this.settings.concurrency) await Promise.race(this.inFlight);
        }
      }
      // Stopped while gathering: what was already received is still handled (stop() waits for it).
      flush();
    })();
  }

  /** Stops pulling, then waits for the handlers in flight to finish and ack. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.compensations?.close();
    await this.loop;
    await this.compensationLoop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Handles one delivery and acknowledges it; never throws. */
  async process(message: JsMsg): Promise<Outcome> {
    const raw = message.string();
    const parsed = parseEvent(this.deps.registry, raw);
    if (!parsed.ok) {
      return this.deadLetter(message, parsed.reason, describeIssues(parsed.issues));
    }
    const envelope = parsed.envelope;
    const parent = extractTraceContext(message.headers);
    const span = tracer().startSpan(
      `process ${this.spec.event.subject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          "messaging.system": "nats",
          "messaging.consumer.group.name": this.durable,
          "messaging.message.id": envelope.id,
        },
      },
      parent,
    );
    const log = this.deps.log.child({
      consumer: this.durable,
      eventId: envelope.id,
      delivery: message.info.deliveryCount,
    });
    try {
      const outcome = await context.with(trace.setSpan(parent, span), () =>
        runWithCausation({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
          this.handleOnce(envelope),
        ),
      );
      message.ack();
      if (outcome === "duplicate") log.debug("event already handled; acknowledged without effect");
      return outcome;
    } catch (error) {
      return this.failed(message, span, log, error);
    } finally {
      span.end();
    }
  }

  /**
   * Handles several deliveries in one transaction, with the same guarantees as process() for
   * each: its inbox row and its handler's effect commit together or not at all, and it is
   * acknowledged only after the commit. One inbox INSERT records them all (applyTogether); a
   * failing handler is retried or dead-lettered alone while the others commit (applyIsolated).
   * Saves, per message, the transaction set-up and a commit (with its WAL flush). Never throws.
   */
  private async processBatch(messages: JsMsg[]): Promise<void> {
    const items: BatchItem[] = [];
    const later: JsMsg[] = [];
    const ids = new Set<string>();
    const undecodable: Promise<Outcome>[] = [];
    for (const message of messages) {
      const parsed = parseEvent(this.deps.registry, message.string());
      if (!parsed.ok) {
        undecodable.push(this.deadLetter(message, parsed.reason, describeIssues(parsed.issues)));
        continue;
      }
      const envelope = parsed.envelope;
      // The same event twice in one batch (published twice past the broker's dedupe): the second
      // one goes through process() after this transaction, which sees the first one's outcome.
      if (ids.has(envelope.id)) {
        later.push(message);
        continue;
      }
      ids.add(envelope.id);
      const parent = extractTraceContext(message.headers);
      const span = tracer().startSpan(
        `process ${this.spec.event.subject}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            "messaging.system": "nats",
            "messaging.consumer.group.name": this.durable,
            "messaging.message.id": envelope.id,
          },
        },
        parent,
      );
      items.push({ message, envelope, parent, span });
    }

    if (items.length > 0) await this.applyTogether(items);

    await Promise.all([
      ...undecodable,
      ...items.map(async (item) => {
        const log = this.deps.log.child({
          consumer: this.durable,
          eventId: item.envelope.id,
          delivery: item.message.info.deliveryCount,
        });
        try {
          if (item.outcome === "handled" || item.outcome === "duplicate") {
            item.message.ack();
            if (item.outcome === "duplicate") log.debug("event already handled; acknowledged without effect");
          } else {
            await this.failed(item.message, item.span, log, item.outcome?.error);
          }
        } finally {
          item.span.end();
        }
      }),
    ]);
    for (const message of later) await this.process(message);
  }

  /**
   * The batch in one transaction, no savepoint per message: the inbox records it in one
   * statement, then the handlers run one after the other (or the batch handler once). When one
   * throws, the transaction rolls back; that message is failed and the others are applied again
   * by applyIsolated, so a bad message costs one more transaction and never holds up the others.
   */
  private async applyTogether(items: BatchItem[]): Promise<void> {
    let culprit: BatchItem | undefined;
    try {
      await this.deps.db.transaction(async (tx) => {
        const fresh = await this.recordBatch(tx, items);
        const todo = items.filter((item) => fresh.has(item.envelope.id));
        for (const item of items) if (!fresh.has(item.envelope.id)) item.outcome = "duplicate";
        if (this.spec.handleBatch) {
          if (todo.length > 0) {
            try {
              await this.spec.handleBatch(
                todo.map((item) => item.envelope),
                tx,
              );
            } catch (error) {
              // Which event was at fault is unknown: each goes alone (one of one is the culprit).
              culprit = todo.length === 1 ? todo[0] : undefined;
              throw new BatchHandlerFailed(error);
            }
          }
        } else {
          for (const item of todo) {
            try {
              await this.runHandler(item, tx);
            } catch (error) {
              culprit = item;
              throw new BatchHandlerFailed(error);
            }
          }
        }
        for (const item of todo) item.outcome = "handled";
      });
    } catch (error) {
      if (!(error instanceof BatchHandlerFailed)) {
        // The transaction itself failed (commit, connection, timeout): none of it was applied.
        for (const item of items) item.outcome = { error };
        return;
      }
      if (culprit) culprit.outcome = { error: error.cause };
      const rest = items.filter((item) => item !== culprit);
      for (const item of rest) delete item.outcome;
      if (rest.length > 0) await this.applyIsolated(rest);
    }
  }

  /**
   * The batch in one transaction, each handler in its own savepoint: a failing handler is rolled
   * back with its inbox row, the others commit. Used after applyTogether met a failure, so
   * savepoint round trips are paid only by batches that have a bad message.
   */
  private async applyIsolated(items: BatchItem[]): Promise<void> {
    try {
      await this.deps.db.transaction(async (tx) => {
        const sql = tx as unknown as SqlClient;
        const fresh = await this.recordBatch(tx, items);
        for (const item of items) {
          const { envelope } = item;
          if (!fresh.has(envelope.id)) {
            item.outcome = "duplicate";
            continue;
          }
          await sql.$executeRawUnsafe(`SAVEPOINT mkt_inbox_message`);
          try {
            await this.runHandler(item, tx);
            item.outcome = "handled";
          } catch (error) {
            // Undo this handler's writes, then forget its inbox row so that a redelivery runs it.
            // (Wake-ups it asked for after commit still happen: they are only nudges.)
            await sql.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT mkt_inbox_message`);
            await sql.$executeRawUnsafe(
              `DELETE FROM inbox_message WHERE consumer = $1 AND event_id = $2::uuid`,
              this.inboxScope,
              envelope.id,
            );
            item.outcome = { error };
          }
        }
      });
    } catch (error) {
      for (const item of items) item.outcome = { error };
    }
  }

  /**
   * Records the batch in the inbox in one statement; returns the ids recorded now (the others
   * were applied, or compensated, before). In event id order, so that two batches sharing an
   * inbox scope cannot deadlock here.
   */
  private async recordBatch(tx: unknown, items: BatchItem[]): Promise<Set<string>> {
    const recorded = await (tx as SqlClient).$queryRawUnsafe<{ event_id: string }[]>(
      `INSERT INTO inbox_message (consumer, event_id, event_type)
       SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
       WHERE $4::text IS NULL
          OR NOT EXISTS (SELECT 1 FROM inbox_message g WHERE g.consumer = $4::text AND g.event_id = e.id)
       ORDER BY e.id
       ON CONFLICT DO NOTHING RETURNING event_id::text AS event_id`,
      this.inboxScope,
      items.map((item) => item.envelope.id),
      items.map((item) => `${item.envelope.type}.v${item.envelope.version}`),
      this.spec.onGiveUp ? this.gaveUpScope : null,
    );
    return new Set(recorded.map((row) => row.event_id));
  }

  private runHandler(item: BatchItem, tx: TxOf<C>): Promise<void> {
    const { envelope } = item;
    return context.with(trace.setSpan(item.parent, item.span), () =>
      runWithCausation({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
        this.spec.handle(envelope, tx),
      ),
    );
  }

  /** A delivery whose handling failed: retried later with backoff, or dead-lettered on its last delivery. */
  private async failed(message: JsMsg, span: Span, log: Logger, error: unknown): Promise<Outcome> {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    const deliveries = message.info.deliveryCount;
    if (deliveries >= this.settings.maxDeliver) {
      log.error(
        { err: error },
        this.spec.onGiveUp
          ? "handler failed on its last delivery; dead-lettering, then compensating"
          : "handler failed on its last delivery; dead-lettering",
      );
      const reason = error instanceof Error ? error.message : String(error);
      return this.deadLetter(message, "handler-failed", reason);
    }
    const delay = this.settings.backoffMs * 2 ** (deliveries - 1);
    log.warn({ err: error, retryInMs: delay }, "handler failed; will retry");
    message.nak(delay);
    return "retry";
  }

  private async handleOnce(envelope: EventEnvelope): Promise<"handled" | "duplicate"> {
    return this.deps.db.transaction(async (tx) => {
      // Not recorded: this consumer already committed this event's effect (a redelivery or a
      // duplicate), or compensated it (a redriven dead letter: the saga moved on without it).
      if (!(await recordInInbox(tx, this.inboxScope, envelope, this.spec.onGiveUp ? this.gaveUpScope : undefined)))
        return "duplicate";
      await this.spec.handle(envelope, tx);
      return "handled";
    });
  }

  private async deadLetter(message: JsMsg, reason: DeadLetter["reason"], error: string): Promise<Outcome> {
    const headers: Record<string, string> = {};
    for (const key of message.headers?.keys() ?? []) headers[key] = message.headers!.get(key);
    const record = DeadLetterV1.parse({
      consumer: this.durable,
      stream: message.info.stream,
      streamSequence: message.info.streamSequence,
      subject: message.subject,
      deliveries: message.info.deliveryCount,
      reason,
      error,
      failedAt: this.deps.clock.now().toISOString(),
      headers,
      body: message.string(),
    });
    try {
      await this.deps.bus.js.publish(
        this.deps.bus.wireSubject(deadLetterSubject(this.durable)),
        JSON.stringify(record),
        {
          msgID: `${this.durable}:${record.streamSequence}`,
        },
      );
    } catch (publishError) {
      // Never drop a message we could not park: let the server deliver it again later.
      this.deps.log.error(
        { err: publishError, consumer: this.durable },
        "could not dead-letter a message; it will be redelivered",
      );
      message.nak(this.settings.backoffMs);
      return "retry";
    }
    this.deps.log.error(
      { consumer: this.durable, reason, error, streamSequence: record.streamSequence },
      "message dead-lettered",
    );
    // Plain TERM: NATS 2.9 does not understand `+TERM <reason>` and would leave the message
    // pending acknowledgement forever (the reason is in the dead letter anyway).
    message.term();
    return "dead-lettered";
  }
}

/** A handler threw inside applyTogether: the batch is rolled back, then its messages sorted out. */
class BatchHandlerFailed extends Error {
  constructor(cause: unknown) {
    super("a handler of the batch failed", { cause });
  }
}

/**
 * Records an event in an inbox scope; false when it was already there (its effect is committed),
 * or when it is in `unlessIn` (its compensation ran instead).
 */
async function recordInInbox(tx: unknown, scope: string, envelope: EventEnvelope, unlessIn?: string): Promise<boolean> {
  const recorded = await (tx as SqlClient).$executeRawUnsafe(
    `INSERT INTO inbox_message (consumer, event_id, event_type)
     SELECT $1, $2::uuid, $3
     WHERE $4::text IS NULL OR NOT EXISTS (SELECT 1 FROM inbox_message WHERE consumer = $4::text AND event_id = $2::uuid)
     ON CONFLICT DO NOTHING`,
    scope,
    envelope.id,
    `${envelope.type}.v${envelope.version}`,
    unlessIn ?? null,
  );
  return recorded > 0;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
