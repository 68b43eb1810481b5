import type { AddressInfo } from "node:net";
import type { Router } from "express";
import { z } from "zod";
import { createHttpApp, type ReadinessCheck } from "./http/app.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { setupTracing } from "./observability/tracing.js";
import { ControllableClock, systemClock, type Clock } from "./runtime/clock.js";
import { loadConfig, platformSettings, type PlatformSettings } from "./runtime/config.js";
import { closeServer, listen } from "./http/server.js";

export interface GatewayDeps<S> {
  config: PlatformSettings & S;
  log: Logger;
  clock: Clock;
}

/**
 * A stateless HTTP edge: no database, no outbox, no consumers. It validates with the contracts and
 * calls the owning services through typed clients. (The marketplace's three gateways keep identity
 * data of their own, so they are full services; this is for an edge that keeps nothing.)
 */
export interface GatewayDefinition<S extends z.ZodRawShape> {
  kind: "gateway";
  name: string;
  port: number;
  settings?: S;
  routes: (router: Router, deps: GatewayDeps<z.infer<z.ZodObject<S>>>) => void;
  readiness?: (deps: GatewayDeps<z.infer<z.ZodObject<S>>>) => Record<string, ReadinessCheck>;
}

export interface RunningGateway<S> {
  readonly name: string;
  readonly url: string;
  readonly deps: GatewayDeps<S>;
  stop(): Promise<void>;
}

export function defineGateway<S extends z.ZodRawShape = Record<never, never>>(
  definition: Omit<GatewayDefinition<S>, "kind">,
): GatewayDefinition<S> {
  return { kind: "gateway", ...definition };
}

export async function startGateway<S extends z.ZodRawShape>(
  definition: GatewayDefinition<S>,
  options: { env?: Record<string, string | undefined>; clock?: Clock } = {},
): Promise<RunningGateway<z.infer<z.ZodObject<S>>>> {
  const schema = platformSettings
    .extend({ PORT: platformSettings.shape.PORT.default(definition.port) })
    .extend(definition.settings ?? ({} as S));
  const config = loadConfig(schema, options.env ?? process.env) as PlatformSettings & z.infer<z.ZodObject<S>>;
  setupTracing({ serviceName: definition.name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const log = createLogger({ service: definition.name, replica: config.SERVICE_REPLICA, level: config.LOG_LEVEL });
  const clockControl = config.TEST_CONTROLS
    ? options.clock instanceof ControllableClock
      ? options.clock
      : new ControllableClock()
    : undefined;
  const deps: GatewayDeps<z.infer<z.ZodObject<S>>> = {
    config,
    log,
    clock: clockControl ?? options.clock ?? systemClock,
  };
  const app = createHttpApp({
    service: definition.name,
    log,
    bodyLimit: config.HTTP_BODY_LIMIT,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    clockControl,
    readiness: definition.readiness?.(deps) ?? {},
    routes: (router) => definition.routes(router, deps),
  });
  const server = await listen(app, config.PORT);
  const { port } = server.address() as AddressInfo;
  log.info({ port }, `${definition.name} ready`);
  return { name: definition.name, url: `http://127.0.0.1:${port}`, deps, stop: () => closeServer(server) };
}
