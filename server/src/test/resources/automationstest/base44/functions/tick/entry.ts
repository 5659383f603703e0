import { recordRun } from "../../shared/record-run.ts";
Deno.serve(recordRun);
