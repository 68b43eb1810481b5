import { runService } from "@mkt/service-kit";
import { backofficeApiService } from "./bootstrap.js";

runService(backofficeApiService);
