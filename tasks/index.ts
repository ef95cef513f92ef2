/**
 * The worker's task list: one file per task in this folder, each exporting a task named after its file, all
 * with the conventions of job.ts (permanent failure on invalid payloads, outcomes of command-line jobs).
 */
import { clean_up_jobs } from "./clean_up_jobs.ts";
import { compute_statistics } from "./compute_statistics.ts";
import { data_quality_audit } from "./data_quality_audit.ts";
import { expire_putaway_recommendations } from "./expire_putaway_recommendations.ts";
import { asJobs } from "./job.ts";
import { plan_reslotting } from "./plan_reslotting.ts";
import { prune_history } from "./prune_history.ts";
import { reclassify_abc } from "./reclassify_abc.ts";
import { refresh_aisle_congestion } from "./refresh_aisle_congestion.ts";
import { refresh_bin_utilization } from "./refresh_bin_utilization.ts";
import { refresh_sku_affinity } from "./refresh_sku_affinity.ts";
import { replan_cross_dock } from "./replan_cross_dock.ts";
import { simulate_putaway } from "./simulate_putaway.ts";
import { train_putaway_model } from "./train_putaway_model.ts";

export const taskList = asJobs({
  clean_up_jobs,
  compute_statistics,
  data_quality_audit,
  expire_putaway_recommendations,
  plan_reslotting,
  prune_history,
  reclassify_abc,
  refresh_aisle_congestion,
  refresh_bin_utilization,
  refresh_sku_affinity,
  replan_cross_dock,
  simulate_putaway,
  train_putaway_model,
});
