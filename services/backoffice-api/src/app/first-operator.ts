import { uuidv7, type BackgroundWorker, type Clock, type Database, type Logger } from "@mkt/service-kit";
import { hashPassword, passwordWeakness } from "@mkt/gateway-kit";
import type { Db } from "../db/client.js";

export const DEVELOPMENT_OPERATOR = {
  email: "operator@marketplace.local",
  password: "operator development password",
} as const;

/**
 * Creates the first operator when there is none, from OPERATOR_EMAIL / OPERATOR_PASSWORD. A weak
 * password stops the start; so does a production start with neither an operator nor the settings.
 * Outside production, a development default is used and logged. Replicas starting together
 * serialize on an advisory lock, so exactly one operator is created.
 */
export function firstOperator(deps: {
  db: Database<Db>;
  clock: Clock;
  log: Logger;
  config: { NODE_ENV: string; OPERATOR_EMAIL?: string; OPERATOR_PASSWORD?: string };
}): BackgroundWorker {
  return {
    name: "first-operator",
    async start() {
      const { config, log } = deps;
      if ((await deps.db.client.operator.count()) > 0) return;
      let email = config.OPERATOR_EMAIL;
      let password = config.OPERATOR_PASSWORD;
      if (!email || !password) {
        if (config.NODE_ENV === "production")
          throw new Error("no operator exists: set OPERATOR_EMAIL and OPERATOR_PASSWORD to create the first one");
        email = DEVELOPMENT_OPERATOR.email;
        password = DEVELOPMENT_OPERATOR.password;
        log.warn({ email, password }, "no operator exists: creating the development operator (never in production)");
      }
      const weakness = passwordWeakness(password);
      if (weakness) throw new Error(`OPERATOR_PASSWORD ${weakness}`);
      const passwordHash = await hashPassword(password);
      const created = await deps.db.transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('backoffice-api:first-operator'))`);
        if ((await tx.operator.count()) > 0) return false;
        const now = deps.clock.now();
        await tx.operator.create({
          data: { id: uuidv7(now.getTime()), email: email.toLowerCase(), passwordHash, createdAt: now },
        });
        return true;
      });
      if (created) log.info({ email: email.toLowerCase() }, "first operator created");
    },
    async stop() {},
  };
}
