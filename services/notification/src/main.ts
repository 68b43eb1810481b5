import { runService } from "@mkt/service-kit";
import { notificationService } from "./bootstrap.js";

runService(notificationService);
