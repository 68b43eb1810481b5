import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  jetstream,
  jetstreamManager,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { DEAD_LETTER_CONTEXT, DEAD_LETTER_STREAM, streamNameFor, type EventRegistry } from "@mkt/contracts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The JetStream connection of one service process. A namespace (empty in production) prefixes
 * every stream and subject so that parallel test runs never see each other's messages.
 */
export interface Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly namespace: string;
  /** Contract subject → subject on the wire. */
  wireSubject(subject: string): string;
  /** Contract stream name → stream name on the server. */
  wireStream(stream: string): string;
  /** Creates (or leaves as is) one stream per publishing context, plus the dead-letter stream. */
  ensureStreams(registry: EventRegistry): Promise<void>;
  close(): Promise<void>;
}

export async function connectBus(options: { url: string; namespace: string; name: string }): Promise<Bus> {
  const nc = await connect({
    servers: options.url.split(","),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const ns = options.namespace;
  const wireSubject = (subject: string) => (ns ? `${ns}.${subject}` : subject);
  const wireStream = (stream: string) => (ns ? `${ns.toUpperCase()}_${stream}` : stream);

  async function ensureStream(config: Partial<StreamConfig> & { name: string; subjects: string[] }): Promise<void> {
    try {
      await jsm.streams.info(config.name);
    } catch {
      try {
        await jsm.streams.add(config);
      } catch (error) {
        // Another process created it between our look-up and our add: that is fine.
        await jsm.streams.info(config.name).catch(() => {
          throw error;
        });
      }
    }
  }

  return {
    nc,
    js,
    jsm,
    namespace: ns,
    wireSubject,
    wireStream,
    async ensureStreams(registry) {
      for (const context of registry.contexts()) {
        await ensureStream({
          name: wireStream(streamNameFor(context)),
          subjects: [wireSubject(`mkt.${context}.>`)],
          storage: StorageType.File,
          retention: RetentionPolicy.Limits,
          discard: DiscardPolicy.Old,
          // Consumers are durable, so 30 days is only the replay horizon; outboxes hold the truth.
          max_age: nanos(30 * DAY_MS),
          duplicate_window: nanos(2 * 60 * 1000),
        });
      }
      await ensureStream({
        name: wireStream(DEAD_LETTER_STREAM),
        subjects: [wireSubject(`mkt.${DEAD_LETTER_CONTEXT}.>`)],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        max_age: nanos(90 * DAY_MS),
      });
    },
    async close() {
      if (!nc.isClosed()) await nc.drain();
    },
  };
}
