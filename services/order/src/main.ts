import { runService } from "@mkt/service-kit";
import { orderService } from "./bootstrap.js";

runService(orderService);
