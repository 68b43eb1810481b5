import type { ServiceDeps } from "@mkt/service-kit";
import type { z } from "zod";
import type { Db } from "../db/client.js";
import type { notificationSettings } from "../settings.js";

export type NotificationConfig = z.infer<z.ZodObject<typeof notificationSettings>>;
export type NotificationDeps = ServiceDeps<Db, NotificationConfig>;
