import { runService } from "@mkt/service-kit";
import { catalogService } from "./bootstrap.js";

runService(catalogService);
