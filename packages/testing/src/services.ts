import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { ControllableClock, type PrismaLike, type ServiceDefinition } from "@mkt/service-kit";
import { deleteBusNamespace, uniqueBusNamespace } from "@mkt/test-servers";
import { startServiceForTest, type ServiceUnderTest } from "./service-under-test.js";

/** One service of a test's set: `name` is its package's (`@mkt/<name>`) and its address's variable (`<NAME>_URL`). */
export interface ServiceToStart<Name extends string = string, Definition = AnyServiceDefinition> {
  name: Name;
  definition: Definition;
  /** Its own settings, over the addresses of the services started before it. */
  env?: Record<string, string>;
  /** Where its migrations are, when not in its package's `prisma/migrations`. */
  migrationsDir?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyServiceDefinition = ServiceDefinition<any, any, any>;

/** What startServiceForTest gives for a definition, with the definition's own types. */
export type UnderTestOf<Definition> =
  Definition extends ServiceDefinition<infer C, infer S, infer D>
    ? ServiceUnderTest<C, z.infer<z.ZodObject<S>>, D>
    : never;

export interface StartedServices<T extends readonly ServiceToStart[]> {
  /** Each service by its name. */
  services: { [Entry in T[number] as Entry["name"]]: UnderTestOf<Entry["definition"]> };
  /** The one bus namespace they share. */
  namespace: string;
  /** The one clock they share: moving it moves every service's time. */
  clock: ControllableClock;
  /** Stops them in reverse order, then deletes the namespace. */
  stop(): Promise<void>;
}

/**
 * Starts a set of real services in-process, in order, for a test: one bus namespace, one
 * ControllableClock, each on its own throwaway database migrated with its package's migrations.
 * Each service is given the address of every service started before it (`CATALOG_URL`,
 * `VENDOR_KYC_URL`, ...: scripts/lib/services.cjs's names), so list callees before their callers.
 * If one fails to start, those already started are stopped and the error is rethrown.
 */
export async function startServices<const T extends readonly ServiceToStart[]>(
  label: string,
  toStart: T,
  options: { clock?: ControllableClock } = {},
): Promise<StartedServices<T>> {
  const namespace = uniqueBusNamespace(label);
  const clock = options.clock ?? new ControllableClock();
  const started: { name: string; underTest: ServiceUnderTest<PrismaLike, unknown, unknown> }[] = [];
  const stop = async () => {
    for (const { underTest } of [...started].reverse()) await underTest.stop();
    started.length = 0;
    await deleteBusNamespace(namespace);
  };
  try {
    for (const entry of toStart) {
      if (entry.name !== entry.definition.name)
        throw new Error(`the entry "${entry.name}" starts the service "${entry.definition.name}"`);
      const upstream = Object.fromEntries(
        started.map(({ name, underTest }) => [urlVariableOf(name), underTest.service.url]),
      );
      const underTest = await startServiceForTest(entry.definition, {
        namespace,
        clock,
        migrationsDir: entry.migrationsDir ?? migrationsDirOf(entry.name),
        env: { ...upstream, ...entry.env },
      });
      started.push({ name: entry.name, underTest });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    services: Object.fromEntries(
      started.map(({ name, underTest }) => [name, underTest]),
    ) as StartedServices<T>["services"],
    namespace,
    clock,
    stop,
  };
}

/** `vendor-kyc` → `VENDOR_KYC_URL`, the variable by which its callers find a service. */
export function urlVariableOf(serviceName: string): string {
  return `${serviceName.toUpperCase().replace(/-/g, "_")}_URL`;
}

/**
 * A service package's `prisma/migrations`, found where Node finds `@mkt/<name>` (the workspace's
 * node_modules). The package folder is looked up directly: its `exports` map lets nothing but its
 * entry points be resolved, and those are build outputs, which need not exist for the service a
 * test suite runs from its sources.
 */
export function migrationsDirOf(serviceName: string): string {
  const packageName = `@mkt/${serviceName}`;
  for (const folder of require.resolve.paths(packageName) ?? []) {
    const packageDir = join(folder, packageName);
    if (existsSync(join(packageDir, "package.json"))) return join(realpathSync(packageDir), "prisma/migrations");
  }
  throw new Error(`no package ${packageName} is installed: is ${serviceName} a workspace of the repository?`);
}
