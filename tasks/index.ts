/**
 * The worker's task list: one file per task in this folder, each exporting a task named after its file.
 */
import type { TaskList } from "graphile-worker";
import { expire_putaway_recommendations } from "./expire_putaway_recommendations.ts";

export const taskList: TaskList = {
  expire_putaway_recommendations,
};
