--! Previous: sha1:9bd4d6b06477503a89aed594586e7cbd4844f5db
--! Hash: sha1:697da7580d0d330cb5506e373b6ac71722d8c2c7
--! Message: Foreign key indexes and refresh trigger order

--! split: 0600-foreign-key-indexes.sql
/*
 * Every foreign key gets an index that leads with its columns (in any order), so that a delete or key change on
 * the referenced row never scans the referencing table, and PostGraphile offers the reverse relation (it drops
 * Zone.locations and the like when the referencing columns are not indexed). Where an older index led with
 * (tenant, X) only, it is replaced by one that leads with (tenant, X, facility): facility_id is fixed by X, so
 * queries by (tenant, X) use it as well as before. test/db/01_schema_contract.sql keeps this true.
 */
drop index if exists app_public.locations_zone_idx;
create index locations_zone_idx on app_public.locations (tenant_id, zone_id, facility_id);

drop index if exists app_public.inventory_transactions_location_idx;
create index inventory_transactions_location_idx
  on app_public.inventory_transactions (tenant_id, location_id, facility_id, occurred_at);
drop index if exists app_public.inventory_transactions_from_location_idx;
create index inventory_transactions_from_location_idx
  on app_public.inventory_transactions (tenant_id, from_location_id, facility_id);

drop index if exists app_public.putaway_recommendations_location_idx;
create index putaway_recommendations_location_idx
  on app_public.putaway_recommendations (tenant_id, location_id, facility_id);
drop index if exists app_public.putaway_recommendations_actual_location_idx;
create index putaway_recommendations_actual_location_idx
  on app_public.putaway_recommendations (tenant_id, actual_location_id, facility_id);

drop index if exists app_public.capacity_validation_failures_location_idx;
create index capacity_validation_failures_location_idx
  on app_public.capacity_validation_failures (tenant_id, location_id, facility_id);
drop index if exists app_public.capacity_validation_failures_material_idx;
create index capacity_validation_failures_material_idx
  on app_public.capacity_validation_failures (tenant_id, material_id);

drop index if exists app_public.material_dimension_verifications_facility_idx;
create index material_dimension_verifications_facility_idx
  on app_public.material_dimension_verifications (tenant_id, facility_id, created_at);

drop index if exists app_public.cross_dock_cancellations_replacement_idx;
create index cross_dock_cancellations_replacement_idx
  on app_public.cross_dock_cancellations (tenant_id, replacement_recommendation_id);

--! split: 0610-refresh-trigger-names.sql
/*
 * Every trigger is named _NNN_what, so that its number says when it fires: PostgreSQL fires the triggers of
 * one event in the order of their names, compared byte by byte. Two keep the names runbooks and dashboards
 * use. They queue the utilization refresh and must fire after the numbered triggers of their table, which
 * write the stock and occupancy the refresh reads; they do because "r" sorts after "_".
 * test/db/11_trigger_order.sql checks both rules.
 */
comment on trigger refresh_bin_utilization_on_lot_change on app_public.lots is
  E'Queues the debounced utilization refresh of the lot''s facility. Named as runbooks know it, outside the _NNN_ scheme; fires after every numbered trigger of lots, since "r" sorts after "_".';
comment on trigger refresh_bin_utilization_on_transaction on app_public.inventory_transactions is
  E'Queues the debounced utilization refresh of the movement''s facility. Named as runbooks know it, outside the _NNN_ scheme; fires after every numbered trigger of inventory_transactions, since "r" sorts after "_".';
