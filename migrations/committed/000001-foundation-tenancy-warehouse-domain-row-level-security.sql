--! Previous: -
--! Hash: sha1:a954701dd57c520b1c07ec148be3952cab602840
--! Message: Foundation: tenancy, warehouse domain, row-level security

--! split: 0001-reset.sql
/*
 * The foundation migration: schemas, tenancy helpers, the warehouse domain and its row-level security.
 * It starts by dropping everything it creates, so that it can run again and again while it is the
 * current migration (graphile-migrate's contract for current.sql).
 */
drop schema if exists app_public cascade;
drop schema if exists app_hidden cascade;
drop schema if exists app_private cascade;
drop function if exists public.uuid_generate_v7();

--! split: 0010-schemas.sql
/*
 * Three schemas, three trust levels: app_public is exposed through GraphQL, app_hidden is usable by the
 * visitor role but not exposed, app_private holds internals the visitor can never reach.
 */
revoke all on schema public from public;
alter default privileges revoke all on sequences from public;
alter default privileges revoke all on functions from public;
grant all on schema public to :DATABASE_OWNER;

create schema app_public;
create schema app_hidden;
create schema app_private;

grant usage on schema public, app_public, app_hidden to :DATABASE_VISITOR;
alter default privileges in schema public, app_public, app_hidden
  grant usage, select on sequences to :DATABASE_VISITOR;
alter default privileges in schema public, app_public, app_hidden
  grant execute on functions to :DATABASE_VISITOR;

comment on schema app_public is E'Exposed through GraphQL: the warehouse domain as API consumers see it.';
comment on schema app_hidden is E'Usable by the visitor role (policies, defaults) but not exposed through GraphQL.';
comment on schema app_private is E'Internals and secrets; never reachable by the visitor role.';

/*
 * Runbooks are written unqualified (`SELECT uuid_generate_v7();`, `ALTER TABLE lots ...`), so the database's
 * default search_path names the application schemas. A function rather than a bare statement, because the
 * setting belongs to the database, not to its contents: a database cloned from a template (the test suite
 * does that) must apply it again.
 */
create function app_private.set_database_defaults() returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  execute format(
    'alter database %I set search_path to "$user", public, app_public, app_hidden, app_private',
    current_database()
  );
end;
$$;
comment on function app_private.set_database_defaults() is
  E'Sets the current database''s default search_path so that runbook SQL works unqualified.';
select app_private.set_database_defaults();

--! split: 0020-uuid-v7.sql
/*
 * UUID version 7 (RFC 9562, section 5.7) for every primary key: a 48-bit Unix timestamp in milliseconds,
 * the version nibble 7, 12 bits of sub-millisecond time (method 3 of section 6.2, so that keys made in the
 * same millisecond still sort by time), the variant bits 10 and 62 random bits. Within one session a key is
 * never smaller than the one before, even when the clock stands still or steps back.
 */
create function public.uuid_generate_v7() returns uuid
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  -- Time in units of 1/4096 ms: the top 48 bits are milliseconds, the low 12 bits the fraction.
  v_ticks bigint := floor(extract(epoch from clock_timestamp()) * 4096000)::bigint;
  v_last bigint := coalesce(nullif(current_setting('buo.uuid_v7_last_ticks', true), '')::bigint, 0);
begin
  if v_ticks <= v_last then
    v_ticks := v_last + 1;
  end if;
  perform set_config('buo.uuid_v7_last_ticks', v_ticks::text, false);
  return encode(
    int8send(((v_ticks >> 12) << 16) | x'7000'::bigint | (v_ticks & 4095))
      || substring(uuid_send(gen_random_uuid()) from 9 for 8),
    'hex'
  )::uuid;
end;
$$;
comment on function public.uuid_generate_v7() is
  E'A new RFC 9562 version 7 UUID: time-ordered (48-bit Unix milliseconds, 12 bits of sub-millisecond time), '
  'variant 10, 62 random bits. The default of every primary key.';
grant execute on function public.uuid_generate_v7() to :DATABASE_VISITOR;

--! split: 0030-session.sql
/*
 * Who is asking. The server verifies the bearer token and sets jwt.claims.* for the transaction; these
 * functions are the only readers. In policies call them as `(select app_public.current_tenant_id())` so that
 * they run once per statement.
 */
create function app_public.current_tenant_id() returns uuid
  language sql stable
as $$
  select nullif(current_setting('jwt.claims.tenant_id', true), '')::uuid;
$$;
comment on function app_public.current_tenant_id() is
  E'The tenant of the current request (claim tenant_id of the bearer token); null when anonymous.';

create function app_public.current_user_id() returns uuid
  language sql stable
as $$
  select nullif(current_setting('jwt.claims.user_id', true), '')::uuid;
$$;
comment on function app_public.current_user_id() is
  E'The user of the current request (claim user_id of the bearer token); null when anonymous.';

create function app_public.current_user_role() returns text
  language sql stable
as $$
  select nullif(current_setting('jwt.claims.role', true), '');
$$;
comment on function app_public.current_user_role() is
  E'The application role of the current request: operator, supervisor or admin; null when anonymous.';

create function app_hidden.current_user_is_supervisor() returns boolean
  language sql stable
as $$
  select coalesce(app_public.current_user_role() in ('supervisor', 'admin'), false);
$$;
comment on function app_hidden.current_user_is_supervisor() is
  E'True when the current request may maintain master data: role supervisor or admin.';

--! split: 0040-types.sql
/*
 * The warehouse's vocabularies as enum types, so that GraphQL validates them before any SQL runs.
 */
create type app_public.zone_type as enum (
  'RECEIVING', 'DOCK', 'STAGING', 'CROSS_DOCK', 'PICK_FACE', 'RESERVE', 'BULK'
);
comment on type app_public.zone_type is
  E'What a zone is for. PICK_FACE, RESERVE and BULK hold stock; the others are transit areas.';

create type app_public.temperature_class as enum ('AMBIENT', 'CHILLED', 'FROZEN');
comment on type app_public.temperature_class is
  E'Storage temperature: of a zone or location (what it provides) and of a material (what it needs).';

create type app_public.abc_class as enum ('A', 'B', 'C');
comment on type app_public.abc_class is E'Pick velocity class: A fast movers, B medium, C slow.';

create type app_public.mixing_rule as enum ('ANY', 'SINGLE_MATERIAL', 'SINGLE_LOT');
comment on type app_public.mixing_rule is
  E'What a location may hold at once: any mix, one material (any lots), or one lot of one material.';

create type app_public.lot_status as enum ('AVAILABLE', 'QUARANTINE', 'HOLD', 'DAMAGED');
comment on type app_public.lot_status is E'Whether the stock of a lot may be picked.';

create type app_public.transaction_type as enum ('RECEIPT', 'PUTAWAY', 'PICK', 'MOVE', 'ADJUSTMENT');
comment on type app_public.transaction_type is
  E'RECEIPT and PUTAWAY add stock (PUTAWAY optionally from a staging location), PICK removes it, MOVE '
  'transfers it between locations, ADJUSTMENT corrects it either way.';

create type app_public.order_status as enum ('OPEN', 'RELEASED', 'SHIPPED', 'CANCELLED');
comment on type app_public.order_status is E'Lifecycle of an outbound order.';

create type app_public.order_line_status as enum ('OPEN', 'ALLOCATED', 'PICKED', 'SHIPPED', 'CANCELLED');
comment on type app_public.order_line_status is E'Lifecycle of an outbound order line.';

create type app_public.putaway_algorithm as enum ('FFD', 'BFD', 'HYBRID', 'ENHANCED');
comment on type app_public.putaway_algorithm is
  E'Putaway algorithms: first fit decreasing, best fit decreasing, their hybrid, and the weighted ENHANCED score.';

create type app_public.recommendation_status as enum ('PENDING', 'ACCEPTED', 'OVERRIDDEN', 'REJECTED', 'EXPIRED');
comment on type app_public.recommendation_status is
  E'PENDING holds a capacity reservation; the operator''s decision makes it ACCEPTED, OVERRIDDEN or REJECTED; '
  'an undecided one becomes EXPIRED when its reservation times out.';

--! split: 0050-audit.sql
/*
 * Audit columns: created_at/created_by come from column defaults, updated_at/updated_by from this trigger,
 * which also keeps the creation columns as they were.
 */
create function app_private.tg__audit_update() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  new.created_at := old.created_at;
  new.created_by := old.created_by;
  new.updated_at := greatest(now(), old.updated_at);
  new.updated_by := app_public.current_user_id();
  return new;
end;
$$;
comment on function app_private.tg__audit_update() is
  E'Trigger: stamps updated_at/updated_by and keeps created_at/created_by unchanged.';

--! split: 0100-tenants.sql
/*
 * Tenants: one per customer of the service. Created by the platform operators (SQL or the seed), never
 * through the API; a tenant sees only its own row.
 */
create table app_public.tenants (
  tenant_id uuid primary key default public.uuid_generate_v7(),
  code text not null,
  name text not null,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint tenants_code_key unique (code),
  constraint chk_tenants_code_format check (code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  constraint chk_tenants_name_present check (length(btrim(name)) > 0)
);
alter table app_public.tenants enable row level security;
create policy select_own on app_public.tenants for select
  using (tenant_id = (select app_public.current_tenant_id()));
grant select on app_public.tenants to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.tenants
  for each row execute function app_private.tg__audit_update();

comment on constraint chk_tenants_code_format on app_public.tenants is E'A tenant code is 1 to 63 lowercase letters, digits, - or _.';
comment on table app_public.tenants is E'A customer of the service. Every other row belongs to exactly one tenant.';
comment on column app_public.tenants.code is E'Short unique name, e.g. `demo`: lowercase letters, digits, - and _.';
comment on constraint tenants_pkey on app_public.tenants is E'@fieldName tenantById';
comment on constraint tenants_code_key on app_public.tenants is E'@fieldName tenantByCode\nA tenant with this code already exists.';

create function app_public.current_tenant() returns app_public.tenants
  language sql stable
as $$
  select * from app_public.tenants where tenant_id = app_public.current_tenant_id();
$$;
comment on function app_public.current_tenant() is E'The tenant of the current request; null when anonymous.';

--! split: 0110-facilities.sql
/*
 * Facilities (warehouses, distribution centres) of a tenant, with the dock position that travel distances
 * are measured from.
 */
create table app_public.facilities (
  tenant_id uuid not null default app_public.current_tenant_id(),
  facility_id uuid not null default public.uuid_generate_v7(),
  code text not null,
  name text not null,
  dock_x_ft numeric(10,2) not null default 0,
  dock_y_ft numeric(10,2) not null default 0,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint facilities_pkey primary key (tenant_id, facility_id),
  constraint facilities_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete restrict,
  constraint facilities_code_key unique (tenant_id, code),
  constraint chk_facilities_code_present check (length(btrim(code)) > 0),
  constraint chk_facilities_name_present check (length(btrim(name)) > 0),
  constraint chk_facilities_numbers_not_nan check ('NaN'::numeric not in (dock_x_ft, dock_y_ft))
);
alter table app_public.facilities enable row level security;
create policy select_own_tenant on app_public.facilities for select
  using (tenant_id = (select app_public.current_tenant_id())
         and (deleted_at is null or (select app_hidden.current_user_is_supervisor())));
create policy insert_as_supervisor on app_public.facilities for insert
  with check (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
create policy update_as_supervisor on app_public.facilities for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
grant select on app_public.facilities to :DATABASE_VISITOR;
grant insert (code, name, dock_x_ft, dock_y_ft) on app_public.facilities to :DATABASE_VISITOR;
grant update (code, name, dock_x_ft, dock_y_ft, deleted_at) on app_public.facilities to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.facilities
  for each row execute function app_private.tg__audit_update();

comment on constraint chk_facilities_numbers_not_nan on app_public.facilities is E'Numbers must be finite: NaN is not a valid quantity, size or score.';
comment on table app_public.facilities is E'A warehouse of the tenant.';
comment on column app_public.facilities.code is E'Short name, unique within the tenant, e.g. `DC1`.';
comment on column app_public.facilities.dock_x_ft is E'X of the receiving dock, in feet; travel distances start here.';
comment on column app_public.facilities.dock_y_ft is E'Y of the receiving dock, in feet.';
comment on column app_public.facilities.deleted_at is E'Set to archive (soft delete); archived rows are visible to supervisors only.';
comment on constraint facilities_tenant_fkey on app_public.facilities is E'@fieldName tenant\n@foreignFieldName facilities';
comment on constraint facilities_pkey on app_public.facilities is E'@fieldName facilityById';
comment on constraint facilities_code_key on app_public.facilities is
  E'@fieldName facilityByCode\nThe tenant already has a facility with this code.';

--! split: 0120-zones.sql
/*
 * Zones group the locations of a facility by purpose and temperature.
 */
create table app_public.zones (
  tenant_id uuid not null default app_public.current_tenant_id(),
  zone_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  code text not null,
  name text not null,
  zone_type app_public.zone_type not null,
  temperature_class app_public.temperature_class not null default 'AMBIENT',
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint zones_pkey primary key (tenant_id, zone_id),
  constraint zones_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete restrict,
  constraint zones_code_key unique (tenant_id, facility_id, code),
  -- Target of the locations' foreign key, which keeps a location's zone in the location's facility.
  constraint zones_facility_zone_key unique (tenant_id, facility_id, zone_id),
  constraint chk_zones_code_present check (length(btrim(code)) > 0),
  constraint chk_zones_name_present check (length(btrim(name)) > 0)
);
alter table app_public.zones enable row level security;
create policy select_own_tenant on app_public.zones for select
  using (tenant_id = (select app_public.current_tenant_id())
         and (deleted_at is null or (select app_hidden.current_user_is_supervisor())));
create policy insert_as_supervisor on app_public.zones for insert
  with check (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
create policy update_as_supervisor on app_public.zones for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
grant select on app_public.zones to :DATABASE_VISITOR;
grant insert (facility_id, code, name, zone_type, temperature_class) on app_public.zones to :DATABASE_VISITOR;
grant update (code, name, zone_type, temperature_class, deleted_at) on app_public.zones to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.zones
  for each row execute function app_private.tg__audit_update();

comment on table app_public.zones is E'A part of a facility with one purpose and one temperature class.';
comment on column app_public.zones.code is E'Short name, unique within the facility, e.g. `RSV`.';
comment on column app_public.zones.deleted_at is E'Set to archive (soft delete); archived rows are visible to supervisors only.';
comment on constraint zones_facility_fkey on app_public.zones is E'@fieldName facility\n@foreignFieldName zones\nThe facility does not exist.';
comment on constraint zones_pkey on app_public.zones is E'@fieldName zoneById';
comment on constraint zones_code_key on app_public.zones is
  E'@fieldName zoneByCode\nThe facility already has a zone with this code.';
comment on constraint zones_facility_zone_key on app_public.zones is E'@behavior -single';

--! split: 0130-locations.sql
/*
 * Locations are the bins: where stock is stored. Capacity is given twice on purpose: inner dimensions
 * decide whether a unit fits at all, max_cubic_feet and max_weight_lbs how much of it fits.
 */
create table app_public.locations (
  tenant_id uuid not null default app_public.current_tenant_id(),
  location_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  zone_id uuid not null,
  code text not null,
  aisle text,
  bay integer,
  level integer,
  position integer,
  x_ft numeric(10,2) not null default 0,
  y_ft numeric(10,2) not null default 0,
  pick_sequence integer not null default 0,
  inner_length_in numeric(8,2) not null,
  inner_width_in numeric(8,2) not null,
  inner_height_in numeric(8,2) not null,
  max_cubic_feet numeric(12,3) not null,
  max_weight_lbs numeric(12,2) not null,
  allowed_abc_classes app_public.abc_class[] not null default '{A,B,C}',
  temperature_class app_public.temperature_class not null default 'AMBIENT',
  hazmat_allowed boolean not null default false,
  mixing_rule app_public.mixing_rule not null default 'ANY',
  is_active boolean not null default true,
  is_blocked boolean not null default false,
  blocked_reason text,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint locations_pkey primary key (tenant_id, location_id),
  constraint locations_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete restrict,
  constraint locations_zone_fkey foreign key (tenant_id, facility_id, zone_id)
    references app_public.zones (tenant_id, facility_id, zone_id) on delete restrict,
  constraint locations_code_key unique (tenant_id, facility_id, code),
  -- Target of foreign keys that keep stock and movements in the location's facility.
  constraint locations_facility_location_key unique (tenant_id, facility_id, location_id),
  constraint chk_locations_code_present check (length(btrim(code)) > 0),
  constraint chk_locations_positive_dimensions
    check (inner_length_in > 0 and inner_width_in > 0 and inner_height_in > 0),
  constraint chk_locations_positive_capacity check (max_cubic_feet > 0 and max_weight_lbs > 0),
  constraint chk_locations_abc_classes_present check (cardinality(allowed_abc_classes) > 0),
  constraint chk_locations_numbers_not_nan check ('NaN'::numeric not in (x_ft, y_ft, inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs))
);
create index locations_zone_idx on app_public.locations (tenant_id, zone_id);
alter table app_public.locations enable row level security;
create policy select_own_tenant on app_public.locations for select
  using (tenant_id = (select app_public.current_tenant_id())
         and (deleted_at is null or (select app_hidden.current_user_is_supervisor())));
create policy insert_as_supervisor on app_public.locations for insert
  with check (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
create policy update_as_supervisor on app_public.locations for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
grant select on app_public.locations to :DATABASE_VISITOR;
grant insert (
  facility_id, zone_id, code, aisle, bay, level, position, x_ft, y_ft, pick_sequence,
  inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs, allowed_abc_classes,
  temperature_class, hazmat_allowed, mixing_rule, is_active, is_blocked, blocked_reason
) on app_public.locations to :DATABASE_VISITOR;
grant update (
  zone_id, code, aisle, bay, level, position, x_ft, y_ft, pick_sequence,
  inner_length_in, inner_width_in, inner_height_in, max_cubic_feet, max_weight_lbs, allowed_abc_classes,
  temperature_class, hazmat_allowed, mixing_rule, is_active, is_blocked, blocked_reason, deleted_at
) on app_public.locations to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.locations
  for each row execute function app_private.tg__audit_update();

comment on constraint chk_locations_positive_dimensions on app_public.locations is E'Inner length, width and height must be greater than 0.';
comment on constraint chk_locations_positive_capacity on app_public.locations is E'maxCubicFeet and maxWeightLbs must be greater than 0.';
comment on constraint chk_locations_abc_classes_present on app_public.locations is E'allowedAbcClasses must name at least one class.';
comment on constraint chk_locations_numbers_not_nan on app_public.locations is E'Numbers must be finite: NaN is not a valid quantity, size or score.';
comment on table app_public.locations is E'A storage location (bin) of a facility.';
comment on column app_public.locations.code is E'Label on the rack, unique within the facility, e.g. `A01-05-2`.';
comment on column app_public.locations.x_ft is E'X in feet on the facility plan, for travel distance.';
comment on column app_public.locations.y_ft is E'Y in feet on the facility plan, for travel distance.';
comment on column app_public.locations.pick_sequence is E'Order of the location on the pick path (first fit walks it).';
comment on column app_public.locations.inner_length_in is E'Inner length in inches: a unit must fit the inner dimensions in some orientation.';
comment on column app_public.locations.inner_width_in is E'Inner width in inches.';
comment on column app_public.locations.inner_height_in is E'Inner height in inches.';
comment on column app_public.locations.max_cubic_feet is E'Usable volume in cubic feet.';
comment on column app_public.locations.max_weight_lbs is E'Load limit in pounds.';
comment on column app_public.locations.allowed_abc_classes is E'Velocity classes this location may hold.';
comment on column app_public.locations.temperature_class is E'Temperature the location provides; a material needing another class cannot go here.';
comment on column app_public.locations.hazmat_allowed is E'Whether hazardous materials may be stored here.';
comment on column app_public.locations.mixing_rule is E'What the location may hold at once: any mix, one material, or one lot.';
comment on column app_public.locations.is_active is E'False for locations that are out of use.';
comment on column app_public.locations.is_blocked is E'True while the location is temporarily blocked (damage, count); see blocked_reason.';
comment on column app_public.locations.deleted_at is E'Set to archive (soft delete); archived rows are visible to supervisors only.';
comment on constraint locations_facility_fkey on app_public.locations is E'@fieldName facility\n@foreignFieldName locations\nThe facility does not exist.';
comment on constraint locations_pkey on app_public.locations is E'@fieldName locationById';
comment on constraint locations_code_key on app_public.locations is
  E'@fieldName locationByCode\nThe facility already has a location with this code.';
comment on constraint locations_facility_location_key on app_public.locations is E'@behavior -single';
comment on constraint locations_zone_fkey on app_public.locations is
  E'@fieldName zone\n@foreignFieldName locations\nThe zone does not exist in the location''s facility.';

--! split: 0140-materials.sql
/*
 * Materials are the SKUs. Dimensions, weight and velocity class may be missing at first (master data is
 * often incomplete when a SKU is created); the engine skips what it cannot measure and the data-quality
 * audit reports it.
 */
create table app_public.materials (
  tenant_id uuid not null default app_public.current_tenant_id(),
  material_id uuid not null default public.uuid_generate_v7(),
  code text not null,
  description text,
  unit_length_in numeric(8,2),
  unit_width_in numeric(8,2),
  unit_height_in numeric(8,2),
  unit_cubic_feet numeric(12,4),
  unit_weight_lbs numeric(12,3),
  abc_class app_public.abc_class,
  temperature_requirement app_public.temperature_class not null default 'AMBIENT',
  hazmat_class text,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint materials_pkey primary key (tenant_id, material_id),
  constraint materials_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete restrict,
  constraint materials_code_key unique (tenant_id, code),
  constraint chk_materials_code_present check (length(btrim(code)) > 0),
  constraint chk_materials_positive_dimensions
    check (unit_length_in > 0 and unit_width_in > 0 and unit_height_in > 0),
  constraint chk_materials_positive_cubic_feet check (unit_cubic_feet > 0),
  constraint chk_materials_positive_weight check (unit_weight_lbs > 0),
  constraint chk_materials_hazmat_class_format check (hazmat_class ~ '^[1-9](\.[1-6])?$'),
  constraint chk_materials_numbers_not_nan check ('NaN'::numeric not in (unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs))
);
alter table app_public.materials enable row level security;
create policy select_own_tenant on app_public.materials for select
  using (tenant_id = (select app_public.current_tenant_id())
         and (deleted_at is null or (select app_hidden.current_user_is_supervisor())));
create policy insert_as_supervisor on app_public.materials for insert
  with check (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
create policy update_as_supervisor on app_public.materials for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
grant select on app_public.materials to :DATABASE_VISITOR;
grant insert (
  code, description, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs,
  abc_class, temperature_requirement, hazmat_class
) on app_public.materials to :DATABASE_VISITOR;
grant update (
  code, description, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet, unit_weight_lbs,
  abc_class, temperature_requirement, hazmat_class, deleted_at
) on app_public.materials to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.materials
  for each row execute function app_private.tg__audit_update();

comment on constraint chk_materials_positive_dimensions on app_public.materials is E'Unit length, width and height must be greater than 0 when given.';
comment on constraint chk_materials_positive_cubic_feet on app_public.materials is E'unitCubicFeet must be greater than 0 when given.';
comment on constraint chk_materials_positive_weight on app_public.materials is E'unitWeightLbs must be greater than 0 when given.';
comment on constraint chk_materials_hazmat_class_format on app_public.materials is E'hazmatClass must be a UN hazard class such as 3 or 2.1.';
comment on constraint chk_materials_numbers_not_nan on app_public.materials is E'Numbers must be finite: NaN is not a valid quantity, size or score.';
comment on table app_public.materials is E'A material (SKU) of the tenant.';
comment on column app_public.materials.code is E'SKU code, unique within the tenant.';
comment on column app_public.materials.unit_length_in is E'Length of one unit in inches; null when not yet measured.';
comment on column app_public.materials.unit_width_in is E'Width of one unit in inches; null when not yet measured.';
comment on column app_public.materials.unit_height_in is E'Height of one unit in inches; null when not yet measured.';
comment on column app_public.materials.unit_cubic_feet is E'Volume of one unit in cubic feet; null when not yet measured.';
comment on column app_public.materials.unit_weight_lbs is E'Weight of one unit in pounds; null when not yet weighed.';
comment on column app_public.materials.abc_class is E'Pick velocity class; null until classified.';
comment on column app_public.materials.temperature_requirement is E'Temperature class the material must be stored at.';
comment on column app_public.materials.hazmat_class is E'UN hazard class, e.g. `3` or `2.1`; null when not hazardous.';
comment on column app_public.materials.deleted_at is E'Set to archive (soft delete); archived rows are visible to supervisors only.';
comment on constraint materials_tenant_fkey on app_public.materials is E'@fieldName tenant\n@foreignFieldName materials';
comment on constraint materials_pkey on app_public.materials is E'@fieldName materialById';
comment on constraint materials_code_key on app_public.materials is
  E'@fieldName materialByCode\nThe tenant already has a material with this code.';

--! split: 0150-lots.sql
/*
 * Lots: the stock of one lot of one material at one location. The same lot number may sit in several
 * locations. quantity_on_hand is written only by the inventory_transactions trigger (the ledger is the
 * truth); the visitor may change a lot's status and expiry date, nothing else.
 */
create table app_public.lots (
  tenant_id uuid not null default app_public.current_tenant_id(),
  lot_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  location_id uuid not null,
  material_id uuid not null,
  lot_number text not null,
  quantity_on_hand numeric(14,3) not null default 0,
  expiry_date date,
  status app_public.lot_status not null default 'AVAILABLE',
  last_movement_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint lots_pkey primary key (tenant_id, lot_id),
  constraint lots_location_fkey foreign key (tenant_id, facility_id, location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete restrict,
  constraint lots_material_fkey foreign key (tenant_id, material_id)
    references app_public.materials (tenant_id, material_id) on delete restrict,
  constraint lots_location_material_lot_key unique (tenant_id, location_id, material_id, lot_number),
  constraint chk_lots_quantity_not_negative check (quantity_on_hand >= 0),
  constraint chk_lots_lot_number_present check (length(btrim(lot_number)) > 0),
  constraint chk_lots_numbers_not_nan check ('NaN'::numeric not in (quantity_on_hand))
);
create index lots_material_idx on app_public.lots (tenant_id, material_id);
create index lots_facility_location_idx on app_public.lots (tenant_id, facility_id, location_id);
alter table app_public.lots enable row level security;
create policy select_own_tenant on app_public.lots for select
  using (tenant_id = (select app_public.current_tenant_id())
         and (deleted_at is null or (select app_hidden.current_user_is_supervisor())));
create policy update_as_supervisor on app_public.lots for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
grant select on app_public.lots to :DATABASE_VISITOR;
grant update (expiry_date, status) on app_public.lots to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.lots
  for each row execute function app_private.tg__audit_update();

comment on constraint chk_lots_numbers_not_nan on app_public.lots is E'Numbers must be finite: NaN is not a valid quantity, size or score.';
comment on table app_public.lots is
  E'Stock of one lot of one material at one location. Quantities change only through inventory transactions.';
comment on column app_public.lots.quantity_on_hand is E'Units on hand; never negative.';
comment on column app_public.lots.expiry_date is E'Best-before date of the lot, for first-expired-first-out.';
comment on column app_public.lots.last_movement_at is E'When a transaction last changed this lot''s quantity.';
comment on constraint lots_location_fkey on app_public.lots is E'@fieldName location\n@foreignFieldName lots';
comment on constraint lots_material_fkey on app_public.lots is E'@fieldName material\n@foreignFieldName lots';
comment on constraint lots_pkey on app_public.lots is E'@fieldName lotById';
comment on constraint lots_location_material_lot_key on app_public.lots is E'@behavior -single';

--! split: 0160-inventory-transactions.sql
/*
 * The inventory ledger: append-only, so it has no update audit columns and no soft delete; a mistake is
 * corrected by a new ADJUSTMENT. Each row changes the stock of one lot at `location_id` by `quantity`
 * (signed); MOVE and PUTAWAY may take the same quantity from `from_location_id`.
 */
create table app_public.inventory_transactions (
  tenant_id uuid not null default app_public.current_tenant_id(),
  transaction_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  transaction_type app_public.transaction_type not null,
  material_id uuid not null,
  lot_number text not null,
  location_id uuid not null,
  from_location_id uuid,
  quantity numeric(14,3) not null,
  expiry_date date,
  reference text,
  occurred_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  constraint inventory_transactions_pkey primary key (tenant_id, transaction_id),
  constraint inventory_transactions_location_fkey foreign key (tenant_id, facility_id, location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete restrict,
  constraint inventory_transactions_from_location_fkey foreign key (tenant_id, facility_id, from_location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete restrict,
  constraint inventory_transactions_material_fkey foreign key (tenant_id, material_id)
    references app_public.materials (tenant_id, material_id) on delete restrict,
  constraint chk_inventory_transactions_lot_number_present check (length(btrim(lot_number)) > 0),
  constraint chk_inventory_transactions_numbers_not_nan check (quantity <> 'NaN'::numeric),
  constraint chk_inventory_transactions_quantity_sign check (
    case transaction_type
      when 'RECEIPT' then quantity > 0 and from_location_id is null
      when 'PUTAWAY' then quantity > 0 and from_location_id is distinct from location_id
      when 'MOVE' then quantity > 0 and from_location_id is not null and from_location_id <> location_id
      when 'PICK' then quantity < 0 and from_location_id is null
      when 'ADJUSTMENT' then quantity <> 0 and from_location_id is null
    end
  )
);
create index inventory_transactions_facility_occurred_idx
  on app_public.inventory_transactions (tenant_id, facility_id, occurred_at);
create index inventory_transactions_material_idx
  on app_public.inventory_transactions (tenant_id, material_id, occurred_at);
create index inventory_transactions_location_idx
  on app_public.inventory_transactions (tenant_id, location_id, occurred_at);
alter table app_public.inventory_transactions enable row level security;
create policy select_own_tenant on app_public.inventory_transactions for select
  using (tenant_id = (select app_public.current_tenant_id()));
create policy insert_own_tenant on app_public.inventory_transactions for insert
  with check (tenant_id = (select app_public.current_tenant_id())
              and (select app_public.current_user_role()) in ('operator', 'supervisor', 'admin'));
grant select on app_public.inventory_transactions to :DATABASE_VISITOR;
grant insert (
  facility_id, transaction_type, material_id, lot_number, location_id, from_location_id, quantity,
  expiry_date, reference, occurred_at
) on app_public.inventory_transactions to :DATABASE_VISITOR;

comment on constraint chk_inventory_transactions_numbers_not_nan on app_public.inventory_transactions is E'Numbers must be finite: NaN is not a valid quantity, size or score.';
comment on table app_public.inventory_transactions is
  E'The inventory ledger. Append-only: every stock change is a row here, and lots follow from it.';
comment on column app_public.inventory_transactions.quantity is
  E'Signed change at `location_id`: positive for RECEIPT, PUTAWAY and MOVE, negative for PICK, either for ADJUSTMENT.';
comment on column app_public.inventory_transactions.from_location_id is
  E'Source of a MOVE (required) or PUTAWAY (optional, e.g. a staging location): it loses `quantity`.';
comment on column app_public.inventory_transactions.expiry_date is E'Expiry of the lot when this transaction creates it.';
comment on column app_public.inventory_transactions.reference is E'External reference: receipt, order, recommendation.';
comment on constraint inventory_transactions_location_fkey on app_public.inventory_transactions is
  E'@fieldName location\n@foreignFieldName inventoryTransactions\nThe location does not exist in this facility.';
comment on constraint inventory_transactions_from_location_fkey on app_public.inventory_transactions is
  E'@fieldName fromLocation\n@foreignFieldName inventoryTransactionsFrom\nThe source location does not exist in this facility.';
comment on constraint inventory_transactions_material_fkey on app_public.inventory_transactions is
  E'@fieldName material\n@foreignFieldName inventoryTransactions\nThe material does not exist.';
comment on constraint inventory_transactions_pkey on app_public.inventory_transactions is
  E'@fieldName inventoryTransactionById';
comment on constraint chk_inventory_transactions_quantity_sign on app_public.inventory_transactions is
  E'The quantity must be positive for RECEIPT, PUTAWAY and MOVE, negative for PICK and non-zero for ADJUSTMENT; '
  'a MOVE needs a fromLocationId other than its locationId, and only MOVE and PUTAWAY may have one.';

/*
 * Applying a transaction to the lots runs as the owner (security definer): the visitor may not write stock
 * directly. The row has passed the insert policy and the tenant-scoped foreign keys by then, so it is the
 * caller's own tenant, facility, location and material.
 */
create function app_private.apply_stock_change(
  p_tenant_id uuid, p_facility_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text,
  p_quantity numeric, p_expiry_date date, p_at timestamptz
) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  if p_quantity > 0 then
    insert into app_public.lots as l
      (tenant_id, facility_id, location_id, material_id, lot_number, quantity_on_hand, expiry_date,
       last_movement_at)
    values (p_tenant_id, p_facility_id, p_location_id, p_material_id, p_lot_number, p_quantity, p_expiry_date, p_at)
    on conflict (tenant_id, location_id, material_id, lot_number) do update
      set quantity_on_hand = l.quantity_on_hand + excluded.quantity_on_hand,
          expiry_date = coalesce(l.expiry_date, excluded.expiry_date),
          last_movement_at = greatest(l.last_movement_at, excluded.last_movement_at),
          deleted_at = null;
    return;
  end if;
  update app_public.lots
     set quantity_on_hand = quantity_on_hand + p_quantity,
         last_movement_at = greatest(last_movement_at, p_at)
   where tenant_id = p_tenant_id and location_id = p_location_id and material_id = p_material_id
     and lot_number = p_lot_number;
  if not found then
    raise exception 'There is no stock of lot % at the location to remove % from', p_lot_number, -p_quantity
      using errcode = 'STOCK';
  end if;
exception when check_violation then
  raise exception 'Not enough stock of lot % at the location to remove %', p_lot_number, -p_quantity
    using errcode = 'STOCK', hint = 'Check quantity_on_hand of the lot at that location.';
end;
$$;
comment on function app_private.apply_stock_change(uuid, uuid, uuid, uuid, text, numeric, date, timestamptz) is
  E'Adds a signed quantity to a lot at a location, creating the lot when needed; raises STOCK when it would go negative.';

create function app_private.tg_inventory_transactions__apply_to_lots() returns trigger
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  if new.from_location_id is not null then
    perform app_private.apply_stock_change(new.tenant_id, new.facility_id, new.from_location_id,
      new.material_id, new.lot_number, -new.quantity, new.expiry_date, new.occurred_at);
  end if;
  perform app_private.apply_stock_change(new.tenant_id, new.facility_id, new.location_id,
    new.material_id, new.lot_number, new.quantity, new.expiry_date, new.occurred_at);
  return null;
end;
$$;
comment on function app_private.tg_inventory_transactions__apply_to_lots() is
  E'Trigger: applies a new inventory transaction to the lots it moves stock between.';
create trigger _500_apply_to_lots after insert on app_public.inventory_transactions
  for each row execute function app_private.tg_inventory_transactions__apply_to_lots();

--! split: 0170-outbound-orders.sql
/*
 * Outbound orders and their lines: the demand side. Cross-dock detection looks for open lines due soon,
 * SKU affinity for materials that are ordered together.
 */
create table app_public.outbound_orders (
  tenant_id uuid not null default app_public.current_tenant_id(),
  outbound_order_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  order_number text not null,
  customer_name text,
  status app_public.order_status not null default 'OPEN',
  due_at timestamptz not null,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint outbound_orders_pkey primary key (tenant_id, outbound_order_id),
  constraint outbound_orders_facility_fkey foreign key (tenant_id, facility_id)
    references app_public.facilities (tenant_id, facility_id) on delete restrict,
  constraint outbound_orders_order_number_key unique (tenant_id, order_number),
  constraint chk_outbound_orders_order_number_present check (length(btrim(order_number)) > 0)
);
create index outbound_orders_facility_due_idx on app_public.outbound_orders (tenant_id, facility_id, due_at);
alter table app_public.outbound_orders enable row level security;
create policy select_own_tenant on app_public.outbound_orders for select
  using (tenant_id = (select app_public.current_tenant_id())
         and (deleted_at is null or (select app_hidden.current_user_is_supervisor())));
create policy insert_as_supervisor on app_public.outbound_orders for insert
  with check (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
create policy update_as_supervisor on app_public.outbound_orders for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
grant select on app_public.outbound_orders to :DATABASE_VISITOR;
grant insert (facility_id, order_number, customer_name, status, due_at) on app_public.outbound_orders to :DATABASE_VISITOR;
grant update (customer_name, status, due_at, deleted_at) on app_public.outbound_orders to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.outbound_orders
  for each row execute function app_private.tg__audit_update();

comment on table app_public.outbound_orders is E'A customer order to be shipped from a facility.';
comment on column app_public.outbound_orders.order_number is E'The order''s number, unique within the tenant.';
comment on column app_public.outbound_orders.due_at is E'When the order must ship.';
comment on column app_public.outbound_orders.deleted_at is E'Set to archive (soft delete); archived rows are visible to supervisors only.';
comment on constraint outbound_orders_facility_fkey on app_public.outbound_orders is
  E'@fieldName facility\n@foreignFieldName outboundOrders\nThe facility does not exist.';
comment on constraint outbound_orders_pkey on app_public.outbound_orders is E'@fieldName outboundOrderById';
comment on constraint outbound_orders_order_number_key on app_public.outbound_orders is
  E'@fieldName outboundOrderByNumber\nThe tenant already has an order with this number.';

create table app_public.outbound_order_lines (
  tenant_id uuid not null default app_public.current_tenant_id(),
  outbound_order_line_id uuid not null default public.uuid_generate_v7(),
  outbound_order_id uuid not null,
  line_number integer not null,
  material_id uuid not null,
  quantity numeric(14,3) not null,
  due_at timestamptz not null,
  status app_public.order_line_status not null default 'OPEN',
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint outbound_order_lines_pkey primary key (tenant_id, outbound_order_line_id),
  constraint outbound_order_lines_order_fkey foreign key (tenant_id, outbound_order_id)
    references app_public.outbound_orders (tenant_id, outbound_order_id) on delete cascade,
  constraint outbound_order_lines_material_fkey foreign key (tenant_id, material_id)
    references app_public.materials (tenant_id, material_id) on delete restrict,
  constraint outbound_order_lines_line_number_key unique (tenant_id, outbound_order_id, line_number),
  constraint chk_outbound_order_lines_positive_quantity check (quantity > 0),
  constraint chk_outbound_order_lines_positive_line_number check (line_number > 0),
  constraint chk_outbound_order_lines_numbers_not_nan check ('NaN'::numeric not in (quantity))
);
create index outbound_order_lines_material_due_idx
  on app_public.outbound_order_lines (tenant_id, material_id, due_at);
alter table app_public.outbound_order_lines enable row level security;
create policy select_own_tenant on app_public.outbound_order_lines for select
  using (tenant_id = (select app_public.current_tenant_id())
         and (deleted_at is null or (select app_hidden.current_user_is_supervisor())));
create policy insert_as_supervisor on app_public.outbound_order_lines for insert
  with check (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
create policy update_as_supervisor on app_public.outbound_order_lines for update
  using (tenant_id = (select app_public.current_tenant_id()) and (select app_hidden.current_user_is_supervisor()));
grant select on app_public.outbound_order_lines to :DATABASE_VISITOR;
grant insert (outbound_order_id, line_number, material_id, quantity, due_at, status)
  on app_public.outbound_order_lines to :DATABASE_VISITOR;
grant update (quantity, due_at, status, deleted_at) on app_public.outbound_order_lines to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.outbound_order_lines
  for each row execute function app_private.tg__audit_update();

comment on constraint chk_outbound_order_lines_positive_quantity on app_public.outbound_order_lines is E'The quantity must be greater than 0.';
comment on constraint chk_outbound_order_lines_numbers_not_nan on app_public.outbound_order_lines is E'Numbers must be finite: NaN is not a valid quantity, size or score.';
comment on table app_public.outbound_order_lines is E'One material and quantity of an outbound order.';
comment on column app_public.outbound_order_lines.due_at is E'When the line must ship (usually the order''s due time).';
comment on column app_public.outbound_order_lines.deleted_at is E'Set to archive (soft delete); archived rows are visible to supervisors only.';
comment on constraint outbound_order_lines_order_fkey on app_public.outbound_order_lines is
  E'@fieldName outboundOrder\n@foreignFieldName lines\nThe outbound order does not exist.';
comment on constraint outbound_order_lines_material_fkey on app_public.outbound_order_lines is
  E'@fieldName material\n@foreignFieldName outboundOrderLines\nThe material does not exist.';
comment on constraint outbound_order_lines_pkey on app_public.outbound_order_lines is E'@fieldName outboundOrderLineById';
comment on constraint outbound_order_lines_line_number_key on app_public.outbound_order_lines is
  E'@behavior -single\nThe order already has a line with this number.';

--! split: 0180-putaway-recommendations.sql
/*
 * Putaway recommendations: what the engine advised and what the operator did. A PENDING row holds a
 * capacity reservation of cubic_feet and weight_lbs at its location until it is decided or expires. Rows
 * are written by the engine's mutations (security definer functions), so the visitor only reads them.
 */
create table app_public.putaway_recommendations (
  tenant_id uuid not null default app_public.current_tenant_id(),
  recommendation_id uuid not null default public.uuid_generate_v7(),
  facility_id uuid not null,
  material_id uuid not null,
  location_id uuid not null,
  quantity numeric(14,3) not null,
  lot_number text,
  cubic_feet numeric(12,4) not null,
  weight_lbs numeric(12,3) not null,
  algorithm app_public.putaway_algorithm not null,
  confidence_score numeric(4,3) not null,
  reason_code text not null,
  estimated_utilization numeric(6,4),
  cross_dock_candidate boolean not null default false,
  sku_affinity_score numeric(4,3),
  status app_public.recommendation_status not null default 'PENDING',
  expires_at timestamptz,
  actual_location_id uuid,
  decision_reason_code text,
  decided_by uuid,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint putaway_recommendations_pkey primary key (tenant_id, recommendation_id),
  constraint putaway_recommendations_location_fkey foreign key (tenant_id, facility_id, location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete restrict,
  constraint putaway_recommendations_actual_location_fkey foreign key (tenant_id, facility_id, actual_location_id)
    references app_public.locations (tenant_id, facility_id, location_id) on delete restrict,
  constraint putaway_recommendations_material_fkey foreign key (tenant_id, material_id)
    references app_public.materials (tenant_id, material_id) on delete restrict,
  constraint chk_confidence_score_range check (confidence_score between 0 and 1),
  constraint chk_putaway_recommendations_positive_quantity check (quantity > 0),
  constraint chk_putaway_recommendations_numbers_not_nan
    check ('NaN'::numeric not in (quantity, cubic_feet, weight_lbs, confidence_score, estimated_utilization, sku_affinity_score)),
  constraint chk_putaway_recommendations_reservation_not_negative check (cubic_feet >= 0 and weight_lbs >= 0),
  constraint chk_putaway_recommendations_utilization_range check (estimated_utilization between 0 and 1),
  constraint chk_putaway_recommendations_affinity_range check (sku_affinity_score between 0 and 1),
  constraint chk_putaway_recommendations_decision check (
    case status
      when 'PENDING' then decided_at is null
      when 'EXPIRED' then true
      when 'ACCEPTED' then decided_at is not null and actual_location_id is not null
      when 'OVERRIDDEN' then decided_at is not null and actual_location_id is not null
                          and decision_reason_code is not null
      when 'REJECTED' then decided_at is not null and decision_reason_code is not null
    end
  )
);
create index putaway_recommendations_pending_location_idx
  on app_public.putaway_recommendations (tenant_id, location_id) where status = 'PENDING';
create index putaway_recommendations_pending_expiry_idx
  on app_public.putaway_recommendations (expires_at) where status = 'PENDING';
create index putaway_recommendations_facility_created_idx
  on app_public.putaway_recommendations (tenant_id, facility_id, created_at);
create index putaway_recommendations_material_idx
  on app_public.putaway_recommendations (tenant_id, material_id);
alter table app_public.putaway_recommendations enable row level security;
create policy select_own_tenant on app_public.putaway_recommendations for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.putaway_recommendations to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.putaway_recommendations
  for each row execute function app_private.tg__audit_update();

comment on constraint chk_putaway_recommendations_numbers_not_nan on app_public.putaway_recommendations is E'Numbers must be finite: NaN is not a valid quantity, size or score.';
comment on table app_public.putaway_recommendations is
  E'Where the engine advised to store received stock, and what the operator did with the advice.';
comment on column app_public.putaway_recommendations.recommendation_id is E'Time-ordered id of the recommendation.';
comment on column app_public.putaway_recommendations.cubic_feet is E'Volume reserved at the location while PENDING.';
comment on column app_public.putaway_recommendations.weight_lbs is E'Weight reserved at the location while PENDING.';
comment on column app_public.putaway_recommendations.confidence_score is E'How likely the operator is to accept, 0 to 1.';
comment on column app_public.putaway_recommendations.reason_code is E'Why this location: the factors that decided.';
comment on column app_public.putaway_recommendations.estimated_utilization is
  E'Expected volume utilization of the location after placement, 0 to 1.';
comment on column app_public.putaway_recommendations.cross_dock_candidate is
  E'True when open outbound demand for the material is due soon, so the stock goes to cross-dock or staging.';
comment on column app_public.putaway_recommendations.sku_affinity_score is
  E'How often the material is ordered with materials near the location, 0 to 1.';
comment on column app_public.putaway_recommendations.expires_at is E'When the capacity reservation of a PENDING recommendation lapses.';
comment on column app_public.putaway_recommendations.actual_location_id is E'Where the operator put the stock.';
comment on column app_public.putaway_recommendations.decision_reason_code is E'The operator''s reason for an override or rejection.';
comment on constraint putaway_recommendations_location_fkey on app_public.putaway_recommendations is
  E'@fieldName location\n@foreignFieldName putawayRecommendations';
comment on constraint putaway_recommendations_actual_location_fkey on app_public.putaway_recommendations is
  E'@fieldName actualLocation\n@foreignFieldName putawayRecommendationsActual';
comment on constraint putaway_recommendations_material_fkey on app_public.putaway_recommendations is
  E'@fieldName material\n@foreignFieldName putawayRecommendations';
comment on constraint putaway_recommendations_pkey on app_public.putaway_recommendations is
  E'@fieldName putawayRecommendationById';
comment on constraint chk_confidence_score_range on app_public.putaway_recommendations is
  E'The confidence score must be between 0 and 1.';

--! split: 0190-ml-model-weights.sql
/*
 * The confidence model of each tenant: one row per trained version, at most one active.
 */
create table app_public.ml_model_weights (
  tenant_id uuid not null default app_public.current_tenant_id(),
  model_id uuid not null default public.uuid_generate_v7(),
  model_version integer not null,
  weights jsonb not null,
  metrics jsonb not null default '{}',
  is_active boolean not null default false,
  trained_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid default app_public.current_user_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid default app_public.current_user_id(),
  deleted_at timestamptz,
  constraint ml_model_weights_pkey primary key (tenant_id, model_id),
  constraint ml_model_weights_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete restrict,
  constraint ml_model_weights_version_key unique (tenant_id, model_version),
  constraint chk_ml_model_weights_positive_version check (model_version > 0),
  constraint chk_ml_model_weights_weights_object check (jsonb_typeof(weights) = 'object'),
  constraint chk_ml_model_weights_metrics_object check (jsonb_typeof(metrics) = 'object')
);
create unique index ml_model_weights_one_active_idx on app_public.ml_model_weights (tenant_id) where is_active;
alter table app_public.ml_model_weights enable row level security;
create policy select_own_tenant on app_public.ml_model_weights for select
  using (tenant_id = (select app_public.current_tenant_id()) and deleted_at is null);
grant select on app_public.ml_model_weights to :DATABASE_VISITOR;
create trigger _100_audit before update on app_public.ml_model_weights
  for each row execute function app_private.tg__audit_update();

comment on table app_public.ml_model_weights is
  E'Trained versions of the tenant''s putaway confidence model; at most one is active.';
comment on column app_public.ml_model_weights.weights is E'Model parameters, e.g. intercept and coefficients by feature name.';
comment on column app_public.ml_model_weights.metrics is E'Hold-out quality: accuracy, AUC, Brier score, sample size.';
comment on constraint ml_model_weights_tenant_fkey on app_public.ml_model_weights is
  E'@fieldName tenant\n@foreignFieldName mlModelWeights';
comment on constraint ml_model_weights_pkey on app_public.ml_model_weights is E'@fieldName mlModelById';
comment on constraint ml_model_weights_version_key on app_public.ml_model_weights is E'@fieldName mlModelByVersion';
