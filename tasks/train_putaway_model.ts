/**
 * Task: trains the confidence model of each tenant (payload `tenantId`: one) from the operators'
 * decisions; weekly (Sunday 02:00) and on demand. A tenant with too few decisions is skipped with a message.
 */
import type { Task } from "graphile-worker";
import { trainTenantModel } from "../src/ml/train.ts";
import { assertPayloadObject, optionalUuid } from "./payload.ts";
import { tenantsFor } from "./tenants.ts";

export const train_putaway_model: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "train_putaway_model");
  const tenantId = optionalUuid(payload, "tenantId", "train_putaway_model");
  const tenants = await tenantsFor(helpers, tenantId);
  for (const tenant of tenants) {
    const result = await helpers.withPgClient((client) => trainTenantModel(client, tenant.tenant_id));
    helpers.logger.info(`Confidence model of tenant ${tenant.code}: ${result.message}`);
  }
};
