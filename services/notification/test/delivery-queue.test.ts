import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, connect as tcpConnect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import * as amqp from "amqplib";
import { eventually } from "@mkt/testing";
import { createLogger } from "@mkt/service-kit";
import {
  createDeliveryQueue,
  deleteDeliveryQueue,
  DELIVERY_HEADERS,
  DeliveryQueueUnavailableError,
  type DeliveryAttempt,
  type DeliveryJob,
  type DeliveryQueue,
  type DeliveryQueueOptions,
} from "../src/delivery/queue.js";

const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const log = createLogger({ service: "delivery-test", level: process.env.LOG_LEVEL ?? "silent" });
const run = promisify(execFile);

let name: string;
let retryDelaysMs: number[];
const opened: DeliveryQueue[] = [];
const proxies: TcpProxy[] = [];

beforeEach(() => {
  name = `kit-test.${randomBytes(4).toString("hex")}`;
  retryDelaysMs = [50, 100];
});
afterEach(async () => {
  for (const queue of opened.splice(0)) await queue.close();
  for (const proxy of proxies.splice(0)) await proxy.close();
  await deleteDeliveryQueue({ url: AMQP_URL, name, retryDelaysMs });
});

async function open(overrides: Partial<DeliveryQueueOptions> = {}): Promise<DeliveryQueue> {
  const queue = await createDeliveryQueue({
    url: AMQP_URL,
    name,
    retryDelaysMs,
    log,
    closeTimeoutMs: 500,
    ...overrides,
  });
  opened.push(queue);
  return queue;
}

interface Seen {
  job: DeliveryJob;
  attempt: DeliveryAttempt;
  at: number;
}

function recorder() {
  const seen: Seen[] = [];
  return { seen, record: (job: DeliveryJob, attempt: DeliveryAttempt) => seen.push({ job, attempt, at: Date.now() }) };
}

/** Reads what a queue holds without consuming it for good (tests only). */
async function peek(queue: string): Promise<amqp.GetMessage[]> {
  const model = await amqp.connect(AMQP_URL);
  try {
    const channel = await model.createChannel();
    const messages: amqp.GetMessage[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      messages.push(message);
    }
    await channel.close(); // unacknowledged: they go back to the queue
    return messages;
  } finally {
    await model.close();
  }
}

/**
 * Asks the broker to close our connection, exactly as it does to every client when it shuts down
 * (320 CONNECTION_FORCED). Only this queue's connection, so parallel suites are not disturbed.
 */
async function brokerClosesConnection(queue: DeliveryQueue): Promise<void> {
  const { stdout } = await run("rabbitmqctl", ["-q", "list_connections", "pid", "client_properties"]);
  const line = stdout.split("\n").find((row) => row.includes(`"${queue.connectionName}"`));
  if (!line) throw new Error(`no RabbitMQ connection named ${queue.connectionName}`);
  await run("rabbitmqctl", ["-q", "close_connection", line.split("\t")[0]!, "test: broker restart"]);
}

/** A TCP hop between a queue and RabbitMQ that a test can take down and bring back: a broker outage. */
class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const target = new URL(AMQP_URL);
    this.server = createServer((client) => {
      const upstream = tcpConnect(Number(target.port || 5672), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    const url = new URL(AMQP_URL);
    url.hostname = "127.0.0.1";
    url.port = String(this.port);
    return url.toString();
  }

  /** Cuts every connection at once and refuses new ones. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function proxy(): Promise<TcpProxy> {
  const created = new TcpProxy();
  await created.start();
  proxies.push(created);
  return created;
}

describe("a delivery queue", () => {
  it("declares durable work, retry and dead queues, the retry queues expiring back into the work queue", async () => {
    const queue = await open();
    expect(queue.queues).toEqual({
      work: `delivery.${name}`,
      retries: [`delivery.${name}.retry.50ms`, `delivery.${name}.retry.100ms`],
      dead: `delivery.${name}.dead`,
    });
    const model = await amqp.connect(AMQP_URL);
    try {
      const channel = await model.createChannel();
      // Declaring the same queue with other arguments would fail (PRECONDITION_FAILED): this proves them.
      await channel.assertQueue(queue.queues.retries[1]!, {
        durable: true,
        messageTtl: 100,
        deadLetterExchange: "",
        deadLetterRoutingKey: queue.queues.work,
      });
      await channel.checkQueue(queue.queues.dead);
    } finally {
      await model.close();
    }
  });

  it("resolves publish once the broker confirmed, and hands the job to the consumer", async () => {
    const queue = await open();
    const { seen, record } = recorder();
    await queue.consume(async (job, attempt) => void record(job, attempt), { prefetch: 4 });
    await queue.publish({ id: "job-1", payload: { notificationId: "n-1" } });
    await eventually(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({
      job: { id: "job-1", payload: { notificationId: "n-1" } },
      attempt: { attempt: 1, maxAttempts: 3, isLast: false, redelivered: false },
    });
    await eventually(async () => expect(await peek(queue.queues.work)).toHaveLength(0));
  });

  it("retries a failing job after each delay in turn, growing, until it succeeds", async () => {
    const queue = await open();
    const { seen, record } = recorder();
    await queue.consume(async (job, attempt) => {
      record(job, attempt);
      if (attempt.attempt < 3) throw new Error(`SMTP said no (attempt ${attempt.attempt})`);
    });
    await queue.publish({ id: "job-retry", payload: 1 });
    await eventually(() => expect(seen).toHaveLength(3));
    expect(seen.map((s) => s.attempt.attempt)).toEqual([1, 2, 3]);
    expect(seen.map((s) => s.attempt.isLast)).toEqual([false, false, true]);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(45);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(95);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toHaveLength(3);
    expect(await peek(queue.queues.dead)).toHaveLength(0);
  });

  it("moves a job that fails its last attempt to the dead queue, with the error", async () => {
    const queue = await open();
    const { seen, record } = recorder();
    await queue.consume(async (job, attempt) => {
      record(job, attempt);
      throw new Error(`mailbox unavailable (attempt ${attempt.attempt})`);
    });
    await queue.publish({ id: "job-doomed", payload: { to: "x@example.com" } });
    const [dead] = await eventually(async () => {
      const messages = await peek(queue.queues.dead);
      expect(messages).toHaveLength(1);
      return messages;
    });
    expect(seen.map((s) => s.attempt.attempt)).toEqual([1, 2, 3]);
    expect(dead!.properties.messageId).toBe("job-doomed");
    expect(JSON.parse(dead!.content.toString())).toEqual({ to: "x@example.com" });
    expect(dead!.properties.headers).toMatchObject({
      [DELIVERY_HEADERS.attempt]: 3,
      [DELIVERY_HEADERS.error]: "mailbox unavailable (attempt 3)",
    });
    expect(new Date(String(dead!.properties.headers?.[DELIVERY_HEADERS.failedAt])).getTime()).toBeGreaterThan(0);
    for (const other of [queue.queues.work, ...queue.queues.retries]) expect(await peek(other)).toHaveLength(0);
  });

  it("retries a handler that throws synchronously, or rejects with something that is not an Error", async () => {
    const queue = await open();
    const { seen, record } = recorder();
    await queue.consume(((job: DeliveryJob, attempt: DeliveryAttempt) => {
      record(job, attempt);
      if (attempt.attempt === 1) throw new TypeError("crashed before any await");
      if (attempt.attempt === 2) return Promise.reject(undefined);
      return Promise.resolve();
    }) as never);
    await queue.publish({ id: "job-crash", payload: null });
    await eventually(() => expect(seen.map((s) => s.attempt.attempt)).toEqual([1, 2, 3]));
  });

  it("gives a job whose consumer died mid-handler to another consumer: nothing is lost", async () => {
    const link = await proxy();
    const doomed = await open({ url: link.url });
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    await doomed.consume(async () => {
      started();
      await new Promise(() => undefined); // hangs: the process is about to die
    });
    await doomed.publish({ id: "job-orphan", payload: "x" });
    await handlerStarted;

    await link.close(); // the process dies: its connection drops without an ack
    const { seen, record } = recorder();
    const survivor = await open();
    await survivor.consume(async (job, attempt) => void record(job, attempt));
    await eventually(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ job: { id: "job-orphan" }, attempt: { attempt: 1, redelivered: true } });
  });

  it("survives the broker closing its connection (as on a restart): consuming and publishing resume, no job lost", async () => {
    const queue = await open();
    const handled = new Set<string>();
    await queue.consume(
      async (job) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        handled.add(job.id);
      },
      { prefetch: 3 },
    );
    const ids = Array.from({ length: 60 }, (_, i) => `job-${i}`);
    await Promise.all(ids.slice(0, 30).map((id) => queue.publish({ id, payload: { id } })));
    await brokerClosesConnection(queue);
    // Published while the connection is down or coming back: each waits, then is confirmed.
    await Promise.all(ids.slice(30).map((id) => queue.publish({ id, payload: { id } })));
    await eventually(() => expect([...handled].sort()).toEqual([...ids].sort()), { timeoutMs: 15_000 });
    expect(queue.isConnected()).toBe(true);
    await eventually(async () => expect(await peek(queue.queues.work)).toHaveLength(0));
  });

  it("makes publish wait while RabbitMQ is away and resolve once it is back, with the retry schedule intact", async () => {
    const link = await proxy();
    const queue = await open({ url: link.url, reconnectDelayMs: { initial: 50, max: 200 } });
    const { seen, record } = recorder();
    await queue.consume(async (job, attempt) => {
      record(job, attempt);
      if (attempt.attempt === 1) throw new Error("first attempt fails");
    });

    await link.close();
    await eventually(() => expect(queue.isConnected()).toBe(false));
    let confirmed = false;
    const publishing = queue.publish({ id: "job-during-outage", payload: {} }).then(() => (confirmed = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(confirmed).toBe(false);

    await link.start(); // same port: the broker is back
    await publishing;
    await eventually(() => expect(seen.map((s) => s.attempt.attempt)).toEqual([1, 2]));
    expect(seen.every((s) => s.job.id === "job-during-outage")).toBe(true);
  });

  it("passes its readiness check while the broker answers, and names RabbitMQ while it is away or closed", async () => {
    const link = await proxy();
    const queue = await open({ url: link.url, reconnectDelayMs: { initial: 50, max: 200 } });
    await expect(queue.check()).resolves.toBeUndefined();

    await link.close();
    await eventually(() => expect(queue.isConnected()).toBe(false));
    await expect(queue.check()).rejects.toThrow(`RabbitMQ (delivery.${name}): not connected, reconnecting`);

    await link.start();
    await eventually(() => queue.check(), { timeoutMs: 10_000 });
    await queue.close();
    await expect(queue.check()).rejects.toThrow(`RabbitMQ (delivery.${name}): the connection is closed`);
  });

  it("fails publish with DeliveryQueueUnavailableError when RabbitMQ stays away past the bound", async () => {
    const link = await proxy();
    const queue = await open({ url: link.url, publishTimeoutMs: 300 });
    await link.close();
    await eventually(() => expect(queue.isConnected()).toBe(false));
    await expect(queue.publish({ id: "job-late", payload: {} })).rejects.toBeInstanceOf(DeliveryQueueUnavailableError);
  });

  it("fails to start, naming the broker, when RabbitMQ is unreachable", async () => {
    await expect(
      createDeliveryQueue({ url: "amqp://guest:secret@127.0.0.1:1", name, retryDelaysMs, log }),
    ).rejects.toThrow("RabbitMQ is unreachable at amqp://guest:***@127.0.0.1:1");
  });
});
