import { randomBytes } from "node:crypto";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";

/** A fresh bus namespace: every stream and subject of one test run is prefixed with it. */
export function uniqueBusNamespace(label = "t"): string {
  return `${label.replace(/[^a-z0-9_]/g, "_")}_${randomBytes(4).toString("hex")}`;
}

/** Deletes the streams (and so their consumers) of a namespace, once a test is done with it. */
export async function deleteBusNamespace(
  namespace: string,
  natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222",
): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = `${namespace.toUpperCase()}_`;
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(prefix)) await jsm.streams.delete(stream.config.name);
    }
  } finally {
    await nc.drain();
  }
}
