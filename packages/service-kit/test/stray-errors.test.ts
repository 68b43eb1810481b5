import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { widgetDatabase } from "./support/widgets.js";

// No request may stop a process: an error raised outside a request's promise chain is answered
// as that request's 500; one raised outside any request shuts the service down cleanly (exit 1),
// for its supervisor to start a fresh one. A real process, since jest keeps such errors to itself.

type Db = Awaited<ReturnType<typeof widgetDatabase>>;
let database: Db;
const namespace = uniqueBusNamespace("stray");

beforeAll(async () => {
  database = await widgetDatabase("kit_stray");
});
afterAll(async () => {
  await database.drop();
  await deleteBusNamespace(namespace);
});

interface Running {
  child: ChildProcess;
  url: string;
  lines: string[];
  exited: Promise<number | null>;
}

async function startStray(env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "fixtures/stray-errors/main.ts")], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      PORT: "0",
      DATABASE_URL: database.url,
      BUS_NAMESPACE: namespace,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    // tsx compiles the fixture at start: on a CI machine running every package's tests at once
    // that alone took more than 20 s.
    const timer = setTimeout(() => reject(new Error(`not ready:\n${lines.join("\n")}`)), 75_000);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        lines.push(line);
        const port = /"port":(\d+)/.exec(line)?.[1];
        if (port && line.includes("stray ready")) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      });
    }
    child.on("close", () => reject(new Error(`exited before ready:\n${lines.join("\n")}`)));
  });
  return { child, url, lines, exited };
}

describe("errors raised outside a request's promise chain", () => {
  let stray: Running;
  beforeAll(async () => {
    stray = await startStray();
  }, 90_000);
  afterAll(async () => {
    stray.child.kill("SIGTERM");
    await stray.exited;
  });

  it.each([
    ["a throw in a timer", "/timer-throws", "thrown in a timer"],
    ["an error event nobody listens to", "/emitter-errors", "an error event nobody listens to"],
    ["a rejected promise nobody awaited", "/rejects", "a promise nobody awaited"],
  ])("answers %s with a 500 problem, logs it, and keeps serving", async (_what, path, message) => {
    const response = await fetch(`${stray.url}${path}`);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ type: "/problems/internal", instance: path });
    await eventually(() =>
      expect(stray.lines.some((line) => line.includes(message) && line.includes('"level":50'))).toBe(true),
    );
    expect(await (await fetch(`${stray.url}/ok`)).json()).toEqual({ ok: true });
  });
});

describe("an error raised outside any request", () => {
  it("is logged as fatal and the service stops gracefully with exit code 1", async () => {
    const stray = await startStray();
    stray.child.kill("SIGUSR2");
    expect(await stray.exited).toBe(1);
    expect(stray.lines.some((line) => line.includes("a bug outside any request") && line.includes('"level":60'))).toBe(
      true,
    );
    expect(stray.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  }, 90_000);
});
