-- The schema of the committed migrations (PostgreSQL 15), written by scripts/dump-schema.ts.
--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: app_hidden; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app_hidden;

--
-- Name: SCHEMA app_hidden; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA app_hidden IS 'Usable by the visitor role (policies, defaults) but not exposed through GraphQL.';

--
-- Name: app_private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app_private;

--
-- Name: SCHEMA app_private; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA app_private IS 'Internals and secrets; never reachable by the visitor role.';

--
-- Name: app_public; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app_public;

--
-- Name: SCHEMA app_public; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA app_public IS 'Exposed through GraphQL: the warehouse domain as API consumers see it.';

--
-- Name: abc_class; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.abc_class AS ENUM (
    'A',
    'B',
    'C'
);

--
-- Name: TYPE abc_class; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.abc_class IS 'Pick velocity class: A fast movers, B medium, C slow.';

--
-- Name: data_quality_metrics; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.data_quality_metrics AS (
	materials_verified integer,
	capacity_failures integer,
	pending_relocations integer,
	remediation_success_rate numeric,
	open_findings integer,
	computed_at timestamp with time zone
);

--
-- Name: TYPE data_quality_metrics; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.data_quality_metrics IS 'Data quality of one facility, as of computedAt.';

--
-- Name: COLUMN data_quality_metrics.materials_verified; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.data_quality_metrics.materials_verified IS 'Materials measured in the last 90 days.';

--
-- Name: COLUMN data_quality_metrics.capacity_failures; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.data_quality_metrics.capacity_failures IS 'Refused or detected overflows in the last 30 days.';

--
-- Name: COLUMN data_quality_metrics.pending_relocations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.data_quality_metrics.pending_relocations IS 'Locations holding more than their capacity: stock to relocate.';

--
-- Name: COLUMN data_quality_metrics.remediation_success_rate; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.data_quality_metrics.remediation_success_rate IS 'Share of automatic fixes in the last 30 days that succeeded, 0 to 1; null when there were none.';

--
-- Name: floor_map; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.floor_map AS (
	facility_id uuid,
	dock_x_ft double precision,
	dock_y_ft double precision,
	location_ids uuid[],
	codes text[],
	zone_codes text[],
	x_ft double precision[],
	y_ft double precision[],
	cubic_fill double precision[],
	weight_fill double precision[],
	velocity_classes text[],
	allowed_classes text[],
	available boolean[],
	contents text[]
);

--
-- Name: TYPE floor_map; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.floor_map IS '@name FloorMap
Every position of a facility, ordered by code, as parallel arrays (element i of every array is position i).';

--
-- Name: COLUMN floor_map.location_ids; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.location_ids IS '@notNull
The positions'' ids.';

--
-- Name: COLUMN floor_map.codes; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.codes IS '@notNull
The positions'' codes.';

--
-- Name: COLUMN floor_map.zone_codes; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.zone_codes IS '@notNull
The code of each position''s zone.';

--
-- Name: COLUMN floor_map.x_ft; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.x_ft IS '@notNull
Each position''s x coordinate, in feet.';

--
-- Name: COLUMN floor_map.y_ft; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.y_ft IS '@notNull
Each position''s y coordinate, in feet.';

--
-- Name: COLUMN floor_map.cubic_fill; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.cubic_fill IS '@notNull
Cubic feet on hand and reserved over the position''s capacity, 0 to 1.';

--
-- Name: COLUMN floor_map.weight_fill; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.weight_fill IS '@notNull
Weight on hand and reserved over the position''s weight capacity, 0 to 1.';

--
-- Name: COLUMN floor_map.velocity_classes; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.velocity_classes IS '@notNull
The fastest velocity class (A, B or C) of the stock a position holds; null when it holds none or none is classified.';

--
-- Name: COLUMN floor_map.allowed_classes; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.allowed_classes IS '@notNull
The velocity classes a position may hold, as letters ("AB").';

--
-- Name: COLUMN floor_map.available; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.available IS '@notNull
False for a position that is inactive or blocked.';

--
-- Name: COLUMN floor_map.contents; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.floor_map.contents IS '@notNull
What a position holds, one "material × quantity (lot)" per line; empty when it holds nothing.';

--
-- Name: lot_status; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.lot_status AS ENUM (
    'AVAILABLE',
    'QUARANTINE',
    'HOLD',
    'DAMAGED'
);

--
-- Name: TYPE lot_status; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.lot_status IS 'Whether the stock of a lot may be picked.';

--
-- Name: mixing_rule; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.mixing_rule AS ENUM (
    'ANY',
    'SINGLE_MATERIAL',
    'SINGLE_LOT'
);

--
-- Name: TYPE mixing_rule; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.mixing_rule IS 'What a location may hold at once: any mix, one material (any lots), or one lot of one material.';

--
-- Name: move_task_status; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.move_task_status AS ENUM (
    'WAITING',
    'OPEN',
    'DONE',
    'CANCELLED',
    'EXPIRED'
);

--
-- Name: TYPE move_task_status; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.move_task_status IS 'WAITING (its room or stock comes from an earlier task of its batch; holds nothing yet), OPEN (reserves its room at the target), DONE (the move is recorded), CANCELLED or EXPIRED (released).';

--
-- Name: order_line_status; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.order_line_status AS ENUM (
    'OPEN',
    'ALLOCATED',
    'PICKED',
    'SHIPPED',
    'CANCELLED'
);

--
-- Name: TYPE order_line_status; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.order_line_status IS 'Lifecycle of an outbound order line.';

--
-- Name: order_status; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.order_status AS ENUM (
    'OPEN',
    'RELEASED',
    'SHIPPED',
    'CANCELLED'
);

--
-- Name: TYPE order_status; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.order_status IS 'Lifecycle of an outbound order.';

--
-- Name: putaway_algorithm; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.putaway_algorithm AS ENUM (
    'FFD',
    'BFD',
    'HYBRID',
    'ENHANCED'
);

--
-- Name: TYPE putaway_algorithm; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.putaway_algorithm IS 'Putaway algorithms: first fit decreasing, best fit decreasing, their hybrid, and the weighted ENHANCED score.';

--
-- Name: recommendation_status; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.recommendation_status AS ENUM (
    'PENDING',
    'ACCEPTED',
    'OVERRIDDEN',
    'REJECTED',
    'EXPIRED'
);

--
-- Name: TYPE recommendation_status; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.recommendation_status IS 'PENDING holds a capacity reservation; the operator''s decision makes it ACCEPTED, OVERRIDDEN or REJECTED; an undecided one becomes EXPIRED when its reservation times out.';

--
-- Name: remediation_outcome; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.remediation_outcome AS ENUM (
    'SUCCEEDED',
    'FAILED',
    'SKIPPED'
);

--
-- Name: TYPE remediation_outcome; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.remediation_outcome IS 'What became of an automatic fix.';

--
-- Name: reslotting_objective; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.reslotting_objective AS ENUM (
    'TRAVEL',
    'CONSOLIDATE',
    'BALANCED'
);

--
-- Name: TYPE reslotting_objective; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.reslotting_objective IS 'TRAVEL (fast movers per cube nearer the dock), CONSOLIDATE (free as many positions as possible) or BALANCED (half the moves each, consolidation first).';

--
-- Name: temperature_class; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.temperature_class AS ENUM (
    'AMBIENT',
    'CHILLED',
    'FROZEN'
);

--
-- Name: TYPE temperature_class; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.temperature_class IS 'Storage temperature: of a zone or location (what it provides) and of a material (what it needs).';

--
-- Name: transaction_type; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.transaction_type AS ENUM (
    'RECEIPT',
    'PUTAWAY',
    'PICK',
    'MOVE',
    'ADJUSTMENT'
);

--
-- Name: TYPE transaction_type; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.transaction_type IS 'RECEIPT and PUTAWAY add stock (PUTAWAY optionally from a staging location), PICK removes it, MOVE transfers it between locations, ADJUSTMENT corrects it either way.';

--
-- Name: verification_outcome; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.verification_outcome AS ENUM (
    'AUTO_UPDATED',
    'FLAGGED_FOR_REVIEW',
    'APPROVED',
    'DISMISSED'
);

--
-- Name: TYPE verification_outcome; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.verification_outcome IS 'AUTO_UPDATED: master data took the measurement; FLAGGED_FOR_REVIEW: beyond tolerance, waiting; then APPROVED or DISMISSED.';

--
-- Name: zone_type; Type: TYPE; Schema: app_public; Owner: -
--

CREATE TYPE app_public.zone_type AS ENUM (
    'RECEIVING',
    'DOCK',
    'STAGING',
    'CROSS_DOCK',
    'PICK_FACE',
    'RESERVE',
    'BULK'
);

--
-- Name: TYPE zone_type; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TYPE app_public.zone_type IS 'What a zone is for. PICK_FACE, RESERVE and BULK hold stock; the others are transit areas.';

--
-- Name: claim_putaway_idempotency(text, text, jsonb); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.claim_putaway_idempotency(p_key text, p_operation text, p_request jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_row app_private.putaway_idempotency_keys;
begin
  if v_tenant_id is null then
    raise exception 'Idempotency keys need a tenant' using errcode = 'DENY1';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('putaway-idempotency:' || v_tenant_id || ':' || p_key, 0));
  select * into v_row from app_private.putaway_idempotency_keys k
   where k.tenant_id = v_tenant_id and k.idempotency_key = p_key and k.expires_at > now();
  if not found then
    return null;
  end if;
  if v_row.operation <> p_operation
     or v_row.request_hash <> sha256(convert_to(p_request::text, 'UTF8')) then
    raise exception 'The idempotency key % was already used for another request (%); use a new key for a new request',
      p_key, v_row.operation using errcode = 'IDEMP';
  end if;
  return v_row.response;
end;
$$;

--
-- Name: FUNCTION claim_putaway_idempotency(p_key text, p_operation text, p_request jsonb); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.claim_putaway_idempotency(p_key text, p_operation text, p_request jsonb) IS 'Locks an idempotency key of the current tenant for this transaction; returns the stored answer when the key was used for the same request, null when it is new (or expired), raises IDEMP when it was used for another request.';

--
-- Name: current_tenant_id(); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
  select nullif(current_setting('jwt.claims.tenant_id', true), '')::uuid;
$$;

--
-- Name: FUNCTION current_tenant_id(); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.current_tenant_id() IS 'The tenant of the current request (claim tenant_id of the bearer token); null when anonymous.';

--
-- Name: current_user_id(); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
  select nullif(current_setting('jwt.claims.user_id', true), '')::uuid;
$$;

--
-- Name: FUNCTION current_user_id(); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.current_user_id() IS 'The user of the current request (claim user_id of the bearer token); null when anonymous.';

--
-- Name: uuid_generate_v7(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.uuid_generate_v7() RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION uuid_generate_v7(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.uuid_generate_v7() IS 'A new RFC 9562 version 7 UUID: time-ordered (48-bit Unix milliseconds, 12 bits of sub-millisecond time), variant 10, 62 random bits. The default of every primary key.';

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: move_tasks; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.move_tasks (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    move_task_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    sequence integer NOT NULL,
    material_id uuid NOT NULL,
    lot_number text NOT NULL,
    quantity numeric(14,3) NOT NULL,
    from_location_id uuid NOT NULL,
    to_location_id uuid NOT NULL,
    cubic_feet numeric(12,4) NOT NULL,
    weight_lbs numeric(12,3) NOT NULL,
    reason_code text NOT NULL,
    status app_public.move_task_status DEFAULT 'OPEN'::app_public.move_task_status NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    inventory_transaction_id uuid,
    done_by uuid,
    done_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_move_tasks_done CHECK (((status = 'DONE'::app_public.move_task_status) = (done_at IS NOT NULL))),
    CONSTRAINT chk_move_tasks_numbers_not_nan CHECK (((('NaN'::numeric <> quantity) AND ('NaN'::numeric <> cubic_feet)) AND ('NaN'::numeric <> weight_lbs))),
    CONSTRAINT chk_move_tasks_positive_quantity CHECK (((quantity > (0)::numeric) AND (sequence > 0))),
    CONSTRAINT chk_move_tasks_reason CHECK ((reason_code = ANY (ARRAY['CONSOLIDATE'::text, 'TRAVEL'::text, 'MAKE_ROOM'::text, 'MANUAL'::text]))),
    CONSTRAINT chk_move_tasks_room_not_negative CHECK (((cubic_feet >= (0)::numeric) AND (weight_lbs >= (0)::numeric))),
    CONSTRAINT chk_move_tasks_two_locations CHECK ((from_location_id <> to_location_id))
);

--
-- Name: TABLE move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.move_tasks IS 'Stock moves inside a facility, made from a re-slotting plan by createReslottingTasks and recorded by confirmMove. An OPEN task reserves its room at the target like a PENDING putaway recommendation.';

--
-- Name: COLUMN move_tasks.batch_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.move_tasks.batch_id IS 'The tasks created together, from one plan.';

--
-- Name: COLUMN move_tasks.sequence; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.move_tasks.sequence IS 'Position of the move in its plan (1 first).';

--
-- Name: COLUMN move_tasks.cubic_feet; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.move_tasks.cubic_feet IS 'Volume the moved stock takes, reserved at the target while OPEN.';

--
-- Name: COLUMN move_tasks.weight_lbs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.move_tasks.weight_lbs IS 'Weight the moved stock takes, reserved at the target while OPEN.';

--
-- Name: COLUMN move_tasks.reason_code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.move_tasks.reason_code IS 'CONSOLIDATE (empties a position), TRAVEL (a faster mover nearer the dock), MAKE_ROOM (a slower material sent away to make room for a faster one) or MANUAL.';

--
-- Name: COLUMN move_tasks.status; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.move_tasks.status IS 'WAITING, OPEN, DONE, CANCELLED or EXPIRED (see the type).';

--
-- Name: COLUMN move_tasks.expires_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.move_tasks.expires_at IS 'When an OPEN or WAITING task lapses and releases its room.';

--
-- Name: COLUMN move_tasks.inventory_transaction_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.move_tasks.inventory_transaction_id IS 'The MOVE transaction confirmMove recorded.';

--
-- Name: CONSTRAINT chk_move_tasks_done ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_move_tasks_done ON app_public.move_tasks IS 'A DONE task, and only it, has done_at.';

--
-- Name: CONSTRAINT chk_move_tasks_numbers_not_nan ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_move_tasks_numbers_not_nan ON app_public.move_tasks IS 'Numbers must be finite: NaN is not a valid quantity or size.';

--
-- Name: CONSTRAINT chk_move_tasks_positive_quantity ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_move_tasks_positive_quantity ON app_public.move_tasks IS 'quantity and sequence must be more than 0.';

--
-- Name: CONSTRAINT chk_move_tasks_reason ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_move_tasks_reason ON app_public.move_tasks IS 'reasonCode is CONSOLIDATE, TRAVEL, MAKE_ROOM or MANUAL.';

--
-- Name: CONSTRAINT chk_move_tasks_room_not_negative ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_move_tasks_room_not_negative ON app_public.move_tasks IS 'cubicFeet and weightLbs must be 0 or more.';

--
-- Name: CONSTRAINT chk_move_tasks_two_locations ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_move_tasks_two_locations ON app_public.move_tasks IS 'A move goes from one location to another.';

--
-- Name: confirm_move(uuid); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.confirm_move(p_move_task_id uuid) RETURNS app_public.move_tasks
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_user_id uuid := app_public.current_user_id();
  v_task app_public.move_tasks;
  v_blocking integer;
  v_transaction_id uuid;
begin
  if v_tenant_id is null then
    raise exception 'Confirming a move needs a bearer token' using errcode = 'DENY1';
  end if;
  select * into v_task from app_public.move_tasks t
   where t.tenant_id = v_tenant_id and t.move_task_id = p_move_task_id and t.deleted_at is null
     for update;
  if not found then
    raise exception 'There is no move task % in your tenant', p_move_task_id using errcode = 'NOTFD';
  end if;
  if v_task.status in ('DONE', 'CANCELLED', 'EXPIRED') then
    raise exception 'The move task was already closed: %', v_task.status using errcode = 'DECID';
  end if;
  if v_task.expires_at <= now() then
    raise exception 'The move task expired at %', v_task.expires_at using errcode = 'DECID';
  end if;
  if v_task.status = 'WAITING' then
    select min(t.sequence) into v_blocking from app_public.move_tasks t
     where t.tenant_id = v_tenant_id and t.batch_id = v_task.batch_id and t.sequence < v_task.sequence
       and t.status in ('OPEN', 'WAITING');
    if v_blocking is null then
      raise exception 'Move % of its batch cannot run yet: its target''s room or rules, or its stock, are not what the earlier moves were to make them, and none of them is left to do',
        v_task.sequence using errcode = 'INVAL';
    end if;
    raise exception 'Move % of its batch waits for room, room under its target''s rules, or stock from an earlier move (move % first)',
      v_task.sequence, v_blocking using errcode = 'INVAL';
  end if;
  -- Locations first, then their occupancy rows, each in key order, as confirmPutaway and every stock movement
  -- take them: this move's two, and the targets of the batch's waiting tasks this confirmation may open, so
  -- that nothing is locked later out of order.
  perform 1 from app_public.locations l
   where l.tenant_id = v_tenant_id
     and l.location_id in (select v_task.from_location_id union select v_task.to_location_id
                           union select t.to_location_id from app_public.move_tasks t
                                  where t.tenant_id = v_tenant_id and t.batch_id = v_task.batch_id
                                    and t.status = 'WAITING')
   order by l.location_id
     for no key update;
  perform 1 from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id
     and o.location_id in (select v_task.from_location_id union select v_task.to_location_id
                           union select t.to_location_id from app_public.move_tasks t
                                  where t.tenant_id = v_tenant_id and t.batch_id = v_task.batch_id
                                    and t.status = 'WAITING')
   order by o.location_id
     for update;
  update app_public.move_tasks t
     set status = 'DONE', done_by = v_user_id, done_at = now()
   where t.tenant_id = v_tenant_id and t.move_task_id = p_move_task_id;
  insert into app_public.inventory_transactions (
    tenant_id, facility_id, transaction_type, material_id, lot_number, from_location_id, location_id, quantity,
    reference, created_by)
  values (v_tenant_id, v_task.facility_id, 'MOVE', v_task.material_id, v_task.lot_number, v_task.from_location_id,
    v_task.to_location_id, v_task.quantity, 'move-task:' || p_move_task_id, v_user_id)
  returning transaction_id into v_transaction_id;
  update app_public.move_tasks t set inventory_transaction_id = v_transaction_id
   where t.tenant_id = v_tenant_id and t.move_task_id = p_move_task_id
  returning * into v_task;
  perform app_private.promote_waiting_move_tasks(v_tenant_id, v_task.batch_id);
  return v_task;
end;
$$;

--
-- Name: FUNCTION confirm_move(p_move_task_id uuid); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.confirm_move(p_move_task_id uuid) IS 'Records an OPEN move task as DONE with its MOVE transaction and opens the waiting tasks of its batch that can now run. NOTFD, DECID (closed or expired), INVAL (waiting), STOCK, CAPAC or INCMP (the stock triggers).';

--
-- Name: confirm_putaway(uuid, uuid, text); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.confirm_putaway(p_recommendation_id uuid, p_actual_location_id uuid, p_reason_code text) RETURNS TABLE(recommendation_id uuid, outcome text, status app_public.recommendation_status, actual_location_id uuid, actual_location_code text, inventory_transaction_id uuid, message text, refusal_reason text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_user_id uuid := app_public.current_user_id();
  v_rec app_public.putaway_recommendations;
  v_location app_public.locations;
  v_material app_public.materials;
  v_occupancy app_private.location_occupancy;
  v_status app_public.recommendation_status;
  v_cubic numeric;
  v_weight numeric;
  v_free_cubic numeric;
  v_free_weight numeric;
  v_incompatible text;
  v_message text;
  v_transaction_id uuid;
  v_reason text := nullif(btrim(p_reason_code), '');
begin
  if v_tenant_id is null then
    raise exception 'Confirming a putaway needs a tenant' using errcode = 'DENY1';
  end if;
  select * into v_rec from app_public.putaway_recommendations r
   where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id and r.deleted_at is null
   for update;
  if not found then
    raise exception 'There is no putaway recommendation % in your tenant', p_recommendation_id using errcode = 'NOTFD';
  end if;
  if v_rec.status not in ('PENDING', 'EXPIRED') then
    raise exception 'The recommendation was already decided: %', v_rec.status using errcode = 'DECID';
  end if;

  if p_actual_location_id is null then
    if v_reason is null then
      raise exception 'Rejecting a recommendation needs a reasonCode' using errcode = 'INVAL';
    end if;
    update app_public.putaway_recommendations r
       set status = 'REJECTED', decision_reason_code = v_reason, decided_by = v_user_id, decided_at = now()
     where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id;
    return query select p_recommendation_id, 'REJECTED', 'REJECTED'::app_public.recommendation_status,
      null::uuid, null::text, null::uuid, 'Recommendation rejected'::text, null::text;
    return;
  end if;

  v_status := case when p_actual_location_id = v_rec.location_id then 'ACCEPTED' else 'OVERRIDDEN' end;
  if v_status = 'OVERRIDDEN' and v_reason is null then
    raise exception 'Putting the stock elsewhere than recommended needs a reasonCode' using errcode = 'INVAL';
  end if;
  -- Every writer locks a location's row before its occupancy row; this takes the two locations' rows (where the
  -- stock goes, and the one whose reservation it releases) in key order, as exclusively as the stock trigger
  -- may need, so that a deletion or a capacity change of either waits for this putaway or is seen by it.
  perform 1 from app_public.locations l
   where l.tenant_id = v_tenant_id and l.location_id in (p_actual_location_id, v_rec.location_id)
   order by l.location_id
     for no key update;
  select * into v_location from app_public.locations l
   where l.tenant_id = v_tenant_id and l.facility_id = v_rec.facility_id and l.location_id = p_actual_location_id
     and l.deleted_at is null;
  if not found then
    raise exception 'There is no location % in the recommendation''s facility', p_actual_location_id
      using errcode = 'NOTFD';
  end if;
  if not v_location.is_active or v_location.is_blocked then
    raise exception 'Location % is inactive or blocked', v_location.code using errcode = 'INVAL';
  end if;

  -- The room the stock takes: what the recommendation reserved, never less than master data says.
  select * into v_material from app_public.materials m
   where m.tenant_id = v_tenant_id and m.material_id = v_rec.material_id;
  v_cubic := app_hidden.room_cubic_feet(v_rec.quantity, v_rec.cubic_feet / v_rec.quantity, v_material.unit_cubic_feet);
  v_weight := app_hidden.room_weight_lbs(v_rec.quantity, v_rec.weight_lbs / v_rec.quantity, v_material.unit_weight_lbs);
  -- Under the location's occupancy lock, what it holds and has free cannot change until this transaction ends.
  -- The recommended location's row is locked with it, in key order as reservations lock theirs, since releasing
  -- the reservation changes it too. This recommendation's own reservation counts as free, and not as stock the
  -- location holds.
  perform 1 from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id and o.location_id in (p_actual_location_id, v_rec.location_id)
   order by o.tenant_id, o.location_id
     for update;
  select * into v_occupancy from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id and o.location_id = p_actual_location_id;
  v_free_cubic := v_location.max_cubic_feet - v_occupancy.cubic_feet_on_hand - v_occupancy.cubic_feet_reserved
    + case when v_rec.status = 'PENDING' and v_rec.location_id = p_actual_location_id then v_rec.cubic_feet else 0 end;
  v_free_weight := v_location.max_weight_lbs - v_occupancy.weight_lbs_on_hand - v_occupancy.weight_lbs_reserved
    + case when v_rec.status = 'PENDING' and v_rec.location_id = p_actual_location_id then v_rec.weight_lbs else 0 end;
  v_incompatible := app_hidden.location_accepts(v_tenant_id, p_actual_location_id, v_rec.material_id, v_rec.lot_number,
                                                true, p_recommendation_id);
  if v_incompatible is not null or v_cubic > v_free_cubic or v_weight > v_free_weight then
    v_message := case v_incompatible
      when 'TEMPERATURE' then format('Location %s is %s; material %s must be stored %s', v_location.code,
        v_location.temperature_class, v_material.code, v_material.temperature_requirement)
      when 'HAZMAT' then format('Location %s does not allow hazardous materials; material %s is hazard class %s',
        v_location.code, v_material.code, v_material.hazmat_class)
      when 'ABC_CLASS' then format('Location %s holds velocity classes %s; material %s is class %s',
        v_location.code, array_to_string(v_location.allowed_abc_classes, ', '), v_material.code,
        coalesce(v_material.abc_class::text, 'C (none set)'))
      when 'DIMENSIONS' then format(
        'A unit of material %s (%s × %s × %s in) fits location %s (%s × %s × %s in) in no orientation',
        v_material.code, v_material.unit_length_in, v_material.unit_width_in, v_material.unit_height_in,
        v_location.code, v_location.inner_length_in, v_location.inner_width_in, v_location.inner_height_in)
      when 'MIXING' then format('Location %s holds %s at a time and already holds or expects other stock',
        v_location.code, case v_location.mixing_rule when 'SINGLE_LOT' then 'one lot' else 'one material' end)
      else format('Location %s has no room for this stock: %s of %s cubic feet and %s of %s lb are free',
             v_location.code, greatest(round(v_free_cubic, 4), 0), v_location.max_cubic_feet,
             greatest(round(v_free_weight, 3), 0), v_location.max_weight_lbs)
    end;
    insert into app_public.capacity_validation_failures (
      tenant_id, facility_id, location_id, recommendation_id, material_id, quantity, source, reason,
      requested_cubic_feet, requested_weight_lbs, available_cubic_feet, available_weight_lbs, message, created_by,
      updated_by)
    values (v_tenant_id, v_rec.facility_id, p_actual_location_id, p_recommendation_id, v_rec.material_id,
      v_rec.quantity, 'CONFIRM_PUTAWAY', coalesce(v_incompatible, 'CAPACITY'), v_cubic, v_weight, v_free_cubic,
      v_free_weight,
      case when v_incompatible is null
        then format('Location %s has room for %s cubic feet and %s lb; the stock needs %s cubic feet and %s lb',
                    v_location.code, round(v_free_cubic, 4), round(v_free_weight, 3), v_cubic, v_weight)
        else v_message end,
      v_user_id, v_user_id);
    return query select p_recommendation_id, case when v_incompatible is null then 'REFUSED' else 'INCOMPATIBLE' end,
      v_rec.status, p_actual_location_id, v_location.code, null::uuid, v_message, coalesce(v_incompatible, 'CAPACITY');
    return;
  end if;

  -- Release the reservation first, then add the stock, so that accepting never double-counts.
  update app_public.putaway_recommendations r
     set status = v_status, actual_location_id = p_actual_location_id, decision_reason_code = v_reason,
         decided_by = v_user_id, decided_at = now()
   where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id;
  insert into app_public.inventory_transactions (
    tenant_id, facility_id, transaction_type, material_id, lot_number, location_id, quantity, reference, created_by,
    unit_cubic_feet, unit_weight_lbs)
  values (v_tenant_id, v_rec.facility_id, 'PUTAWAY', v_rec.material_id, coalesce(v_rec.lot_number, 'NO-LOT'),
    p_actual_location_id, v_rec.quantity, 'putaway-recommendation:' || p_recommendation_id, v_user_id,
    v_rec.cubic_feet / v_rec.quantity, v_rec.weight_lbs / v_rec.quantity)
  returning inventory_transactions.transaction_id into v_transaction_id;
  update app_public.putaway_recommendations r set inventory_transaction_id = v_transaction_id
   where r.tenant_id = v_tenant_id and r.recommendation_id = p_recommendation_id;
  return query select p_recommendation_id, v_status::text, v_status, p_actual_location_id, v_location.code,
    v_transaction_id, format('Putaway recorded in %s', v_location.code), null::text;
end;
$$;

--
-- Name: FUNCTION confirm_putaway(p_recommendation_id uuid, p_actual_location_id uuid, p_reason_code text); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.confirm_putaway(p_recommendation_id uuid, p_actual_location_id uuid, p_reason_code text) IS 'Records the operator''s decision on a recommendation: ACCEPTED, OVERRIDDEN or REJECTED; INCOMPATIBLE when the location''s rules refuse the stock, REFUSED when it has no room (both recorded in capacity_validation_failures, refusal_reason says which rule).';

--
-- Name: create_move_tasks(uuid, json, interval); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.create_move_tasks(p_facility_id uuid, p_moves json, p_ttl interval) RETURNS SETOF app_public.move_tasks
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_batch_id uuid := public.uuid_generate_v7();
  v_move record;
  v_from app_public.locations;
  v_to app_public.locations;
  v_material app_public.materials;
  v_lot app_public.lots;
  v_occupancy app_private.location_occupancy;
  v_cubic numeric;
  v_weight numeric;
  v_free_cubic numeric;
  v_free_weight numeric;
  v_out_cubic numeric;
  v_out_weight numeric;
  v_in_cubic numeric;
  v_in_weight numeric;
  v_unit_cubic numeric;
  v_unit_weight numeric;
  v_stock numeric;
  v_brought numeric;
  v_booked numeric;
  v_mixed_now boolean;
  v_mixed_after boolean;
  v_refusal text;
  v_status app_public.move_task_status;
  v_count integer;
begin
  if v_tenant_id is null then
    raise exception 'Creating move tasks needs a bearer token' using errcode = 'DENY1';
  end if;
  if not app_hidden.current_user_is_supervisor() then
    raise exception 'Creating move tasks needs the role supervisor or admin' using errcode = 'DENY1';
  end if;
  perform from app_public.facilities f
   where f.tenant_id = v_tenant_id and f.facility_id = p_facility_id and f.deleted_at is null;
  if not found then
    raise exception 'There is no facility % in your tenant', p_facility_id using errcode = 'NOTFD';
  end if;
  v_count := json_array_length(p_moves);
  if v_count = 0 then
    raise exception 'moves must hold at least one move' using errcode = 'INVAL';
  end if;
  -- One at a time with the facility's putaway reservations (the service takes the same lock to plan a batch),
  -- so that neither is planned from a view the other is changing; then every location of the batch, in key
  -- order, as putaway reservations lock theirs.
  perform pg_advisory_xact_lock(hashtextextended('putaway:' || p_facility_id::text, 0));
  perform 1 from app_public.locations l
   where l.tenant_id = v_tenant_id
     and l.location_id in (select x.location_id
                             from json_to_recordset(p_moves) as r(from_location_id uuid, to_location_id uuid)
                             cross join lateral (values (r.from_location_id), (r.to_location_id)) as x(location_id))
   order by l.location_id
     for key share;
  for v_move in
    select m.material_id, m.lot_number, m.quantity, m.from_location_id, m.to_location_id,
           coalesce(nullif(btrim(m.reason_code), ''), 'MANUAL') as reason_code, m.ord::integer as sequence
      from rows from (json_to_recordset(p_moves) as (material_id uuid, lot_number text, quantity numeric,
           from_location_id uuid, to_location_id uuid, reason_code text)) with ordinality
           as m(material_id, lot_number, quantity, from_location_id, to_location_id, reason_code, ord)
     order by m.ord
  loop
    if v_move.material_id is null or v_move.lot_number is null or v_move.quantity is null
       or v_move.from_location_id is null or v_move.to_location_id is null then
      raise exception 'Move %: materialId, lotNumber, quantity, fromLocationId and toLocationId are required',
        v_move.sequence using errcode = 'INVAL';
    end if;
    if not (v_move.quantity > 0) or v_move.quantity <> round(v_move.quantity, 3) then
      raise exception 'Move %: quantity must be more than 0, with at most 3 decimals (got %)', v_move.sequence,
        v_move.quantity using errcode = 'INVAL';
    end if;
    if v_move.from_location_id = v_move.to_location_id then
      raise exception 'Move %: fromLocationId and toLocationId are the same location', v_move.sequence
        using errcode = 'INVAL';
    end if;
    if v_move.reason_code not in ('CONSOLIDATE', 'TRAVEL', 'MAKE_ROOM', 'MANUAL') then
      raise exception 'Move %: reasonCode must be CONSOLIDATE, TRAVEL, MAKE_ROOM or MANUAL (got %)', v_move.sequence,
        v_move.reason_code using errcode = 'INVAL';
    end if;
    select * into v_from from app_public.locations l
     where l.tenant_id = v_tenant_id and l.facility_id = p_facility_id and l.location_id = v_move.from_location_id
       and l.deleted_at is null;
    if not found then
      raise exception 'Move %: there is no location % in the facility', v_move.sequence, v_move.from_location_id
        using errcode = 'NOTFD';
    end if;
    select * into v_to from app_public.locations l
     where l.tenant_id = v_tenant_id and l.facility_id = p_facility_id and l.location_id = v_move.to_location_id
       and l.deleted_at is null;
    if not found then
      raise exception 'Move %: there is no location % in the facility', v_move.sequence, v_move.to_location_id
        using errcode = 'NOTFD';
    end if;
    if not v_to.is_active or v_to.is_blocked then
      raise exception 'Move %: location % is inactive or blocked', v_move.sequence, v_to.code using errcode = 'INVAL';
    end if;
    select * into v_material from app_public.materials m
     where m.tenant_id = v_tenant_id and m.material_id = v_move.material_id and m.deleted_at is null;
    if not found then
      raise exception 'Move %: there is no material % in your tenant', v_move.sequence, v_move.material_id
        using errcode = 'NOTFD';
    end if;
    -- The stock: on hand at the source, less what live tasks of other batches take from it, less what earlier
    -- moves of this batch take, plus what they bring.
    select * into v_lot from app_public.lots lot
     where lot.tenant_id = v_tenant_id and lot.location_id = v_move.from_location_id
       and lot.material_id = v_move.material_id and lot.lot_number = v_move.lot_number and lot.deleted_at is null;
    select coalesce(sum(t.quantity) filter (where t.batch_id = v_batch_id and t.from_location_id = v_move.from_location_id), 0),
           coalesce(sum(t.quantity) filter (where t.batch_id = v_batch_id and t.to_location_id = v_move.from_location_id), 0),
           coalesce(sum(t.quantity) filter (where t.batch_id <> v_batch_id and t.from_location_id = v_move.from_location_id
                                              and t.status in ('OPEN', 'WAITING')), 0)
      into v_stock, v_brought, v_booked
      from app_public.move_tasks t
     where t.tenant_id = v_tenant_id and t.material_id = v_move.material_id and t.lot_number = v_move.lot_number
       and v_move.from_location_id in (t.from_location_id, t.to_location_id);
    if coalesce(v_lot.quantity_on_hand, 0) - v_booked - v_stock + v_brought < v_move.quantity then
      raise exception 'Move %: location % holds % of lot % of material % for this move, after other move tasks and the moves before it; the move takes %',
        v_move.sequence, v_from.code, greatest(coalesce(v_lot.quantity_on_hand, 0) - v_booked - v_stock + v_brought, 0),
        v_move.lot_number, v_material.code, v_move.quantity using errcode = 'STOCK';
    end if;
    -- The room the moved units take: their lot's declared unit room (the one an earlier move brings, when the
    -- lot is not there yet), never less than master data says.
    select coalesce(v_lot.unit_cubic_feet, e.unit_cubic, v_material.unit_cubic_feet),
           coalesce(v_lot.unit_weight_lbs, e.unit_weight, v_material.unit_weight_lbs)
      into v_unit_cubic, v_unit_weight
      from (select) one
      left join lateral (
        select t.cubic_feet / t.quantity as unit_cubic, t.weight_lbs / t.quantity as unit_weight
          from app_public.move_tasks t
         where t.tenant_id = v_tenant_id and t.batch_id = v_batch_id and t.to_location_id = v_move.from_location_id
           and t.material_id = v_move.material_id and t.lot_number = v_move.lot_number and v_lot.lot_id is null
         order by t.sequence desc limit 1) e on true;
    v_cubic := app_hidden.room_cubic_feet(v_move.quantity, v_unit_cubic, v_material.unit_cubic_feet);
    v_weight := app_hidden.room_weight_lbs(v_move.quantity, v_unit_weight, v_material.unit_weight_lbs);
    -- The target's rules but mixing, then mixing with what it will hold once the moves before this one have run
    -- (its stock less what they take away, what they bring, open reservations), and with what it holds now.
    v_refusal := app_hidden.location_accepts(v_tenant_id, v_move.to_location_id, v_move.material_id,
                                             v_move.lot_number, false);
    if v_refusal is not null and v_refusal <> 'MIXING' then
      raise exception 'Move %: location % does not accept lot % of material %: %', v_move.sequence, v_to.code,
        v_move.lot_number, v_material.code, v_refusal
        using errcode = 'INCMP', detail = json_build_object('reason', v_refusal)::text;
    end if;
    v_mixed_now := false;
    if v_to.mixing_rule <> 'ANY' then
      with held as (
        select s.material_id, s.lot_number,
               s.quantity_on_hand > coalesce((select sum(t.quantity) from app_public.move_tasks t
                                               where t.tenant_id = v_tenant_id and t.batch_id = v_batch_id
                                                 and t.from_location_id = v_move.to_location_id
                                                 and t.material_id = s.material_id and t.lot_number = s.lot_number), 0)
                 as after, true as now
          from app_public.lots s
         where s.tenant_id = v_tenant_id and s.location_id = v_move.to_location_id and s.quantity_on_hand > 0
        union all
        select t.material_id, t.lot_number, true, t.status = 'OPEN'
          from app_public.move_tasks t
         where t.tenant_id = v_tenant_id and t.to_location_id = v_move.to_location_id
           and (t.batch_id = v_batch_id or t.status = 'OPEN')
        union all
        select r.material_id, coalesce(r.lot_number, ''), true, true
          from app_public.putaway_recommendations r
         where r.tenant_id = v_tenant_id and r.location_id = v_move.to_location_id and r.status = 'PENDING'
      ), clash as (
        select h.after, h.now from held h
         where h.material_id <> v_move.material_id
            or (v_to.mixing_rule = 'SINGLE_LOT'
                and (nullif(v_move.lot_number, '') is null or nullif(h.lot_number, '') is null
                     or h.lot_number <> v_move.lot_number))
      )
      select coalesce(bool_or(c.after), false), coalesce(bool_or(c.now), false) into v_mixed_after, v_mixed_now
        from clash c;
      if v_mixed_after then
        raise exception 'Move %: location % holds % at a time and would hold other stock when this move runs',
          v_move.sequence, v_to.code, case v_to.mixing_rule when 'SINGLE_LOT' then 'one lot' else 'one material' end
          using errcode = 'INCMP', detail = json_build_object('reason', 'MIXING')::text;
      end if;
    end if;
    select * into v_occupancy from app_private.location_occupancy o
     where o.tenant_id = v_tenant_id and o.location_id = v_move.to_location_id;
    v_free_cubic := v_to.max_cubic_feet - coalesce(v_occupancy.cubic_feet_on_hand + v_occupancy.cubic_feet_reserved, 0);
    v_free_weight := v_to.max_weight_lbs - coalesce(v_occupancy.weight_lbs_on_hand + v_occupancy.weight_lbs_reserved, 0);
    -- Room earlier moves of the batch take out of the target, and room earlier waiting ones will take in it (open
    -- ones hold theirs already).
    select coalesce(sum(t.cubic_feet) filter (where t.from_location_id = v_move.to_location_id), 0),
           coalesce(sum(t.weight_lbs) filter (where t.from_location_id = v_move.to_location_id), 0),
           coalesce(sum(t.cubic_feet) filter (where t.to_location_id = v_move.to_location_id and t.status = 'WAITING'), 0),
           coalesce(sum(t.weight_lbs) filter (where t.to_location_id = v_move.to_location_id and t.status = 'WAITING'), 0)
      into v_out_cubic, v_out_weight, v_in_cubic, v_in_weight
      from app_public.move_tasks t
     where t.tenant_id = v_tenant_id and t.batch_id = v_batch_id
       and v_move.to_location_id in (t.from_location_id, t.to_location_id);
    if v_cubic + v_in_cubic > v_free_cubic + v_out_cubic or v_weight + v_in_weight > v_free_weight + v_out_weight then
      raise exception 'Move %: location % has no room for it when it runs: % of % cubic feet and % of % lb are free now',
        v_move.sequence, v_to.code, greatest(round(v_free_cubic, 4), 0), v_to.max_cubic_feet,
        greatest(round(v_free_weight, 3), 0), v_to.max_weight_lbs
        using errcode = 'CAPAC',
              detail = json_build_object('locationId', v_to.location_id, 'locationCode', v_to.code)::text;
    end if;
    -- OPEN when it can run now, whatever the earlier moves do; WAITING when it needs them.
    v_status := case
      when v_cubic + v_in_cubic <= v_free_cubic and v_weight + v_in_weight <= v_free_weight and not v_mixed_now
           and coalesce(v_lot.quantity_on_hand, 0) - v_booked - v_stock >= v_move.quantity then 'OPEN'
      else 'WAITING' end;
    return query
    insert into app_public.move_tasks (tenant_id, facility_id, batch_id, sequence, material_id, lot_number, quantity,
      from_location_id, to_location_id, cubic_feet, weight_lbs, reason_code, status, expires_at)
    values (v_tenant_id, p_facility_id, v_batch_id, v_move.sequence, v_move.material_id, v_move.lot_number,
      v_move.quantity, v_move.from_location_id, v_move.to_location_id, v_cubic, v_weight, v_move.reason_code,
      v_status, now() + p_ttl)
    returning *;
  end loop;
end;
$$;

--
-- Name: FUNCTION create_move_tasks(p_facility_id uuid, p_moves json, p_ttl interval); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.create_move_tasks(p_facility_id uuid, p_moves json, p_ttl interval) IS 'Creates one batch of move tasks from a plan''s moves, in order: OPEN (room reserved) or WAITING (for an earlier move of the batch). STOCK, INCMP, CAPAC, NOTFD or INVAL for the first move that cannot run; nothing is created then.';

--
-- Name: current_user_is_supervisor(); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.current_user_is_supervisor() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  select coalesce(app_public.current_user_role() in ('supervisor', 'admin'), false);
$$;

--
-- Name: FUNCTION current_user_is_supervisor(); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.current_user_is_supervisor() IS 'True when the current request may maintain master data: role supervisor or admin.';

--
-- Name: first_mixing_conflict(uuid, json); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.first_mixing_conflict(p_tenant_id uuid, p_rows json) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- The rows bound for a location that holds one material or lot at a time (materialized, so that the checks
  -- below run on those rows only), then location_accepts's MIXING rule with reservations counted
  -- (test/db/15_parallel_reservations.sql compares the two on every combination of its fixture).
  with planned as materialized (
    select distinct r.location_id, r.material_id, nullif(r.lot_number, '') as lot_number, l.code, l.mixing_rule
      from json_to_recordset(p_rows) as r(location_id uuid, material_id uuid, lot_number text)
      join app_public.locations l
        on l.tenant_id = p_tenant_id and l.location_id = r.location_id and l.mixing_rule <> 'ANY'
  )
  select x.code
    from planned x
   where exists (select from app_public.lots s
                  where s.tenant_id = p_tenant_id and s.location_id = x.location_id and s.quantity_on_hand > 0
                    and (s.material_id <> x.material_id
                         or (x.mixing_rule = 'SINGLE_LOT' and (x.lot_number is null or s.lot_number <> x.lot_number))))
      or exists (select from app_public.putaway_recommendations p
                  where p.tenant_id = p_tenant_id and p.location_id = x.location_id and p.status = 'PENDING'
                    and (p.material_id <> x.material_id
                         or (x.mixing_rule = 'SINGLE_LOT'
                             and (x.lot_number is null or nullif(p.lot_number, '') is null
                                  or p.lot_number <> x.lot_number))))
      or exists (select from app_public.move_tasks t
                  where t.tenant_id = p_tenant_id and t.to_location_id = x.location_id and t.status = 'OPEN'
                    and (t.material_id <> x.material_id
                         or (x.mixing_rule = 'SINGLE_LOT' and (x.lot_number is null or t.lot_number <> x.lot_number))))
   order by x.code
   limit 1
$$;

--
-- Name: FUNCTION first_mixing_conflict(p_tenant_id uuid, p_rows json); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.first_mixing_conflict(p_tenant_id uuid, p_rows json) IS 'The code of the first location (by code) among planned rows (location_id, material_id, lot_number) that holds one material or lot at a time and holds or expects other stock; null when there is none: location_accepts''s MIXING rule, for a whole batch at once.';

--
-- Name: location_accepts(uuid, uuid, uuid, text, boolean, uuid); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.location_accepts(p_tenant_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_count_reservations boolean DEFAULT true, p_except_recommendation_id uuid DEFAULT NULL::uuid) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
begin
  -- PL/pgSQL rather than SQL: this runs once per stock movement, and PL/pgSQL keeps the plan of its query
  -- where a SQL function that cannot be inlined is planned again on every call.
  return (select case
    when l.location_id is null or m.material_id is null then 'NOT_FOUND'
    when l.temperature_class <> m.temperature_requirement then 'TEMPERATURE'
    when m.hazmat_class is not null and not l.hazmat_allowed then 'HAZMAT'
    -- = any is null, not false, when the array holds a null: a class that is not listed is refused all the same.
    when not coalesce(coalesce(m.abc_class, 'C') = any (l.allowed_abc_classes), false) then 'ABC_CLASS'
    when m.unit_length_in is not null and m.unit_width_in is not null and m.unit_height_in is not null
         and not app_hidden.unit_fits(m.unit_length_in, m.unit_width_in, m.unit_height_in,
                                      l.inner_length_in, l.inner_width_in, l.inner_height_in) then 'DIMENSIONS'
    when l.mixing_rule <> 'ANY' and (
           exists (select from app_public.lots s
                    where s.tenant_id = l.tenant_id and s.location_id = l.location_id and s.quantity_on_hand > 0
                      and (s.material_id <> m.material_id
                           or (l.mixing_rule = 'SINGLE_LOT'
                               and (nullif(p_lot_number, '') is null or s.lot_number <> p_lot_number))))
           or (p_count_reservations and exists (
                 select from app_public.putaway_recommendations r
                  where r.tenant_id = l.tenant_id and r.location_id = l.location_id and r.status = 'PENDING'
                    and r.recommendation_id is distinct from p_except_recommendation_id
                    and (r.material_id <> m.material_id
                         or (l.mixing_rule = 'SINGLE_LOT'
                             and (nullif(p_lot_number, '') is null or nullif(r.lot_number, '') is null
                                  or r.lot_number <> p_lot_number)))))
           or (p_count_reservations and exists (
                 select from app_public.move_tasks t
                  where t.tenant_id = l.tenant_id and t.to_location_id = l.location_id and t.status = 'OPEN'
                    and (t.material_id <> m.material_id
                         or (l.mixing_rule = 'SINGLE_LOT'
                             and (nullif(p_lot_number, '') is null or t.lot_number <> p_lot_number)))))) then 'MIXING'
  end
  from (select) one
  left join app_public.locations l on l.tenant_id = p_tenant_id and l.location_id = p_location_id
  left join app_public.materials m on m.tenant_id = p_tenant_id and m.material_id = p_material_id);
end;
$$;

--
-- Name: FUNCTION location_accepts(p_tenant_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_count_reservations boolean, p_except_recommendation_id uuid); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.location_accepts(p_tenant_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_count_reservations boolean, p_except_recommendation_id uuid) IS 'Null when the location may hold the material (and lot); otherwise why not: TEMPERATURE, HAZMAT, ABC_CLASS, DIMENSIONS, MIXING, or NOT_FOUND for an unknown location or material. The engine''s hard constraints, in SQL. Reservations (PENDING recommendations, OPEN move tasks) count for mixing unless p_count_reservations is false.';

--
-- Name: optimization_health(); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.optimization_health() RETURNS json
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select json_build_object(
    'facilities', (select count(*) from app_public.facilities where deleted_at is null),
    'oldestCacheRefreshAt', (
      select min(coalesce(r.refreshed_at, '-infinity'::timestamptz))
        from app_public.facilities f
        left join app_private.bin_utilization_refreshes r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'activeModels', (select count(*) from app_public.ml_model_weights where is_active and deleted_at is null),
    'lowestModelAccuracy', (select min(accuracy) from app_public.ml_model_weights where is_active and deleted_at is null),
    'oldestCongestionAt', (
      select min(coalesce(r.computed_at, '-infinity'::timestamptz))
        from app_public.facilities f
        left join app_private.aisle_congestion_runs r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'lastRemediationAt', last.created_at,
    'lastRemediationOutcome', last.outcome,
    'now', now()
  )
  from (select) as one
  left join lateral (
    select l.created_at, l.outcome from app_public.bin_optimization_remediation_log l
     where l.deleted_at is null order by l.created_at desc limit 1
  ) as last on true;
$$;

--
-- Name: FUNCTION optimization_health(); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.optimization_health() IS 'Readiness figures across tenants: cache and congestion ages, the weakest active model''s accuracy.';

--
-- Name: optimization_metrics(); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.optimization_metrics() RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_queue json;
begin
  if to_regclass('graphile_worker.jobs') is not null then
    execute 'select coalesce(json_agg(json_build_array(task_identifier, queued)), ''[]'')
               from (select task_identifier, count(*) as queued from graphile_worker.jobs
                      where locked_at is null and attempts < max_attempts group by task_identifier) q'
      into v_queue;
  end if;
  return json_build_object(
    'cacheAges', (
      select coalesce(json_agg(json_build_array(f.tenant_id, f.facility_id,
                                                extract(epoch from now() - coalesce(r.refreshed_at, f.created_at)))), '[]')
        from app_public.facilities f
        left join app_private.bin_utilization_refreshes r on r.tenant_id = f.tenant_id and r.facility_id = f.facility_id
       where f.deleted_at is null),
    'models', (
      select coalesce(json_agg(json_build_array(w.model_version, w.accuracy)), '[]')
        from app_public.ml_model_weights w where w.is_active and w.deleted_at is null and w.accuracy is not null),
    'acceptance', (
      -- Per facility, so that each reads its own range of (tenant_id, facility_id, created_at).
      select coalesce(json_agg(json_build_array(f.facility_id, a.rate)), '[]')
        from app_public.facilities f
        cross join lateral (
          select 100 * avg((r.status = 'ACCEPTED')::integer) as rate
            from app_public.putaway_recommendations r
           where r.tenant_id = f.tenant_id and r.facility_id = f.facility_id and r.created_at > now() - interval '24 hours'
             and r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED') and r.deleted_at is null
        ) a
       where f.deleted_at is null and a.rate is not null),
    'reslotting', (
      select coalesce(json_agg(json_build_array(f.tenant_id, f.facility_id, c.freed, t.saving)), '[]')
        from app_public.facilities f
        left join lateral (
          select (p.summary ->> 'positionsFreed')::numeric as freed
            from app_public.reslotting_plans p
           where p.tenant_id = f.tenant_id and p.facility_id = f.facility_id and p.objective = 'CONSOLIDATE'
             and p.deleted_at is null
           order by p.planned_at desc limit 1) c on true
        left join lateral (
          select case when (p.summary ->> 'travelPerPickBefore')::numeric > 0
                      then 100 * (1 - (p.summary ->> 'travelPerPickAfter')::numeric
                                       / (p.summary ->> 'travelPerPickBefore')::numeric) end as saving
            from app_public.reslotting_plans p
           where p.tenant_id = f.tenant_id and p.facility_id = f.facility_id and p.objective = 'TRAVEL'
             and p.deleted_at is null
           order by p.planned_at desc limit 1) t on true
       where f.deleted_at is null and (c.freed is not null or t.saving is not null)),
    'queue', coalesce(v_queue, '[]'::json)
  );
end;
$$;

--
-- Name: FUNCTION optimization_metrics(); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.optimization_metrics() IS 'Scrape-time figures for Prometheus: cache ages, active model accuracies, 24-hour acceptance rates, the latest re-slotting plans'' positions freeable and travel saving, queue depth.';

--
-- Name: putaway_factor_data(uuid, uuid[]); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.putaway_factor_data(p_facility_id uuid, p_material_ids uuid[]) RETURNS json
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  with tenant as (select app_public.current_tenant_id() as id)
  select json_build_object(
    'affinity', (
      select coalesce(json_agg(json_build_array(a.material_id, a.partner_id, a.confidence)), '[]')
        from (select s.material_id, s.partner_id, s.confidence,
                     row_number() over (partition by s.material_id order by s.confidence desc, s.partner_id) as rank
                from app_private.sku_affinity s
               where s.tenant_id = (select id from tenant) and s.material_id = any(p_material_ids) and s.lift > 1) a
       where a.rank <= 10),
    'congestion', (
      select json_object_agg(c.aisle, c.congestion)
        from app_private.aisle_congestion_runs r
        join app_private.aisle_congestion c on c.tenant_id = r.tenant_id and c.facility_id = r.facility_id
       where r.tenant_id = (select id from tenant) and r.facility_id = p_facility_id
         and r.computed_at > now() - interval '15 minutes'),
    'congestionFresh', exists (
      select from app_private.aisle_congestion_runs r
       where r.tenant_id = (select id from tenant) and r.facility_id = p_facility_id
         and r.computed_at > now() - interval '15 minutes'),
    'model', (
      select json_build_object('version', w.model_version, 'weights', w.weights)
        from app_public.ml_model_weights w
       where w.tenant_id = (select id from tenant) and w.is_active and w.deleted_at is null),
    'slotShares', (
      select json_object_agg(s.material_id, s.slot_share)
        from app_private.material_slotting s
       where s.tenant_id = (select id from tenant) and s.facility_id = p_facility_id
         and s.material_id = any(p_material_ids))
  );
$$;

--
-- Name: FUNCTION putaway_factor_data(p_facility_id uuid, p_material_ids uuid[]); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.putaway_factor_data(p_facility_id uuid, p_material_ids uuid[]) IS 'Affinity partners, fresh aisle congestion, the active confidence model and the adaptive slot shares at the facility of the current tenant, for a batch''s materials.';

--
-- Name: putaway_layout_json(uuid, uuid); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.putaway_layout_json(p_tenant_id uuid, p_facility_id uuid) RETURNS json
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select json_build_object(
    'ids', coalesce(json_agg(l.location_id order by l.pick_sequence, l.code), '[]'),
    'codes', coalesce(json_agg(l.code order by l.pick_sequence, l.code), '[]'),
    'zoneTypes', coalesce(json_agg(z.zone_type order by l.pick_sequence, l.code), '[]'),
    'aisles', coalesce(json_agg(l.aisle order by l.pick_sequence, l.code), '[]'),
    'x', coalesce(json_agg(l.x_ft order by l.pick_sequence, l.code), '[]'),
    'y', coalesce(json_agg(l.y_ft order by l.pick_sequence, l.code), '[]'),
    'pickSequence', coalesce(json_agg(l.pick_sequence order by l.pick_sequence, l.code), '[]'),
    'inner', coalesce(json_agg(json_build_array(l.inner_length_in, l.inner_width_in, l.inner_height_in)
                               order by l.pick_sequence, l.code), '[]'),
    'maxCubic', coalesce(json_agg((l.max_cubic_feet * 10000)::bigint order by l.pick_sequence, l.code), '[]'),
    'maxWeight', coalesce(json_agg((l.max_weight_lbs * 1000)::bigint order by l.pick_sequence, l.code), '[]'),
    'abc', coalesce(json_agg(l.allowed_abc_classes order by l.pick_sequence, l.code), '[]'),
    'temperature', coalesce(json_agg(l.temperature_class order by l.pick_sequence, l.code), '[]'),
    'hazmat', coalesce(json_agg(l.hazmat_allowed order by l.pick_sequence, l.code), '[]'),
    'mixing', coalesce(json_agg(l.mixing_rule order by l.pick_sequence, l.code), '[]'),
    'dock', (select json_build_array(f.dock_x_ft, f.dock_y_ft) from app_public.facilities f
              where f.tenant_id = p_tenant_id and f.facility_id = p_facility_id))
  from app_public.locations l
  join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
  where l.tenant_id = p_tenant_id and l.facility_id = p_facility_id
    and l.deleted_at is null and z.deleted_at is null and l.is_active and not l.is_blocked;
$$;

--
-- Name: FUNCTION putaway_layout_json(p_tenant_id uuid, p_facility_id uuid); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.putaway_layout_json(p_tenant_id uuid, p_facility_id uuid) IS 'The usable locations of a facility, column by column, in pick-sequence order: the engine''s cached layout.';

--
-- Name: putaway_snapshot(uuid, uuid[], bigint, xid8, interval, pg_snapshot); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.putaway_snapshot(p_facility_id uuid, p_material_ids uuid[], p_layout_version bigint, p_since xid8, p_cross_dock_horizon interval, p_seen pg_snapshot DEFAULT NULL::pg_snapshot) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_version bigint;
  v_reload boolean;
  v_snapshot pg_snapshot := pg_current_snapshot();
  v_own xid8 := pg_current_xact_id_if_assigned();
begin
  -- A transaction that has written already (a reservation's earlier attempt, rolled back to its savepoint,
  -- keeps its id) is not in its own snapshot's list of running transactions, so the snapshot would call what
  -- it writes next visible, and the caller's next read would skip those rows. Its id goes into the list, when
  -- the snapshot would see it at all (an id at or past xmax already counts as unseen, and may not be listed).
  if v_own is not null and pg_visible_in_snapshot(v_own, v_snapshot) then
    v_snapshot := format('%s:%s:%s', least(pg_snapshot_xmin(v_snapshot), v_own), pg_snapshot_xmax(v_snapshot),
                         (select string_agg(s.x::text, ',' order by s.x)
                            from (select x from pg_snapshot_xip(v_snapshot) x union select v_own) s(x)))::pg_snapshot;
  end if;
  select v.version into v_version
    from app_private.facility_layout_versions v
    join app_public.facilities f on f.tenant_id = v.tenant_id and f.facility_id = v.facility_id
   where v.tenant_id = v_tenant_id and v.facility_id = p_facility_id and f.deleted_at is null;
  if v_version is null then
    raise exception 'There is no facility % in your tenant', p_facility_id using errcode = 'NOTFD';
  end if;
  v_reload := p_layout_version is distinct from v_version;
  return json_build_object(
    'layoutVersion', v_version,
    'xmin', pg_snapshot_xmin(v_snapshot)::text,
    'snapshot', v_snapshot::text,
    'layout', case when v_reload then app_hidden.putaway_layout_json(v_tenant_id, p_facility_id) end,
    'occupancy', (
      select coalesce(json_agg(json_build_array(
               o.location_id, o.version, (o.cubic_feet_on_hand * 10000)::bigint,
               (o.weight_lbs_on_hand * 1000)::bigint, (o.cubic_feet_reserved * 10000)::bigint,
               (o.weight_lbs_reserved * 1000)::bigint,
               (select coalesce(json_agg(json_build_array(x.material_id, x.lot_number, x.expiry_date)), '[]')
                  from (select lot.material_id, lot.lot_number, lot.expiry_date from app_public.lots lot
                         where lot.tenant_id = o.tenant_id and lot.location_id = o.location_id
                           and lot.quantity_on_hand > 0
                        union
                        select p.material_id, coalesce(p.lot_number, ''), null from app_public.putaway_recommendations p
                         where p.tenant_id = o.tenant_id and p.location_id = o.location_id and p.status = 'PENDING'
                        union
                        select t.material_id, t.lot_number, null from app_public.move_tasks t
                         where t.tenant_id = o.tenant_id and t.to_location_id = o.location_id and t.status = 'OPEN') x))),
             '[]')
        from app_private.location_occupancy o
       where o.tenant_id = v_tenant_id and o.facility_id = p_facility_id
         and (v_reload or p_since is null
              or (o.changed_xid >= p_since and (p_seen is null or not pg_visible_in_snapshot(o.changed_xid, p_seen))))),
    'materials', (
      select coalesce(json_agg(json_build_object(
               'id', m.material_id, 'code', m.code, 'dims', json_build_array(m.unit_length_in, m.unit_width_in, m.unit_height_in),
               'unitCubicFeet', m.unit_cubic_feet, 'unitWeightLbs', m.unit_weight_lbs, 'abc', m.abc_class,
               'temperature', m.temperature_requirement, 'hazmat', m.hazmat_class is not null)), '[]')
        from app_public.materials m
       where m.tenant_id = v_tenant_id and m.material_id = any(p_material_ids) and m.deleted_at is null),
    'demand', (
      select coalesce(json_agg(json_build_array(d.material_id, d.quantity, d.due_at)), '[]')
        from (select ol.material_id, sum(ol.quantity) as quantity, min(ol.due_at) as due_at
                from app_public.outbound_order_lines ol
                join app_public.outbound_orders o on o.tenant_id = ol.tenant_id and o.outbound_order_id = ol.outbound_order_id
               where ol.tenant_id = v_tenant_id and o.facility_id = p_facility_id
                 and ol.material_id = any(p_material_ids)
                 and ol.status in ('OPEN', 'ALLOCATED') and o.status in ('OPEN', 'RELEASED')
                 and ol.deleted_at is null and o.deleted_at is null
                 and ol.due_at <= now() + p_cross_dock_horizon
               group by ol.material_id) d)
  );
end;
$$;

--
-- Name: FUNCTION putaway_snapshot(p_facility_id uuid, p_material_ids uuid[], p_layout_version bigint, p_since xid8, p_cross_dock_horizon interval, p_seen pg_snapshot); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.putaway_snapshot(p_facility_id uuid, p_material_ids uuid[], p_layout_version bigint, p_since xid8, p_cross_dock_horizon interval, p_seen pg_snapshot) IS 'The engine''s input for one request: layout version (and layout when stale), occupancy changed since the caller''s last read (occupants: lots, PENDING recommendations, OPEN move tasks), materials, demand.';

--
-- Name: record_putaway_idempotency(text, text, jsonb, jsonb, interval); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.record_putaway_idempotency(p_key text, p_operation text, p_request jsonb, p_response jsonb, p_keep interval) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Expired keys of the tenant go first: a key used again after expiry is a new key.
  delete from app_private.putaway_idempotency_keys k
   where k.tenant_id = app_public.current_tenant_id() and k.expires_at <= now();
  insert into app_private.putaway_idempotency_keys (tenant_id, idempotency_key, operation, request_hash, response,
    expires_at)
  values (app_public.current_tenant_id(), p_key, p_operation, sha256(convert_to(p_request::text, 'UTF8')), p_response,
    now() + p_keep);
$$;

--
-- Name: FUNCTION record_putaway_idempotency(p_key text, p_operation text, p_request jsonb, p_response jsonb, p_keep interval); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.record_putaway_idempotency(p_key text, p_operation text, p_request jsonb, p_response jsonb, p_keep interval) IS 'Stores the answer to an idempotency key (claimed first in the same transaction) for p_keep.';

--
-- Name: reserve_putaway(uuid, app_public.putaway_algorithm, json, interval, uuid, numeric); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.reserve_putaway(p_facility_id uuid, p_algorithm app_public.putaway_algorithm, p_rows json, p_ttl interval, p_batch_id uuid, p_processing_time_ms numeric) RETURNS TABLE(ordinal integer, recommendation_id uuid, expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_stale text;
  v_mixed text;
begin
  if v_tenant_id is null then
    raise exception 'Reserving capacity needs a tenant' using errcode = 'DENY1';
  end if;
  -- The planned locations' rows are locked FOR KEY SHARE (what the recommendations' foreign key takes anyway),
  -- in key order, before they are checked: a deletion of one of them running at the same time (FOR UPDATE,
  -- 0822) then either waits for this reservation and refuses, or is seen by the check.
  perform 1 from app_public.locations l
   where l.tenant_id = v_tenant_id
     and l.location_id in (select r.location_id from json_to_recordset(p_rows) as r(location_id uuid))
   order by l.location_id
     for key share;
  select r.location_id::text into v_stale
    from json_to_recordset(p_rows) as r(location_id uuid)
    left join app_public.locations l
      on l.tenant_id = v_tenant_id and l.facility_id = p_facility_id and l.location_id = r.location_id
     and l.deleted_at is null and l.is_active and not l.is_blocked
   where l.location_id is null
   limit 1;
  if v_stale is not null then
    raise exception 'Location % is no longer available for putaway', v_stale using errcode = 'STALE';
  end if;
  -- Reservations of one facility run side by side. Those that share a location meet here: its occupancy row is
  -- locked, in key order (the order change_location_reservations and every stock movement take), so the
  -- second waits for the first to commit. What it then reads is current: room is checked when the trigger adds
  -- the reservation (CAPAC), and mixing, the one rule that depends on what else is reserved, just below.
  perform 1 from app_private.location_occupancy o
   where o.tenant_id = v_tenant_id
     and o.location_id in (select r.location_id from json_to_recordset(p_rows) as r(location_id uuid))
   order by o.tenant_id, o.location_id
     for update;
  v_mixed := app_hidden.first_mixing_conflict(v_tenant_id, p_rows);
  if v_mixed is not null then
    raise exception 'Location % now holds or expects other stock', v_mixed using errcode = 'STALE';
  end if;
  return query
  with input as (
    select *
      from rows from (json_to_recordset(p_rows) as (
        location_id uuid, material_id uuid, quantity numeric, lot_number text, cubic_units bigint,
        weight_units bigint, confidence numeric, reason text, utilization numeric, cross_dock boolean,
        affinity numeric, factors jsonb)) with ordinality as r(
        location_id, material_id, quantity, lot_number, cubic_units, weight_units, confidence, reason,
        utilization, cross_dock, affinity, factors, ord)
  ), numbered as materialized (
    -- Ids first, in the order of insertion, so that each input row knows its recommendation.
    select i.*, public.uuid_generate_v7() as id from input i order by i.location_id, i.ord
  ), inserted as (
    insert into app_public.putaway_recommendations (
      tenant_id, recommendation_id, facility_id, material_id, location_id, quantity, lot_number, cubic_feet,
      weight_lbs, algorithm, confidence_score, reason_code, estimated_utilization, cross_dock_candidate,
      sku_affinity_score, status, expires_at, batch_id, processing_time_ms, factors, created_by, updated_by)
    select v_tenant_id, n.id, p_facility_id, n.material_id, n.location_id, n.quantity, n.lot_number,
           app_hidden.room_cubic_feet(n.quantity, n.cubic_units / 10000.0 / n.quantity, m.unit_cubic_feet),
           app_hidden.room_weight_lbs(n.quantity, n.weight_units / 1000.0 / n.quantity, m.unit_weight_lbs),
           p_algorithm, round(n.confidence, 3), n.reason,
           round(n.utilization, 4), n.cross_dock, round(n.affinity, 3), 'PENDING', now() + p_ttl, p_batch_id,
           p_processing_time_ms, coalesce(n.factors, '{}'), app_public.current_user_id(),
           app_public.current_user_id()
      from numbered n
      -- One index lookup per row (offset 0 keeps the planner from turning it into a join that reads the
      -- tenant's whole catalog).
      left join lateral (select m.unit_cubic_feet, m.unit_weight_lbs from app_public.materials m
                          where m.tenant_id = v_tenant_id and m.material_id = n.material_id offset 0) m on true
     order by n.location_id, n.ord
    returning putaway_recommendations.recommendation_id as id, putaway_recommendations.expires_at
  )
  select n.ord::integer, ins.id, ins.expires_at
    from numbered n join inserted ins on ins.id = n.id
   order by n.ord;
end;
$$;

--
-- Name: FUNCTION reserve_putaway(p_facility_id uuid, p_algorithm app_public.putaway_algorithm, p_rows json, p_ttl interval, p_batch_id uuid, p_processing_time_ms numeric); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.reserve_putaway(p_facility_id uuid, p_algorithm app_public.putaway_algorithm, p_rows json, p_ttl interval, p_batch_id uuid, p_processing_time_ms numeric) IS 'Writes a planned batch as PENDING recommendations (reserving their room, never less than master data says), its locations'' occupancy locked in key order; CAPAC (no room), or STALE (a location archived, blocked, or holding other stock where it may hold one material or lot) when the plan is out of date.';

--
-- Name: reslotting_input(uuid); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.reslotting_input(p_facility_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
begin
  perform from app_public.facilities f
   where f.tenant_id = v_tenant_id and f.facility_id = p_facility_id and f.deleted_at is null;
  if not found then
    raise exception 'There is no facility % in your tenant', p_facility_id using errcode = 'NOTFD';
  end if;
  return (
    with tasked as (
      -- Stock that live move tasks take away already is not the planner's to move again.
      select t.from_location_id, t.material_id, t.lot_number, sum(t.quantity) as quantity
        from app_public.move_tasks t
       where t.tenant_id = v_tenant_id and t.facility_id = p_facility_id and t.status in ('OPEN', 'WAITING')
       group by t.from_location_id, t.material_id, t.lot_number
    ), free_stock as (
      select lot.location_id, lot.material_id, lot.lot_number, lot.quantity_on_hand - coalesce(k.quantity, 0) as quantity,
             lot.expiry_date, lot.unit_cubic_feet, lot.unit_weight_lbs, m.unit_cubic_feet as master_cubic,
             m.unit_weight_lbs as master_weight
        from app_public.lots lot
        join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
        left join tasked k on k.from_location_id = lot.location_id and k.material_id = lot.material_id
                          and k.lot_number = lot.lot_number
       where lot.tenant_id = v_tenant_id and lot.facility_id = p_facility_id and lot.quantity_on_hand > 0
         and lot.deleted_at is null
    ), stock as materialized (
      select f.location_id, f.material_id, f.lot_number, f.quantity as quantity_on_hand, f.expiry_date,
             (app_hidden.room_cubic_feet(f.quantity, f.unit_cubic_feet, f.master_cubic) * 10000)::bigint as cubic_units,
             (app_hidden.room_weight_lbs(f.quantity, f.unit_weight_lbs, f.master_weight) * 1000)::bigint as weight_units
        from free_stock f
       where f.quantity > 0
    )
    select json_build_object(
      'layout', app_hidden.putaway_layout_json(v_tenant_id, p_facility_id),
      'occupancy', (
        select coalesce(json_agg(json_build_array(
                 o.location_id, ((o.cubic_feet_on_hand + o.cubic_feet_reserved) * 10000)::bigint,
                 ((o.weight_lbs_on_hand + o.weight_lbs_reserved) * 1000)::bigint)), '[]')
          from app_private.location_occupancy o
         where o.tenant_id = v_tenant_id and o.facility_id = p_facility_id),
      'reserved', (
        select coalesce(json_agg(json_build_array(x.location_id, x.material_id, x.lot_number)), '[]')
          from (select p.location_id, p.material_id, coalesce(p.lot_number, '') as lot_number
                  from app_public.putaway_recommendations p
                 where p.tenant_id = v_tenant_id and p.facility_id = p_facility_id and p.status = 'PENDING'
                union
                select t.to_location_id, t.material_id, t.lot_number
                  from app_public.move_tasks t
                 where t.tenant_id = v_tenant_id and t.facility_id = p_facility_id and t.status = 'OPEN') x),
      'lots', (
        select coalesce(json_agg(json_build_array(s.location_id, s.material_id, s.lot_number, s.quantity_on_hand,
                                                  s.cubic_units, s.weight_units, s.expiry_date)
                                 order by s.location_id, s.material_id, s.lot_number), '[]')
          from stock s),
      'materials', (
        -- One key lookup per material in stock.
        select coalesce(json_agg(json_build_object(
                 'id', m.material_id, 'code', m.code,
                 'dims', json_build_array(m.unit_length_in, m.unit_width_in, m.unit_height_in),
                 'unitCubicFeet', m.unit_cubic_feet, 'unitWeightLbs', m.unit_weight_lbs, 'abc', m.abc_class,
                 'temperature', m.temperature_requirement, 'hazmat', m.hazmat_class is not null)), '[]')
          from (select distinct s.material_id from stock s) x
          cross join lateral (select * from app_public.materials m
                               where m.tenant_id = v_tenant_id and m.material_id = x.material_id offset 0) m),
      'picks', (
        select coalesce(json_agg(json_build_array(d.material_id, d.picks_per_day)), '[]')
          from (select coalesce(s.material_id, p.material_id) as material_id,
                       coalesce(s.picks_per_day, p.lines / 30.0) as picks_per_day
                  from (select ms.material_id, ms.picks_per_day from app_private.material_slotting ms
                         where ms.tenant_id = v_tenant_id and ms.facility_id = p_facility_id) s
                  full join (select t.material_id, count(*) as lines from app_public.inventory_transactions t
                              where t.tenant_id = v_tenant_id and t.facility_id = p_facility_id
                                and t.transaction_type = 'PICK' and t.occurred_at > now() - interval '30 days'
                              group by t.material_id) p on p.material_id = s.material_id) d
         where d.picks_per_day > 0)
    )
  );
end;
$$;

--
-- Name: FUNCTION reslotting_input(p_facility_id uuid); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.reslotting_input(p_facility_id uuid) IS 'The re-slotting planner''s input for a facility of the request''s tenant: layout, room, open reservations, lots, materials, pick lines per day. NOTFD for a facility that does not exist in the tenant.';

--
-- Name: room_cubic_feet(numeric, numeric, numeric); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.room_cubic_feet(p_quantity numeric, p_unit_cubic_feet numeric, p_master_unit_cubic_feet numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select round(p_quantity * coalesce(greatest(p_unit_cubic_feet, p_master_unit_cubic_feet), 0), 4);
$$;

--
-- Name: FUNCTION room_cubic_feet(p_quantity numeric, p_unit_cubic_feet numeric, p_master_unit_cubic_feet numeric); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.room_cubic_feet(p_quantity numeric, p_unit_cubic_feet numeric, p_master_unit_cubic_feet numeric) IS 'Cubic feet p_quantity units take: quantity × the larger of the declared and the master-data unit size (either may be null; 0 with neither), rounded to 4 decimals. The one rule for reserved and stored room.';

--
-- Name: room_weight_lbs(numeric, numeric, numeric); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.room_weight_lbs(p_quantity numeric, p_unit_weight_lbs numeric, p_master_unit_weight_lbs numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select round(p_quantity * coalesce(greatest(p_unit_weight_lbs, p_master_unit_weight_lbs), 0), 3);
$$;

--
-- Name: FUNCTION room_weight_lbs(p_quantity numeric, p_unit_weight_lbs numeric, p_master_unit_weight_lbs numeric); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.room_weight_lbs(p_quantity numeric, p_unit_weight_lbs numeric, p_master_unit_weight_lbs numeric) IS 'Pounds p_quantity units weigh: quantity × the larger of the declared and the master-data unit weight (either may be null; 0 with neither), rounded to 3 decimals. The one rule for reserved and stored weight.';

--
-- Name: stat_check_array(double precision[], text); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_check_array(p_values double precision[], p_context text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  if array_ndims(p_values) > 1 then
    raise exception '%: the array must be one-dimensional (got % dimensions)', p_context, array_ndims(p_values)
      using errcode = 'INVAL';
  end if;
  if exists (select 1 from unnest(p_values) as u(v) where u.v in ('NaN'::float8, 'Infinity', '-Infinity')) then
    raise exception '%: NaN and infinite values are not allowed', p_context using errcode = 'INVAL';
  end if;
end;
$$;

--
-- Name: FUNCTION stat_check_array(p_values double precision[], p_context text); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_check_array(p_values double precision[], p_context text) IS 'Raises ''INVAL'' (message prefixed with p_context, e.g. ''stat_describe(values)'') when the array has more than one dimension or holds NaN or +/-Infinity; NULL elements are fine (the callers ignore them). NULL arguments do nothing.';

--
-- Name: stat_correlation_coefficient(double precision, double precision, double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_correlation_coefficient(p_covariance double precision, p_variance_x double precision, p_variance_y double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select case when abs(v.r) >= 1 - 1e-15 then sign(v.r) else v.r end
    from (select case when p_variance_x between 1e-150 and 1e150 and p_variance_y between 1e-150 and 1e150
                      then p_covariance / sqrt(p_variance_x * p_variance_y)
                      else p_covariance / sqrt(p_variance_x) / sqrt(p_variance_y) end as r) as v
$$;

--
-- Name: FUNCTION stat_correlation_coefficient(p_covariance double precision, p_variance_x double precision, p_variance_y double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_correlation_coefficient(p_covariance double precision, p_variance_x double precision, p_variance_y double precision) IS 'Pearson''s r = cov / sqrt(var_x var_y) from a covariance and two positive variances (the caller handles zero variance). sqrt of the product where it cannot overflow or underflow, so that exactly collinear data give exactly +/-1; |r| within 1e-15 of 1 (collinear up to rounding) is returned as +/-1, so that a perfect correlation gets p = 0. NULL gives NULL.';

--
-- Name: stat_correlation_p_value(double precision, integer); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_correlation_p_value(p_r double precision, p_n integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select case when p_n < 3 then null
              when abs(p_r) >= 1 then 0::float8
              else 2 * app_public.stat_t_sf(abs(p_r) * sqrt((p_n - 2) / ((1 - p_r) * (1 + p_r))), p_n - 2) end
$$;

--
-- Name: FUNCTION stat_correlation_p_value(p_r double precision, p_n integer); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_correlation_p_value(p_r double precision, p_n integer) IS 'Two-sided p-value of a correlation coefficient r from n pairs under the null of no correlation: t = r sqrt((n - 2) / (1 - r^2)) with n - 2 degrees of freedom (the same test as the slope of a simple linear regression). n < 3: NULL; |r| = 1: 0. NULL gives NULL.';

--
-- Name: stat_expm1(double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_expm1(p_x double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select case when p_x < -40 then -1::float8
              when exp(p_x) = 1 then p_x
              else (exp(p_x) - 1) * (p_x / ln(exp(p_x))) end
$$;

--
-- Name: FUNCTION stat_expm1(p_x double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_expm1(p_x double precision) IS 'exp(x) - 1 without cancellation for small x; x < 709.78 (exp overflows beyond). NULL gives NULL. Method: with u = exp(x) rounded, (u - 1) * x / ln(u) (Kahan''s correction, the counterpart of Goldberg theorem 4); -1 for x < -40, where exp(x) is below half an ulp of 1.';

--
-- Name: stat_incomplete_beta(double precision, double precision, double precision, boolean, double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_incomplete_beta(p_a double precision, p_b double precision, p_x double precision, p_upper boolean DEFAULT false, p_y double precision DEFAULT NULL::double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tiny constant float8 := 1e-300;
  v_y float8;
  v_ln_x float8;
  v_ln_y float8;
  v_ln_front float8;
  v_swap boolean;
  v_p float8;
  v_q float8;
  v_z float8;
  v_c float8;
  v_d float8;
  v_h float8;
  v_aa float8;
  v_delta float8;
  v_m integer := 0;
  v_direct float8;
  v_lower float8;
  v_upper float8;
  v_big_a boolean;
  v_big_t float8;
  v_u float8;
  v_direct_side boolean;
  v_coef float8[];
  v_sum float8;
  v_factor float8;
  v_g float8;
begin
  if p_a is null or p_b is null or p_x is null or p_upper is null then
    return null;
  end if;
  if p_a = 'NaN' or p_b = 'NaN' or p_a <= 0 or p_b <= 0 or p_a = 'Infinity' or p_b = 'Infinity' then
    raise exception 'stat_incomplete_beta: a and b must be finite and > 0 (got %, %)', p_a, p_b
      using errcode = 'INVAL';
  end if;
  v_y := coalesce(p_y, 1 - p_x);
  if p_x = 'NaN' or v_y = 'NaN' or p_x < 0 or p_x > 1 or v_y < 0 or v_y > 1 then
    raise exception 'stat_incomplete_beta: x and 1 - x must lie in [0, 1] (got %, %)', p_x, v_y
      using errcode = 'INVAL';
  end if;
  if p_x = 0 then
    return case when p_upper then 1 else 0 end;
  end if;
  if v_y = 0 then
    return case when p_upper then 0 else 1 end;
  end if;
  -- ln(x^a y^b / B(a, b)), with ln x taken from y when x is close to 1 and vice versa.
  v_ln_x := case when p_x <= 0.5 then ln(p_x) else app_hidden.stat_log1p(-v_y) end;
  v_ln_y := case when v_y <= 0.5 then ln(v_y) else app_hidden.stat_log1p(-p_x) end;
  -- (terms below 1e-300 are dropped: they cannot matter, and PostgreSQL raises on a product that underflows)
  v_ln_front := case when v_ln_x = 0 or ln(p_a) + ln(abs(v_ln_x)) < -690 then 0 else p_a * v_ln_x end
                + case when v_ln_y = 0 or ln(p_b) + ln(abs(v_ln_y)) < -690 then 0 else p_b * v_ln_y end
                - app_hidden.stat_log_beta(p_a, p_b);
  if greatest(p_a, p_b) >= 1e4 and least(p_a, p_b) <= 1 then
    -- One parameter large (p), the other small (q): with t = e^-w in the integral,
    -- (1 - e^-w)^(q-1) = w^(q-1) e^(-(q-1) w / 2) (sinh(w/2) / (w/2))^(q-1) and T = p + (q - 1)/2,
    -- I_z(p, q) = Gamma(q) / (B(p, q) T^q) sum_k c_k (q)_2k T^-2k Q(q + 2k, u), u = -T ln z, and
    -- 1 - I_z(p, q) the same with P(q + 2k, u); c_k are the Taylor coefficients of (sinh(w/2) / (w/2))^(q-1)
    -- in w^2 (the large-a expansion of DiDonato and Morris 1992, BGRAT, and Temme 1996, 11.3.3; derived
    -- here, four terms, error below 1e-13 for p >= 1e4). The continued fraction loses ~1e-16 p there.
    v_big_a := p_a >= p_b;
    v_p := greatest(p_a, p_b);
    v_q := least(p_a, p_b);
    v_big_t := v_p + (v_q - 1) / 2;
    v_u := -v_big_t * case when v_big_a then v_ln_x else v_ln_y end;
    v_direct_side := p_upper <> v_big_a;  -- I_z(p, q) is the lower tail when a is the large parameter
    v_coef := array[1, (v_q - 1) / 24, (v_q - 1) * (5 * v_q - 7) / 5760,
                    (v_q - 1) / 181440 - (v_q - 1) ^ 2 / 69120 + (v_q - 1) ^ 3 / 82944];
    v_sum := 0;
    v_factor := 1;  -- (q)_2k / T^2k
    for v_k in 0..3 loop
      exit when v_k > 0 and v_big_t > 1e30;  -- later terms below 1e-60 of the first
      if v_k > 0 then
        v_factor := v_factor * (v_q + 2 * v_k - 2) * (v_q + 2 * v_k - 1) / v_big_t / v_big_t;
      end if;
      v_g := app_hidden.stat_incomplete_gamma(v_q + 2 * v_k, v_u, v_direct_side);
      if v_g > 0 and v_coef[v_k + 1] <> 0
         and ln(abs(v_coef[v_k + 1])) + ln(v_factor) + ln(v_g) > -745 then
        v_sum := v_sum + sign(v_coef[v_k + 1]) * exp(ln(abs(v_coef[v_k + 1])) + ln(v_factor) + ln(v_g));
      end if;
    end loop;
    v_direct := v_sum * exp(app_hidden.stat_log_gamma(v_q) - app_hidden.stat_log_beta(v_p, v_q)
                            - v_q * ln(v_big_t));
    return greatest(0, least(1, v_direct));
  end if;
  -- The continued fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use
  -- I_x(a, b) = 1 - I_y(b, a).
  v_swap := p_x >= (p_a + 1) / (p_a + p_b + 2);
  v_p := case when v_swap then p_b else p_a end;
  v_q := case when v_swap then p_a else p_b end;
  v_z := case when v_swap then v_y else p_x end;
  -- Continued fraction I_z(p, q) = z^p (1-z)^q / (p B(p, q)) / (1 + d1 / (1 + d2 / (1 + ...))),
  -- d(2m+1) = -(p + m)(p + q + m) z / ((p + 2m)(p + 2m + 1)), d(2m) = m (q - m) z / ((p + 2m - 1)(p + 2m)),
  -- modified Lentz method (Numerical Recipes, 3rd ed., 6.4).
  v_c := 1;
  -- 1 - (p + q) z / (p + 1); for z close to 1 written with 1 - z, which does not cancel there.
  v_d := case when v_z <= 0.5 then 1 - (v_p + v_q) * v_z / (v_p + 1)
              else (1 - v_q + (v_p + v_q) * (case when v_swap then p_x else v_y end)) / (v_p + 1) end;
  if abs(v_d) < v_tiny then v_d := v_tiny; end if;
  v_d := 1 / v_d;
  v_h := v_d;
  loop
    v_m := v_m + 1;
    v_aa := v_m * (v_q - v_m) * v_z / ((v_p + 2 * v_m - 1) * (v_p + 2 * v_m));
    v_d := 1 + v_aa * v_d;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := 1 + v_aa / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_h := v_h * v_d * v_c;
    v_aa := -(v_p + v_m) * (v_p + v_q + v_m) * v_z / ((v_p + 2 * v_m) * (v_p + 2 * v_m + 1));
    v_d := 1 + v_aa * v_d;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := 1 + v_aa / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_delta := v_d * v_c;
    v_h := v_h * v_delta;
    exit when abs(v_delta - 1) < 1e-16 or v_m >= 100000;
  end loop;
  v_direct := case when v_ln_front - ln(v_p) + ln(v_h) < -745 then 0
                   else exp(v_ln_front - ln(v_p) + ln(v_h)) end;
  v_lower := case when v_swap then 1 - v_direct else v_direct end;
  v_upper := case when v_swap then v_direct else 1 - v_direct end;
  return greatest(0, least(1, case when p_upper then v_upper else v_lower end));
end;
$$;

--
-- Name: FUNCTION stat_incomplete_beta(p_a double precision, p_b double precision, p_x double precision, p_upper boolean, p_y double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_incomplete_beta(p_a double precision, p_b double precision, p_x double precision, p_upper boolean, p_y double precision) IS 'Regularized incomplete beta function I_x(a, b), or 1 - I_x(a, b) = I_(1-x)(b, a) when p_upper is true, the smaller of the two computed directly. a, b finite > 0, x in [0, 1] (''INVAL'' otherwise). p_y, if given, is 1 - x computed by the caller without cancellation (e.g. t^2 / (df + t^2)); NULL means 1 - x. NULL a, b, x or p_upper gives NULL. Method: the continued fraction for I_x(a, b) with the symmetry switch at x = (a + 1) / (a + b + 2), modified Lentz method (Numerical Recipes, 3rd ed., 6.4); prefactor x^a (1 - x)^b / (a B(a, b)) in log space with app_hidden.stat_log_beta. When one parameter is >= 1e4 and the other <= 1 (the t distribution with df >= 2e4), the large-parameter expansion in incomplete gamma functions (DiDonato and Morris 1992, BGRAT; Temme 1996, 11.3.3), four terms. Relative error about 1e-13 when min(a, b) <= 1 (all uses here have b = 1/2); with both parameters large it degrades like 1e-16 a.';

--
-- Name: stat_incomplete_gamma(double precision, double precision, boolean); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_incomplete_gamma(p_a double precision, p_x double precision, p_upper boolean DEFAULT false) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_tiny constant float8 := 1e-300;
  -- Temme's coefficients c0, c1, c2 of the uniform expansion as Taylor series in eta (derived from
  -- eta^2 / 2 = mu - ln(1 + mu) by series reversion; c0(0) = -1/3, c1(0) = -1/540, c2(0) = 25/6048).
  v_c0 constant float8[] := array[
    -0.33333333333333333333, 0.083333333333333333333, -0.014814814814814814815, 0.0011574074074074074074,
    0.00035273368606701940035, -0.00017875514403292181070, 0.000039192631785224377817,
    -0.0000021854485106799921615, -0.0000018540622107151599607, 8.2967113409530869936e-7,
    -1.7665952736826078e-7, 6.707853543401498e-9, 1.0261809784240309e-8, -4.382036018453353e-9,
    9.14769958223679e-10, -2.5514193994946248e-11, -5.830772132550426e-11, 2.4361948020667415e-11,
    -5.0276692801141755e-12, 1.1004392031956135e-13, 3.371763262400985e-13, -1.392388722418162e-13,
    2.8534893807047445e-14, -5.139111834242572e-16];
  v_c1 constant float8[] := array[
    -0.0018518518518518518519, -0.0034722222222222222222, 0.0026455026455026455026,
    -0.00099022633744855967078, 0.00020576131687242798354, -4.0187757201646090535e-7,
    -0.000018098550334489977837, 7.64916091608111e-6, -1.6120900894563446e-6, 4.647127802807434e-9,
    1.378633446915721e-7, -5.752545603517705e-8, 1.1951628599778148e-8, -1.7543241719747647e-11,
    -1.0091543710600413e-9, 4.162792991842583e-10, -8.56390702649298e-11, 6.067215101604758e-14,
    7.1624989648114856e-12, -2.933186643771437e-12, 5.996696365683689e-13, -2.1671786527323313e-16];
  v_c2 constant float8[] := array[
    0.0041335978835978835979, -0.0026813271604938271605, 0.00077160493827160493827,
    2.0093878600823045267e-6, -0.00010736653226365160, 0.000052923448829120125, -0.000012760635188618728,
    3.423578734096138e-8, 1.3721957309062934e-6, -6.298992138380055e-7, 1.4280614206064242e-7,
    -2.0477098421990866e-10, -1.409252991086752e-8, 6.228974084922022e-9, -1.3670488396617114e-9,
    9.428356159014678e-13, 1.2872252400089318e-10, -5.5645956134363323e-11, 1.197593554636698e-11,
    -4.1689782251838634e-15];
  v_lower float8;
  v_upper float8;
  v_mu float8;
  v_phi float8;
  v_pow float8;
  v_term float8;
  v_sum float8;
  v_eta float8;
  v_a0 float8;
  v_a1 float8;
  v_a2 float8;
  v_c float8;
  v_r float8;
  v_ln_pre float8;
  v_b float8;
  v_d float8;
  v_an float8;
  v_h float8;
  v_delta float8;
  v_a_ln_x float8;
  v_n integer;
begin
  if p_a = 'NaN' or p_a <= 0 or p_a = 'Infinity' then
    raise exception 'stat_incomplete_gamma: a must be finite and > 0 (got %)', p_a using errcode = 'INVAL';
  end if;
  if p_x = 'NaN' or p_x < 0 then
    raise exception 'stat_incomplete_gamma: x must be >= 0 (got %)', p_x using errcode = 'INVAL';
  end if;
  if p_x = 0 then
    return case when p_upper then 1 else 0 end;
  end if;
  if p_x = 'Infinity' then
    return case when p_upper then 0 else 1 end;
  end if;
  -- a ln x, 0 when it is below 1e-300 (PostgreSQL raises on a product that underflows; tiny a only).
  v_a_ln_x := case when p_x = 1 or ln(p_a) + ln(abs(ln(p_x))) < -690 then 0 else p_a * ln(p_x) end;

  if p_a >= 10 then
    -- phi(mu) = mu - ln(1 + mu), mu = x/a - 1; series for small |mu| where the difference cancels.
    v_mu := (p_x - p_a) / p_a;
    if v_mu = 0 then
      v_phi := 0;
    elsif abs(v_mu) < 0.1 then
      v_phi := 0;
      v_pow := v_mu * v_mu;
      v_n := 2;
      loop
        v_term := v_pow / v_n;
        v_phi := v_phi + case when v_n % 2 = 0 then v_term else -v_term end;
        exit when abs(v_term) < 1e-17 * v_phi;
        v_pow := v_pow * v_mu;
        v_n := v_n + 1;
      end loop;
    elsif v_mu < -0.5 then
      v_phi := v_mu - (ln(p_x) - ln(p_a));
    else
      v_phi := v_mu - app_hidden.stat_log1p(v_mu);
    end if;
  end if;

  if p_a >= 500 then
    -- Temme's uniform asymptotic expansion (DLMF 8.12.3-8.12.10): Q = erfc(eta sqrt(a/2)) / 2 + R,
    -- R = exp(-a eta^2 / 2) / sqrt(2 pi a) (c0(eta) + c1(eta)/a + c2(eta)/a^2). Truncation error < 2e-11.
    v_eta := sign(v_mu) * sqrt(2 * v_phi);
    if v_eta * v_eta > 1490 / p_a then
      v_r := 0;  -- exp(-a eta^2 / 2) < exp(-745): nothing left to add
    else
      if abs(v_eta) < 1 then
        v_a0 := 0; v_a1 := 0; v_a2 := 0;
        for v_k in reverse 24..1 loop v_a0 := v_a0 * v_eta + v_c0[v_k]; end loop;
        for v_k in reverse 22..1 loop v_a1 := v_a1 * v_eta + v_c1[v_k]; end loop;
        for v_k in reverse 20..1 loop v_a2 := v_a2 * v_eta + v_c2[v_k]; end loop;
      else
        v_a0 := 1 / v_mu - 1 / v_eta;
        v_a1 := 1 / v_eta ^ 3 - 1 / v_mu ^ 3 - 1 / v_mu ^ 2 - 1 / (12 * v_mu);
        -- c2 = c1'(eta) / eta + gamma_2 / mu with gamma_2 = 1/288 and dmu/deta = eta (1 + mu) / mu.
        v_a2 := (-3 / v_eta ^ 4 + (3 / v_mu ^ 4 + 2 / v_mu ^ 3 + 1 / (12 * v_mu ^ 2)) * v_eta * (1 + v_mu) / v_mu)
                / v_eta + 1 / (288 * v_mu);
      end if;
      v_c := v_a0 + (v_a1 + v_a2 / p_a) / p_a;
      v_r := case when v_c = 0 then 0
                  when -p_a * v_eta * v_eta / 2 - 0.5 * ln(2 * pi() * p_a) + ln(abs(v_c)) < -745 then 0
                  else sign(v_c) * exp(-p_a * v_eta * v_eta / 2 - 0.5 * ln(2 * pi() * p_a) + ln(abs(v_c))) end;
    end if;
    v_upper := app_public.stat_normal_cdf(-v_eta * sqrt(p_a)) + v_r;
    v_lower := app_public.stat_normal_cdf(v_eta * sqrt(p_a)) - v_r;
    return greatest(0, least(1, case when p_upper then v_upper else v_lower end));
  end if;

  if p_x < 1e-290 then
    -- P(a, x) = x^a / Gamma(a + 1) (1 + O(x)); avoids underflow in the series.
    v_ln_pre := v_a_ln_x - app_hidden.stat_log_gamma_1p(p_a);
    v_lower := case when v_ln_pre < -745 then 0 else exp(v_ln_pre) end;
    return case when p_upper then 1 - v_lower else v_lower end;
  end if;

  -- ln(x^a e^-x / Gamma(a)); for a >= 10 as -a phi(mu) + ln sqrt(a / (2 pi)) - delta(a), without cancellation.
  v_ln_pre := case when p_a >= 10
                   then -p_a * v_phi + 0.5 * ln(p_a) - v_ln_sqrt_2pi - app_hidden.stat_log_gamma_correction(p_a)
                   else v_a_ln_x - p_x - app_hidden.stat_log_gamma(p_a) end;

  if p_x < p_a + 1 then
    -- Series (Numerical Recipes 6.2.5): P = x^a e^-x / Gamma(a + 1) sum_n x^n / ((a + 1) ... (a + n)).
    v_term := 1;
    v_sum := 1;
    v_n := 0;
    loop
      v_n := v_n + 1;
      v_term := v_term * p_x / (p_a + v_n);
      v_sum := v_sum + v_term;
      exit when v_term < 1e-17 * v_sum or v_n >= 100000;
    end loop;
    v_ln_pre := v_ln_pre - ln(p_a) + ln(v_sum);
    v_lower := case when v_ln_pre < -745 then 0 else exp(v_ln_pre) end;
    if p_a < 0.2 and v_lower > 0.5 then
      -- Small a: Q = -expm1(a ln x - ln Gamma(1 + a)) - x^a / Gamma(a) sum_{n>=1} (-x)^n / (n! (a + n)),
      -- from gamma(a, x) = x^a sum_n (-x)^n / (n! (a + n)) (DLMF 8.7.1); keeps the relative accuracy of a
      -- small Q that 1 - P would lose.
      v_sum := 0;
      if p_x < 1e-100 then
        v_sum := -p_x / (p_a + 1);
      else
        v_term := 1;
        v_n := 0;
        loop
          v_n := v_n + 1;
          v_term := -v_term * p_x / v_n;
          v_sum := v_sum + v_term / (p_a + v_n);
          exit when abs(v_term) < 1e-17 * abs(v_sum) or v_n >= 1000;
        end loop;
      end if;
      v_ln_pre := v_a_ln_x - app_hidden.stat_log_gamma_1p(p_a);  -- ln(x^a / Gamma(1 + a))
      v_upper := -app_hidden.stat_expm1(v_ln_pre)
                 - case when v_sum = 0 or v_ln_pre + ln(p_a) + ln(abs(v_sum)) < -745 then 0
                        else sign(v_sum) * exp(v_ln_pre + ln(p_a) + ln(abs(v_sum))) end;
    else
      v_upper := 1 - v_lower;
    end if;
  else
    -- Legendre's continued fraction for Gamma(a, x) (Numerical Recipes 6.2.7), modified Lentz method.
    v_b := p_x + 1 - p_a;
    v_c := 1 / v_tiny;
    v_d := 1 / v_b;
    v_h := v_d;
    v_n := 0;
    loop
      v_n := v_n + 1;
      v_an := -v_n * (v_n - p_a);
      v_b := v_b + 2;
      v_d := v_an * v_d + v_b;
      if abs(v_d) < v_tiny then v_d := v_tiny; end if;
      v_c := v_b + v_an / v_c;
      if abs(v_c) < v_tiny then v_c := v_tiny; end if;
      v_d := 1 / v_d;
      v_delta := v_d * v_c;
      v_h := v_h * v_delta;
      exit when abs(v_delta - 1) < 1e-16 or v_n >= 100000;
    end loop;
    v_ln_pre := v_ln_pre + ln(v_h);
    v_upper := case when v_ln_pre < -745 then 0 else exp(v_ln_pre) end;
    v_lower := 1 - v_upper;
  end if;
  return greatest(0, least(1, case when p_upper then v_upper else v_lower end));
end;
$$;

--
-- Name: FUNCTION stat_incomplete_gamma(p_a double precision, p_x double precision, p_upper boolean); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_incomplete_gamma(p_a double precision, p_x double precision, p_upper boolean) IS 'Regularized incomplete gamma function: P(a, x) = gamma(a, x) / Gamma(a), or Q(a, x) = 1 - P(a, x) when p_upper is true, each computed directly so that a small tail keeps its relative accuracy. a finite > 0, x >= 0 (''INVAL'' otherwise, also for NaN); x = +Infinity allowed. NULL gives NULL. Relative error about 1e-13 (a < 500) and 2e-11 (a >= 500). Method: a < 500: the power series for x < a + 1 (with the small-a form of Q from DLMF 8.7.1 when a < 0.2) and Legendre''s continued fraction for Q otherwise, modified Lentz (Numerical Recipes, 3rd ed., 6.2); prefactor x^a e^-x / Gamma(a) in log space with Stirling''s terms cancelled (a >= 10). a >= 500: Temme''s uniform asymptotic expansion with c0, c1, c2 (Temme 1979; DLMF 8.12.3-8.12.10), whose coefficients were derived here by series reversion.';

--
-- Name: stat_log1p(double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_log1p(p_x double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select case when 1 + p_x = 1 then p_x
              else ln(1 + p_x) * (p_x / ((1 + p_x) - 1)) end
$$;

--
-- Name: FUNCTION stat_log1p(p_x double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_log1p(p_x double precision) IS 'ln(1 + x) without cancellation for small x; x > -1 (ln raises otherwise). NULL gives NULL. Method: with u = 1 + x rounded, ln(u) * x / (u - 1), which cancels the rounding error of u (Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991, theorem 4).';

--
-- Name: stat_log_beta(double precision, double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_log_beta(p_a double precision, p_b double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_p float8 := least(p_a, p_b);
  v_q float8 := greatest(p_a, p_b);
begin
  if p_a = 'NaN' or p_b = 'NaN' or p_a <= 0 or p_b <= 0 or p_a = 'Infinity' or p_b = 'Infinity' then
    raise exception 'stat_log_beta: a and b must be finite and > 0 (got %, %)', p_a, p_b using errcode = 'INVAL';
  end if;
  if v_q < 10 then
    return app_hidden.stat_log_gamma(v_p) + app_hidden.stat_log_gamma(v_q) - app_hidden.stat_log_gamma(v_p + v_q);
  elsif v_p < 10 then
    -- ln Gamma(q) - ln Gamma(p + q) with the Stirling terms cancelled analytically.
    return app_hidden.stat_log_gamma(v_p) + v_p - (v_q - 0.5) * app_hidden.stat_log1p(v_p / v_q)
           - v_p * ln(v_p + v_q)
           + app_hidden.stat_log_gamma_correction(v_q) - app_hidden.stat_log_gamma_correction(v_p + v_q);
  else
    return v_ln_sqrt_2pi - 0.5 * ln(v_p) - v_p * app_hidden.stat_log1p(v_q / v_p)
           - (v_q - 0.5) * app_hidden.stat_log1p(v_p / v_q)
           + app_hidden.stat_log_gamma_correction(v_p) + app_hidden.stat_log_gamma_correction(v_q)
           - app_hidden.stat_log_gamma_correction(v_p + v_q);
  end if;
end;
$$;

--
-- Name: FUNCTION stat_log_beta(p_a double precision, p_b double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_log_beta(p_a double precision, p_b double precision) IS 'ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b) for finite a, b > 0 (''INVAL'' otherwise); NULL gives NULL. Method: direct sum of log-gammas when both are below 10; otherwise Stirling''s formula with the large terms cancelled analytically (log1p form) and only the Stirling remainders added, so that ln B(df/2, 1/2) keeps about 1e-15 absolute accuracy even for df = 1e20 (the naive difference of log-gammas would lose ~1e-16 * a ln a).';

--
-- Name: stat_log_gamma(double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_log_gamma(p_x double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_x float8 := p_x;
  v_prod float8 := 1;
begin
  if p_x = 'NaN' or p_x <= 0 then
    raise exception 'stat_log_gamma: x must be > 0 (got %)', p_x using errcode = 'INVAL';
  end if;
  if p_x > 2.5e305 then
    return 'Infinity';
  end if;
  if p_x < 1e-200 then
    return -ln(p_x);  -- ln Gamma(x) = -ln x - euler_gamma x + O(x^2)
  end if;
  if p_x < 0.2 then
    return app_hidden.stat_log_gamma_1p(p_x) - ln(p_x);
  end if;
  if abs(p_x - 1) <= 0.2 then
    return app_hidden.stat_log_gamma_1p(p_x - 1);
  end if;
  if abs(p_x - 2) <= 0.2 then
    return app_hidden.stat_log_gamma_1p(p_x - 2) + app_hidden.stat_log1p(p_x - 2);
  end if;
  while v_x < 10 loop
    v_prod := v_prod * v_x;
    v_x := v_x + 1;
  end loop;
  return (v_x - 0.5) * ln(v_x) - v_x + v_ln_sqrt_2pi + app_hidden.stat_log_gamma_correction(v_x) - ln(v_prod);
end;
$$;

--
-- Name: FUNCTION stat_log_gamma(p_x double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_log_gamma(p_x double precision) IS 'ln Gamma(x) for x > 0 (''INVAL'' for x <= 0 or NaN); NULL gives NULL; +Infinity beyond 2.5e305. Relative error about 1e-15, also near the zeros at x = 1 and x = 2. Method: for x < 0.2 and within 0.2 of 1 or 2, the Taylor series of ln Gamma(1 + a) (app_hidden.stat_log_gamma_1p, DLMF 5.7.3) with Gamma(x) = Gamma(1 + x) / x and Gamma(2 + a) = (1 + a) Gamma(1 + a); otherwise the recurrence Gamma(x + 1) = x Gamma(x) up to x >= 10 and Stirling''s series there (app_hidden.stat_log_gamma_correction).';

--
-- Name: stat_log_gamma_1p(double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_log_gamma_1p(p_a double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  -- (-1)^k zeta(k) / k for k = 2..25: ln Gamma(1 + a) = -euler_gamma a + sum_k (-1)^k zeta(k) / k a^k.
  v_series constant float8[] := array[
    0.82246703342411321824, -0.40068563438653142847, 0.27058080842778454788, -0.20738555102867398527,
    0.16955717699740818995, -0.14404989676884611812, 0.12550966952474304242, -0.11133426586956469049,
    0.10009945751278180853, -0.090954017145829042233, 0.083353840546109004025, -0.076932516411352191473,
    0.071432946295361336059, -0.066668705882420468033, 0.062500955141213040742, -0.058823978658684582339,
    0.055555767627403611102, -0.052631679379616660734, 0.050000047698101693640, -0.047619070330142227991,
    0.045454556293204669442, -0.043478266053040259361, 0.041666669150341210469, -0.040000001192140140586];
  v_euler constant float8 := 0.57721566490153286061;
  v_acc float8 := 0;
begin
  if p_a = 'NaN' or p_a <= -1 then
    raise exception 'stat_log_gamma_1p: a must be > -1 (got %)', p_a using errcode = 'INVAL';
  end if;
  if abs(p_a) > 0.2 then
    return app_hidden.stat_log_gamma(1 + p_a);
  end if;
  if abs(p_a) < 1e-200 then
    return -v_euler * p_a;
  end if;
  for v_k in reverse 24..1 loop
    v_acc := v_acc * p_a + v_series[v_k];
  end loop;
  return p_a * (-v_euler + p_a * v_acc);
end;
$$;

--
-- Name: FUNCTION stat_log_gamma_1p(p_a double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_log_gamma_1p(p_a double precision) IS 'ln Gamma(1 + a) for a > -1 (''INVAL'' otherwise), with full relative accuracy for small |a| (the counterpart of log1p: 1 + a would lose the low bits of a). NULL gives NULL. Method: for |a| <= 0.2 the Taylor series -euler_gamma a + sum_(k=2..25) (-1)^k zeta(k) a^k / k (DLMF 5.7.3), truncation error below 1e-18; otherwise app_hidden.stat_log_gamma(1 + a).';

--
-- Name: stat_log_gamma_correction(double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_log_gamma_correction(p_x double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  -- B(2k) / (2k (2k - 1)) for k = 1..8: 1/12, -1/360, 1/1260, -1/1680, 1/1188, -691/360360, 1/156, -3617/122400.
  v_coef constant float8[] := array[
    0.083333333333333333333, -0.0027777777777777777778, 0.00079365079365079365079,
    -0.00059523809523809523810, 0.00084175084175084175084, -0.0019175269175269175269,
    0.0064102564102564102564, -0.029550653594771241830];
  v_z float8;
  v_acc float8 := 0;
begin
  if p_x = 'NaN' or p_x < 10 then
    raise exception 'stat_log_gamma_correction: x must be >= 10 (got %)', p_x using errcode = 'INVAL';
  end if;
  if p_x > 1e8 then
    return v_coef[1] / p_x;  -- the next term is below 1e-24 of this one
  end if;
  v_z := 1 / (p_x * p_x);
  for v_k in reverse 8..1 loop
    v_acc := v_acc * v_z + v_coef[v_k];
  end loop;
  return v_acc / p_x;
end;
$$;

--
-- Name: FUNCTION stat_log_gamma_correction(p_x double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_log_gamma_correction(p_x double precision) IS 'The remainder of Stirling''s formula, delta(x) = ln Gamma(x) - ((x - 1/2) ln x - x + ln sqrt(2 pi)), for x >= 10 (''INVAL'' otherwise). NULL gives NULL. Method: the asymptotic Stirling series sum B(2k) / (2k (2k - 1) x^(2k - 1)), k = 1..8, whose truncation error is below 2e-18 at x = 10 (Abramowitz and Stegun 6.1.40; DLMF 5.11.1).';

--
-- Name: stat_normal_mills_ratio(double precision); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_normal_mills_ratio(p_x double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_sqrt_2pi constant float8 := 2.5066282746310005024;
  v_tiny constant float8 := 1e-300;
  v_term float8;
  v_sum float8;
  v_f float8;
  v_c float8;
  v_d float8;
  v_delta float8;
  v_k integer := 0;
begin
  if p_x = 'NaN' or p_x < 0 then
    raise exception 'stat_normal_mills_ratio: x must be >= 0 (got %)', p_x using errcode = 'INVAL';
  end if;
  if p_x = 'Infinity' then
    return 0;
  end if;
  if p_x < 3 then
    -- R(x) = (1/2 - phi(x) S(x)) / phi(x), S(x) = sum x^(2n+1) / (2n+1)!!.
    if p_x < 1e-17 then
      return 0.5 * v_sqrt_2pi;
    end if;
    v_term := p_x;
    v_sum := p_x;
    loop
      v_k := v_k + 1;
      v_term := v_term * p_x * p_x / (2 * v_k + 1);
      v_sum := v_sum + v_term;
      exit when v_term < 1e-17 * v_sum;
    end loop;
    return 0.5 * v_sqrt_2pi * exp(p_x * p_x / 2) - v_sum;
  end if;
  -- R(x) = 1 / (x + 1 / (x + 2 / (x + 3 / (x + ...)))), modified Lentz evaluation of f = x + 1/(x + 2/(...)).
  v_f := p_x;
  v_c := p_x;
  v_d := 0;
  loop
    v_k := v_k + 1;
    v_d := p_x + v_k * v_d;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := p_x + v_k / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_delta := v_c * v_d;
    v_f := v_f * v_delta;
    exit when abs(v_delta - 1) < 1e-16 or v_k >= 500;
  end loop;
  return 1 / v_f;
end;
$$;

--
-- Name: FUNCTION stat_normal_mills_ratio(p_x double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_normal_mills_ratio(p_x double precision) IS 'Mills ratio R(x) = (1 - Phi(x)) / phi(x) of the standard normal for x >= 0 (''INVAL'' otherwise); NULL gives NULL; 0 at +Infinity. Method: for x < 3, R = 1/(2 phi(x)) - S(x) with the series S(x) = x + x^3/3 + x^5/15 + ... (Marsaglia, "Evaluating the normal distribution", J. Stat. Software 11(4), 2004); for x >= 3 Laplace''s continued fraction 1/(x + 1/(x + 2/(x + ...))) (Abramowitz and Stegun 26.2.14) evaluated with the modified Lentz method (Numerical Recipes, 3rd ed., 5.2). Relative error about 1e-14.';

--
-- Name: stat_paired_moments(double precision[], double precision[], text); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_paired_moments(x double precision[], y double precision[], p_function text, OUT n integer, OUT mean_x double precision, OUT mean_y double precision, OUT scale_x double precision, OUT scale_y double precision, OUT covariance double precision, OUT variance_x double precision, OUT variance_y double precision) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_min_x float8;
  v_max_x float8;
  v_min_y float8;
  v_max_y float8;
begin
  perform app_hidden.stat_check_array(stat_paired_moments.x, p_function || '(x)');
  perform app_hidden.stat_check_array(stat_paired_moments.y, p_function || '(y)');
  if cardinality(stat_paired_moments.x) <> cardinality(stat_paired_moments.y) then
    raise exception '%: x and y must have the same length (got % and %)',
      p_function, cardinality(stat_paired_moments.x), cardinality(stat_paired_moments.y) using errcode = 'INVAL';
  end if;
  select count(*)::integer, sum(u.xv) / nullif(count(*), 0), sum(u.yv) / nullif(count(*), 0),
         min(u.xv), max(u.xv), min(u.yv), max(u.yv)
    into n, mean_x, mean_y, v_min_x, v_max_x, v_min_y, v_max_y
    from unnest(stat_paired_moments.x, stat_paired_moments.y) as u(xv, yv)
   where u.xv is not null and u.yv is not null;
  if n < 2 then
    return;
  end if;
  scale_x := greatest(v_max_x - mean_x, mean_x - v_min_x);
  scale_y := greatest(v_max_y - mean_y, mean_y - v_min_y);
  -- A constant variable: its mean is exactly its value (the rounded sum / n may not be).
  if v_min_x = v_max_x then
    mean_x := v_min_x;
    scale_x := 0;
  end if;
  if v_min_y = v_max_y then
    mean_y := v_min_y;
    scale_y := 0;
  end if;
  if scale_x = 0 or scale_y = 0 then
    return;
  end if;
  -- Centred second pass, each variable scaled by its largest deviation (so that tiny or huge magnitudes
  -- neither under- nor overflow): corrected means, covariance and variances of the scaled values.
  select mean_x + scale_x * avg((u.xv - mean_x) / scale_x), mean_y + scale_y * avg((u.yv - mean_y) / scale_y),
         covar_samp((u.xv - mean_x) / scale_x, (u.yv - mean_y) / scale_y),
         var_samp((u.xv - mean_x) / scale_x), var_samp((u.yv - mean_y) / scale_y)
    into mean_x, mean_y, covariance, variance_x, variance_y
    from unnest(stat_paired_moments.x, stat_paired_moments.y) as u(xv, yv)
   where u.xv is not null and u.yv is not null;
end;
$$;

--
-- Name: FUNCTION stat_paired_moments(x double precision[], y double precision[], p_function text, OUT n integer, OUT mean_x double precision, OUT mean_y double precision, OUT scale_x double precision, OUT scale_y double precision, OUT covariance double precision, OUT variance_x double precision, OUT variance_y double precision); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_paired_moments(x double precision[], y double precision[], p_function text, OUT n integer, OUT mean_x double precision, OUT mean_y double precision, OUT scale_x double precision, OUT scale_y double precision, OUT covariance double precision, OUT variance_x double precision, OUT variance_y double precision) IS 'The moments behind correlation and regression of paired arrays, pairs with a NULL on either side dropped: n, the means, scale_x and scale_y (largest absolute deviation from the mean; 0 for a constant variable), and the sample covariance and variances of the values divided by their scales (multiply back by the scales for the units of x and y). Checks both arrays (stat_check_array) and their lengths, raising ''INVAL'' with p_function in the message. n < 2: only n and the means; a constant variable: no covariance or variances. Method: two passes, the second centred on the first pass''s means.';

--
-- Name: stat_t_probability(double precision, double precision, boolean); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.stat_t_probability(p_log_t double precision, p_df double precision, p_central boolean) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_w float8 := 2 * p_log_t - ln(p_df);  -- ln(t^2 / df)
  v_x float8;
  v_y float8;
  v_i float8;
begin
  if not p_central then
    return app_public.stat_t_sf(exp(least(p_log_t, 709.7)), p_df);
  end if;
  -- P(0 < T < t) = I_y(1/2, df/2) / 2 with y = t^2 / (df + t^2) = 1 / (1 + exp(-w)), x = 1 - y.
  v_x := case when v_w > 745 then 0 when v_w > 40 then exp(-v_w) when v_w < -40 then 1 else 1 / (1 + exp(v_w)) end;
  v_y := case when v_w < -745 then 0 when v_w < -40 then exp(v_w) when v_w > 40 then 1 else 1 / (1 + exp(-v_w)) end;
  v_i := app_hidden.stat_incomplete_beta(p_df / 2, 0.5, v_x, true, v_y);
  return case when v_i >= 1e-300 then v_i / 2
              when v_i <= 0 or ln(v_i) - ln(2::float8) < -745 then 0
              else exp(ln(v_i) - ln(2::float8)) end;
end;
$$;

--
-- Name: FUNCTION stat_t_probability(p_log_t double precision, p_df double precision, p_central boolean); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.stat_t_probability(p_log_t double precision, p_df double precision, p_central boolean) IS 'For t = exp(p_log_t) > 0 and df = p_df > 0: P(T > t) (p_central false, app_public.stat_t_sf) or P(0 < T < t) (p_central true, computed directly as I_y(1/2, df/2) / 2 with y = t^2 / (df + t^2), so that it keeps its relative accuracy for tiny t). Working in ln t lets the quantile search cover t from 1e-304 to 1e308 without overflow. NULL gives NULL. Internal to app_public.stat_t_quantile.';

--
-- Name: tenant_is_live(uuid); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.tenant_is_live(p_tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select exists (
    select 1 from app_public.tenants t where t.tenant_id = p_tenant_id and t.deleted_at is null
  );
$$;

--
-- Name: FUNCTION tenant_is_live(p_tenant_id uuid); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.tenant_is_live(p_tenant_id uuid) IS 'True when the tenant exists and is not archived (deleted_at is null): the API refuses tokens of any other tenant.';

--
-- Name: unit_fits(numeric, numeric, numeric, numeric, numeric, numeric); Type: FUNCTION; Schema: app_hidden; Owner: -
--

CREATE FUNCTION app_hidden.unit_fits(p_length numeric, p_width numeric, p_height numeric, p_inner_length numeric, p_inner_width numeric, p_inner_height numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  -- Sorted side by side: smallest to smallest, middle to middle, largest to largest.
  select least(p_length, p_width, p_height) <= least(p_inner_length, p_inner_width, p_inner_height)
     and p_length + p_width + p_height - least(p_length, p_width, p_height) - greatest(p_length, p_width, p_height)
         <= p_inner_length + p_inner_width + p_inner_height - least(p_inner_length, p_inner_width, p_inner_height)
            - greatest(p_inner_length, p_inner_width, p_inner_height)
     and greatest(p_length, p_width, p_height) <= greatest(p_inner_length, p_inner_width, p_inner_height);
$$;

--
-- Name: FUNCTION unit_fits(p_length numeric, p_width numeric, p_height numeric, p_inner_length numeric, p_inner_width numeric, p_inner_height numeric); Type: COMMENT; Schema: app_hidden; Owner: -
--

COMMENT ON FUNCTION app_hidden.unit_fits(p_length numeric, p_width numeric, p_height numeric, p_inner_length numeric, p_inner_width numeric, p_inner_height numeric) IS 'Whether a box of the first three dimensions fits inside one of the last three in some orientation.';

--
-- Name: material_dimension_verifications; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.material_dimension_verifications (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    verification_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    material_id uuid NOT NULL,
    facility_id uuid,
    measured_length_in numeric(8,2) NOT NULL,
    measured_width_in numeric(8,2) NOT NULL,
    measured_height_in numeric(8,2) NOT NULL,
    measured_weight_lbs numeric(12,3) NOT NULL,
    measured_cubic_feet numeric(12,4) GENERATED ALWAYS AS (round((((measured_length_in * measured_width_in) * measured_height_in) / 1728.0), 4)) STORED,
    master_length_in numeric(8,2),
    master_width_in numeric(8,2),
    master_height_in numeric(8,2),
    master_cubic_feet numeric(12,4),
    master_weight_lbs numeric(12,3),
    variance_pct numeric(10,2),
    tolerance_pct numeric(5,2) DEFAULT 5 NOT NULL,
    outcome app_public.verification_outcome DEFAULT 'FLAGGED_FOR_REVIEW'::app_public.verification_outcome NOT NULL,
    notes text,
    reviewed_by uuid,
    reviewed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_material_dimension_verifications_numbers_not_nan CHECK ((((('NaN'::numeric <> measured_length_in) AND ('NaN'::numeric <> measured_width_in)) AND ('NaN'::numeric <> measured_height_in)) AND ('NaN'::numeric <> measured_weight_lbs))),
    CONSTRAINT chk_material_dimension_verifications_positive CHECK (((measured_length_in > (0)::numeric) AND (measured_width_in > (0)::numeric) AND (measured_height_in > (0)::numeric) AND (measured_weight_lbs > (0)::numeric)))
);

--
-- Name: TABLE material_dimension_verifications; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.material_dimension_verifications IS 'A unit measured by an operator, against the material''s master data at that moment, and what became of it.';

--
-- Name: COLUMN material_dimension_verifications.variance_pct; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.material_dimension_verifications.variance_pct IS 'Largest difference from master data over length, width, height, cubic feet and weight, in percent of master, over the values master data has; null when it had none.';

--
-- Name: COLUMN material_dimension_verifications.outcome; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.material_dimension_verifications.outcome IS 'Set by the service on recording; a supervisor turns FLAGGED_FOR_REVIEW into APPROVED (master data updated) or DISMISSED.';

--
-- Name: CONSTRAINT chk_material_dimension_verifications_numbers_not_nan ON material_dimension_verifications; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_material_dimension_verifications_numbers_not_nan ON app_public.material_dimension_verifications IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: CONSTRAINT chk_material_dimension_verifications_positive ON material_dimension_verifications; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_material_dimension_verifications_positive ON app_public.material_dimension_verifications IS 'Measured length, width, height and weight must be greater than 0.';

--
-- Name: apply_measured_dimensions(app_public.material_dimension_verifications, text); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.apply_measured_dimensions(p_verification app_public.material_dimension_verifications, p_reason text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  update app_public.materials m
     set unit_length_in = p_verification.measured_length_in,
         unit_width_in = p_verification.measured_width_in,
         unit_height_in = p_verification.measured_height_in,
         unit_cubic_feet = round(p_verification.measured_length_in * p_verification.measured_width_in
                                 * p_verification.measured_height_in / 1728.0, 4),
         unit_weight_lbs = p_verification.measured_weight_lbs
   where m.tenant_id = p_verification.tenant_id and m.material_id = p_verification.material_id;
  perform app_private.log_remediation(p_verification.tenant_id, p_verification.facility_id,
    'MASTER_DATA_FROM_MEASUREMENT', 'materials', p_verification.material_id, p_reason, 'SUCCEEDED',
    jsonb_build_object('verificationId', p_verification.verification_id, 'variancePct', p_verification.variance_pct));
end;
$$;

--
-- Name: apply_stock_change(uuid, uuid, uuid, uuid, text, numeric, date, timestamp with time zone, numeric, numeric); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.apply_stock_change(p_tenant_id uuid, p_facility_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_quantity numeric, p_expiry_date date, p_at timestamp with time zone, p_unit_cubic_feet numeric, p_unit_weight_lbs numeric) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_master_cubic numeric;
  v_master_weight numeric;
begin
  if p_quantity > 0 then
    select m.unit_cubic_feet, m.unit_weight_lbs into v_master_cubic, v_master_weight
      from app_public.materials m where m.tenant_id = p_tenant_id and m.material_id = p_material_id;
    insert into app_public.lots as l
      (tenant_id, facility_id, location_id, material_id, lot_number, quantity_on_hand, expiry_date,
       last_movement_at, unit_cubic_feet, unit_weight_lbs)
    values (p_tenant_id, p_facility_id, p_location_id, p_material_id, p_lot_number, p_quantity, p_expiry_date, p_at,
            app_private.merged_unit_room(0, null, p_quantity, p_unit_cubic_feet, v_master_cubic),
            app_private.merged_unit_room(0, null, p_quantity, p_unit_weight_lbs, v_master_weight))
    on conflict (tenant_id, location_id, material_id, lot_number) do update
      set quantity_on_hand = l.quantity_on_hand + excluded.quantity_on_hand,
          expiry_date = coalesce(l.expiry_date, excluded.expiry_date),
          last_movement_at = greatest(l.last_movement_at, excluded.last_movement_at),
          unit_cubic_feet = app_private.merged_unit_room(l.quantity_on_hand, l.unit_cubic_feet,
                                                         excluded.quantity_on_hand, p_unit_cubic_feet, v_master_cubic),
          unit_weight_lbs = app_private.merged_unit_room(l.quantity_on_hand, l.unit_weight_lbs,
                                                         excluded.quantity_on_hand, p_unit_weight_lbs, v_master_weight),
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

--
-- Name: FUNCTION apply_stock_change(p_tenant_id uuid, p_facility_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_quantity numeric, p_expiry_date date, p_at timestamp with time zone, p_unit_cubic_feet numeric, p_unit_weight_lbs numeric); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.apply_stock_change(p_tenant_id uuid, p_facility_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_quantity numeric, p_expiry_date date, p_at timestamp with time zone, p_unit_cubic_feet numeric, p_unit_weight_lbs numeric) IS 'Adds a signed quantity (of a declared unit room, when given) to a lot at a location, creating the lot when needed; raises STOCK when it would go negative.';

--
-- Name: change_location_reservations(uuid[], uuid[], numeric[], numeric[]); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.change_location_reservations(p_tenant_ids uuid[], p_location_ids uuid[], p_cubic_feet numeric[], p_weight_lbs numeric[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_over record;
begin
  perform 1
     from app_private.location_occupancy o
     join unnest(p_tenant_ids, p_location_ids) as d(tenant_id, location_id)
       on o.tenant_id = d.tenant_id and o.location_id = d.location_id
    order by o.tenant_id, o.location_id
      for update of o;
  with d as (
    select * from unnest(p_tenant_ids, p_location_ids, p_cubic_feet, p_weight_lbs)
      as d(tenant_id, location_id, cubic_feet, weight_lbs)
  ), changed as (
    update app_private.location_occupancy o
       set cubic_feet_reserved = o.cubic_feet_reserved + d.cubic_feet,
           weight_lbs_reserved = o.weight_lbs_reserved + d.weight_lbs,
           version = o.version + 1, changed_xid = pg_current_xact_id(), changed_at = now()
      from d
     where o.tenant_id = d.tenant_id and o.location_id = d.location_id
    returning o.tenant_id, o.location_id, d.cubic_feet as added_cubic, d.weight_lbs as added_weight,
              o.cubic_feet_on_hand + o.cubic_feet_reserved as cubic_feet,
              o.weight_lbs_on_hand + o.weight_lbs_reserved as weight_lbs
  )
  select c.location_id, l.code, c.cubic_feet, l.max_cubic_feet, c.weight_lbs, l.max_weight_lbs into v_over
    from changed c
    join app_public.locations l on l.tenant_id = c.tenant_id and l.location_id = c.location_id
   where (c.added_cubic > 0 and c.cubic_feet > l.max_cubic_feet)
      or (c.added_weight > 0 and c.weight_lbs > l.max_weight_lbs)
   order by c.tenant_id, c.location_id
   limit 1;
  if found then
    raise exception 'Location % would be over capacity: % of % cubic feet, % of % lb', v_over.code,
      round(v_over.cubic_feet, 4), v_over.max_cubic_feet, round(v_over.weight_lbs, 3), v_over.max_weight_lbs
      using errcode = 'CAPAC',
            detail = json_build_object('locationId', v_over.location_id, 'locationCode', v_over.code,
                                       'cubicFeet', v_over.cubic_feet, 'maxCubicFeet', v_over.max_cubic_feet,
                                       'weightLbs', v_over.weight_lbs, 'maxWeightLbs', v_over.max_weight_lbs)::text;
  end if;
end;
$$;

--
-- Name: FUNCTION change_location_reservations(p_tenant_ids uuid[], p_location_ids uuid[], p_cubic_feet numeric[], p_weight_lbs numeric[]); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.change_location_reservations(p_tenant_ids uuid[], p_location_ids uuid[], p_cubic_feet numeric[], p_weight_lbs numeric[]) IS 'Adds reserved amounts to many locations at once (rows locked in key order); raises CAPAC when an increase exceeds capacity.';

--
-- Name: change_location_usage(uuid, uuid, numeric, numeric, numeric, numeric, boolean); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.change_location_usage(p_tenant_id uuid, p_location_id uuid, p_cubic_on_hand numeric, p_weight_on_hand numeric, p_cubic_reserved numeric, p_weight_reserved numeric, p_enforce boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_cubic numeric;
  v_weight numeric;
  v_max_cubic numeric;
  v_max_weight numeric;
  v_code text;
begin
  if p_cubic_on_hand = 0 and p_weight_on_hand = 0 and p_cubic_reserved = 0 and p_weight_reserved = 0 then
    return;
  end if;
  update app_private.location_occupancy o
     set cubic_feet_on_hand = o.cubic_feet_on_hand + p_cubic_on_hand,
         weight_lbs_on_hand = o.weight_lbs_on_hand + p_weight_on_hand,
         cubic_feet_reserved = o.cubic_feet_reserved + p_cubic_reserved,
         weight_lbs_reserved = o.weight_lbs_reserved + p_weight_reserved,
         version = o.version + 1, changed_xid = pg_current_xact_id(), changed_at = now()
   where o.tenant_id = p_tenant_id and o.location_id = p_location_id
  returning o.cubic_feet_on_hand + o.cubic_feet_reserved, o.weight_lbs_on_hand + o.weight_lbs_reserved
    into v_cubic, v_weight;
  if not found or not p_enforce then
    return;
  end if;
  if p_cubic_on_hand + p_cubic_reserved > 0 or p_weight_on_hand + p_weight_reserved > 0 then
    select l.max_cubic_feet, l.max_weight_lbs, l.code into v_max_cubic, v_max_weight, v_code
      from app_public.locations l where l.tenant_id = p_tenant_id and l.location_id = p_location_id;
    if (p_cubic_on_hand + p_cubic_reserved > 0 and v_cubic > v_max_cubic)
       or (p_weight_on_hand + p_weight_reserved > 0 and v_weight > v_max_weight) then
      raise exception 'Location % would be over capacity: % of % cubic feet, % of % lb', v_code,
        round(v_cubic, 4), v_max_cubic, round(v_weight, 3), v_max_weight
        using errcode = 'CAPAC',
              detail = json_build_object('locationId', p_location_id, 'locationCode', v_code,
                                         'cubicFeet', v_cubic, 'maxCubicFeet', v_max_cubic,
                                         'weightLbs', v_weight, 'maxWeightLbs', v_max_weight)::text;
    end if;
  end if;
end;
$$;

--
-- Name: FUNCTION change_location_usage(p_tenant_id uuid, p_location_id uuid, p_cubic_on_hand numeric, p_weight_on_hand numeric, p_cubic_reserved numeric, p_weight_reserved numeric, p_enforce boolean); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.change_location_usage(p_tenant_id uuid, p_location_id uuid, p_cubic_on_hand numeric, p_weight_on_hand numeric, p_cubic_reserved numeric, p_weight_reserved numeric, p_enforce boolean) IS 'Adds amounts to a location''s occupancy; with p_enforce, raises CAPAC when an increase exceeds capacity.';

--
-- Name: compute_recommendation_statistics(uuid, interval); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.compute_recommendation_statistics(p_tenant_id uuid, p_window interval DEFAULT '30 days'::interval) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_end timestamptz := now();
  v_start timestamptz := now() - p_window;
  v_metrics integer;
  v_tests integer := 0;
  v_count integer;
  v_correlations integer;
  v_validations integer := 0;
  v_outliers integer;
begin
  delete from app_public.bin_optimization_statistical_metrics where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);
  delete from app_public.bin_optimization_ab_test_results where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);
  delete from app_public.bin_optimization_correlation_analysis where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);
  delete from app_public.bin_optimization_statistical_validations where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);
  delete from app_public.bin_optimization_outliers where tenant_id = p_tenant_id and computed_at >= date_trunc('day', v_end);

  create temp table if not exists pg_temp.stat_recommendations on commit drop as
    select * from app_public.putaway_recommendations limit 0;
  truncate pg_temp.stat_recommendations;
  insert into pg_temp.stat_recommendations
    select * from app_public.putaway_recommendations r
     where r.tenant_id = p_tenant_id and r.deleted_at is null and r.created_at >= v_start and r.created_at < v_end;

  -- Metrics per facility and algorithm.
  insert into app_public.bin_optimization_statistical_metrics (tenant_id, facility_id, algorithm, period_start, period_end,
      recommendations, decided, accepted, acceptance_rate, acceptance_ci_low, acceptance_ci_high, mean_confidence,
      mean_utilization, batches, mean_processing_time_ms, p95_processing_time_ms, computed_at)
    select p_tenant_id, m.facility_id, m.algorithm, v_start, v_end, m.recommendations, m.decided, m.accepted,
           round(m.accepted::numeric / nullif(m.decided, 0), 6), round(w.low::numeric, 6), round(w.high::numeric, 6),
           round(m.mean_confidence, 6), round(m.mean_utilization, 6), b.batches, round(b.mean_ms, 3), round(b.p95_ms, 3), v_end
      from (select r.facility_id, r.algorithm, count(*)::integer as recommendations,
                   count(*) filter (where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED'))::integer as decided,
                   count(*) filter (where r.status = 'ACCEPTED')::integer as accepted,
                   avg(r.confidence_score) as mean_confidence, avg(r.estimated_utilization) as mean_utilization
              from pg_temp.stat_recommendations r group by r.facility_id, r.algorithm) m
      cross join lateral app_public.stat_wilson_interval(m.accepted, m.decided) w
      cross join lateral (
        select count(*)::integer as batches, avg(t.ms)::numeric as mean_ms,
               (percentile_cont(0.95) within group (order by t.ms))::numeric as p95_ms
          from (select distinct on (r.batch_id) r.processing_time_ms as ms from pg_temp.stat_recommendations r
                 where r.facility_id = m.facility_id and r.algorithm = m.algorithm and r.batch_id is not null
                   and r.processing_time_ms is not null
                 order by r.batch_id) t
      ) b;
  get diagnostics v_metrics = row_count;

  -- A/B comparisons between algorithms with enough decisions.
  insert into app_public.bin_optimization_ab_test_results (tenant_id, facility_id, algorithm_a, algorithm_b, metric,
      test_name, n_a, n_b, value_a, value_b, statistic, degrees_of_freedom, p_value, effect_size, significant,
      period_start, period_end, computed_at)
    with decided as (
      select r.facility_id, r.algorithm, (r.status = 'ACCEPTED')::integer as accepted, r.estimated_utilization
        from pg_temp.stat_recommendations r where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
    ), groups as (
      select facility_id, algorithm, count(*) as n, sum(accepted) as accepted,
             array_agg(estimated_utilization::float8) as utilization, count(estimated_utilization) as n_utilization
        from decided group by facility_id, algorithm having count(*) >= 30
    ), pairs as (
      select a.facility_id, a.algorithm as algorithm_a, b.algorithm as algorithm_b, a.n as n_a, b.n as n_b,
             a.accepted as accepted_a, b.accepted as accepted_b, a.utilization as utilization_a, b.utilization as utilization_b,
             a.n_utilization as n_utilization_a, b.n_utilization as n_utilization_b
        from groups a join groups b on b.facility_id = a.facility_id and b.algorithm > a.algorithm
    )
    select p_tenant_id, p.facility_id, p.algorithm_a, p.algorithm_b, 'ACCEPTANCE_RATE', 'CHI_SQUARE', p.n_a, p.n_b,
           round(p.accepted_a::numeric / p.n_a, 6), round(p.accepted_b::numeric / p.n_b, 6), c.statistic, c.df, c.p_value,
           c.cramers_v, c.p_value < 0.05, v_start, v_end, v_end
      from pairs p
      cross join lateral app_public.stat_chi_square_test(
        array[[p.accepted_a, p.n_a - p.accepted_a], [p.accepted_b, p.n_b - p.accepted_b]]::bigint[][]) c
    union all
    select p_tenant_id, p.facility_id, p.algorithm_a, p.algorithm_b, 'UTILIZATION', 'WELCH_T', p.n_utilization_a, p.n_utilization_b,
           (select avg(u) from unnest(p.utilization_a) u), (select avg(u) from unnest(p.utilization_b) u),
           t.t, t.df, t.p_value, t.cohens_d, t.p_value < 0.05, v_start, v_end, v_end
      from pairs p
      cross join lateral app_public.stat_welch_t_test(p.utilization_a, p.utilization_b) t;
  get diagnostics v_count = row_count;
  v_tests := v_tests + v_count;
  insert into app_public.bin_optimization_ab_test_results (tenant_id, facility_id, algorithm_a, algorithm_b, metric,
      test_name, n_a, n_b, value_a, value_b, statistic, degrees_of_freedom, p_value, effect_size, significant,
      period_start, period_end, computed_at)
    with batches as (
      select distinct on (r.batch_id) r.facility_id, r.algorithm, r.processing_time_ms::float8 as ms
        from pg_temp.stat_recommendations r where r.batch_id is not null and r.processing_time_ms is not null
       order by r.batch_id
    ), groups as (
      select facility_id, algorithm, count(*) as n, array_agg(ms) as times from batches
       group by facility_id, algorithm having count(*) >= 30
    )
    select p_tenant_id, a.facility_id, a.algorithm, b.algorithm, 'PROCESSING_TIME', 'WELCH_T', a.n, b.n,
           (select avg(x) from unnest(a.times) x), (select avg(x) from unnest(b.times) x),
           t.t, t.df, t.p_value, t.cohens_d, t.p_value < 0.05, v_start, v_end, v_end
      from groups a join groups b on b.facility_id = a.facility_id and b.algorithm > a.algorithm
      cross join lateral app_public.stat_welch_t_test(a.times, b.times) t;
  get diagnostics v_count = row_count;
  v_tests := v_tests + v_count;

  -- Does acceptance follow confidence, or utilization?
  insert into app_public.bin_optimization_correlation_analysis (tenant_id, facility_id, variable_x, variable_y, n,
      pearson_r, pearson_p, spearman_rho, spearman_p, period_start, period_end, computed_at)
    select p_tenant_id, d.facility_id, v.x_name, 'accepted', c.n, c.pearson_r, c.pearson_p, c.spearman_rho, c.spearman_p,
           v_start, v_end, v_end
      from (select r.facility_id,
                   array_agg(r.confidence_score::float8) as confidence,
                   array_agg(r.estimated_utilization::float8) as utilization,
                   array_agg((r.status = 'ACCEPTED')::integer::float8) as accepted
              from pg_temp.stat_recommendations r where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
             group by r.facility_id having count(*) >= 3) d
      cross join lateral (values ('confidence_score', d.confidence), ('estimated_utilization', d.utilization)) as v(x_name, x)
      cross join lateral app_public.stat_correlation(v.x, d.accepted) c;
  get diagnostics v_correlations = row_count;

  -- Validations.
  insert into app_public.bin_optimization_statistical_validations (tenant_id, facility_id, validation, subject, passed,
      statistic, threshold, details, period_start, period_end, computed_at)
    select p_tenant_id, m.facility_id, 'SAMPLE_SIZE', m.algorithm::text, m.decided >= 30, m.decided, 30,
           jsonb_build_object('recommendations', m.recommendations), v_start, v_end, v_end
      from app_public.bin_optimization_statistical_metrics m
     where m.tenant_id = p_tenant_id and m.computed_at = v_end
    union all
    select p_tenant_id, d.facility_id, 'CONFIDENCE_CALIBRATION', 'all algorithms', d.brier <= 0.25, round(d.brier, 6), 0.25,
           jsonb_build_object('decided', d.n), v_start, v_end, v_end
      from (select r.facility_id, count(*) as n,
                   avg(power(r.confidence_score - (r.status = 'ACCEPTED')::integer, 2)) as brier
              from pg_temp.stat_recommendations r where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
             group by r.facility_id) d
    union all
    select p_tenant_id, t.facility_id, 'ACCEPTANCE_INDEPENDENT_OF_ALGORITHM', 'all algorithms',
           c.p_value >= 0.05, c.statistic, 0.05,
           jsonb_build_object('pValue', c.p_value, 'degreesOfFreedom', c.df, 'cramersV', c.cramers_v), v_start, v_end, v_end
      from (select x.facility_id, array_agg(array[x.accepted, x.n - x.accepted] order by x.algorithm) as observed
              from (select r.facility_id, r.algorithm, count(*) as n, count(*) filter (where r.status = 'ACCEPTED') as accepted
                      from pg_temp.stat_recommendations r where r.status in ('ACCEPTED', 'OVERRIDDEN', 'REJECTED')
                     group by r.facility_id, r.algorithm) x
             group by x.facility_id having count(*) >= 2) t
      cross join lateral app_public.stat_chi_square_test(t.observed::bigint[][]) c;
  get diagnostics v_validations = row_count;

  -- Outliers: batch processing times and utilization after placement.
  insert into app_public.bin_optimization_outliers (tenant_id, facility_id, algorithm, metric, subject_id, value, z_score,
      modified_z_score, is_iqr_outlier, is_z_outlier, is_modified_z_outlier, computed_at)
    with batches as (
      select distinct on (r.batch_id) r.facility_id, r.algorithm, r.batch_id, r.processing_time_ms::float8 as ms
        from pg_temp.stat_recommendations r where r.batch_id is not null and r.processing_time_ms is not null
       order by r.batch_id
    ), series as (
      select facility_id, algorithm, 'PROCESSING_TIME_MS' as metric, array_agg(batch_id order by batch_id) as ids,
             array_agg(ms order by batch_id) as v
        from batches group by facility_id, algorithm
      union all
      select r.facility_id, r.algorithm, 'ESTIMATED_UTILIZATION', array_agg(r.recommendation_id order by r.recommendation_id),
             array_agg(r.estimated_utilization::float8 order by r.recommendation_id)
        from pg_temp.stat_recommendations r group by r.facility_id, r.algorithm
    )
    select p_tenant_id, s.facility_id, s.algorithm, s.metric, s.ids[o.ordinal], o.value, o.z_score, o.modified_z_score,
           o.is_iqr_outlier, o.is_z_outlier, o.is_modified_z_outlier, v_end
      from series s
      cross join lateral app_public.stat_outliers(s.v) o
     where o.is_iqr_outlier or o.is_z_outlier or o.is_modified_z_outlier;
  get diagnostics v_outliers = row_count;

  return json_build_object('metrics', v_metrics, 'abTests', v_tests, 'correlations', v_correlations,
                           'validations', v_validations, 'outliers', v_outliers);
end;
$$;

--
-- Name: FUNCTION compute_recommendation_statistics(p_tenant_id uuid, p_window interval); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.compute_recommendation_statistics(p_tenant_id uuid, p_window interval) IS 'Computes and stores one tenant''s recommendation statistics over a window; returns how many rows of each kind it wrote.';

--
-- Name: expire_move_tasks(integer); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.expire_move_tasks(p_limit integer) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  with expired as (
    update app_public.move_tasks t
       set status = 'EXPIRED'
     where (t.tenant_id, t.move_task_id) in (
             select tenant_id, move_task_id from app_public.move_tasks
              where status in ('OPEN', 'WAITING') and expires_at <= now()
              limit p_limit
                for update skip locked)
    returning 1
  )
  select count(*)::integer from expired;
$$;

--
-- Name: FUNCTION expire_move_tasks(p_limit integer); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.expire_move_tasks(p_limit integer) IS 'Marks up to p_limit OPEN or WAITING move tasks past expires_at EXPIRED (releasing their room); returns how many.';

--
-- Name: facility_data_quality(uuid, uuid); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.facility_data_quality(p_tenant_id uuid, p_facility_id uuid) RETURNS TABLE(tenant_id uuid, facility_id uuid, materials_verified integer, capacity_failures integer, pending_relocations integer, remediations integer, remediations_succeeded integer, remediation_success_rate numeric, open_findings integer, computed_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
select f.tenant_id, f.facility_id,
       (select count(distinct v.material_id)::integer from app_public.material_dimension_verifications v
         where v.tenant_id = f.tenant_id and (v.facility_id is null or v.facility_id = f.facility_id)
           and v.deleted_at is null and v.created_at > now() - interval '90 days') as materials_verified,
       (select count(*)::integer from app_public.capacity_validation_failures c
         where c.tenant_id = f.tenant_id and c.facility_id = f.facility_id and c.deleted_at is null
           and c.reason = 'CAPACITY' and c.created_at > now() - interval '30 days') as capacity_failures,
       (select count(*)::integer from app_public.locations l
          join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
         where l.tenant_id = f.tenant_id and l.facility_id = f.facility_id and l.deleted_at is null
           and (o.cubic_feet_on_hand > l.max_cubic_feet or o.weight_lbs_on_hand > l.max_weight_lbs)) as pending_relocations,
       r.remediations,
       r.remediations_succeeded,
       round(r.remediations_succeeded::numeric / nullif(r.remediations, 0), 4) as remediation_success_rate,
       (select count(*)::integer from app_public.data_quality_findings d
         where d.tenant_id = f.tenant_id and d.status = 'OPEN' and (d.facility_id is null or d.facility_id = f.facility_id)) as open_findings,
       now() as computed_at
  from app_public.facilities f
  cross join lateral (
    select count(*)::integer as remediations, count(*) filter (where g.outcome = 'SUCCEEDED')::integer as remediations_succeeded
      from app_public.bin_optimization_remediation_log g
     where g.tenant_id = f.tenant_id and (g.facility_id is null or g.facility_id = f.facility_id)
       and g.outcome <> 'SKIPPED' and g.created_at > now() - interval '30 days'
  ) r
 where f.deleted_at is null
   and (p_tenant_id is null or f.tenant_id = p_tenant_id)
   and (p_facility_id is null or f.facility_id = p_facility_id);
$$;

--
-- Name: FUNCTION facility_data_quality(p_tenant_id uuid, p_facility_id uuid); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.facility_data_quality(p_tenant_id uuid, p_facility_id uuid) IS 'Data quality per facility, computed now: of one tenant and facility, or (null arguments) of all of them. bin_optimization_data_quality materializes it; getDataQualityMetrics computes it for facilities the view does not hold yet.';

--
-- Name: facility_storage_capacity(uuid); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.facility_storage_capacity(p_tenant_id uuid) RETURNS TABLE(facility_id uuid, code text, capacity_cubic_feet numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select f.facility_id, f.code,
         coalesce((select sum(l.max_cubic_feet)
                     from app_public.locations l
                     join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
                    where l.tenant_id = f.tenant_id and l.facility_id = f.facility_id
                      and l.deleted_at is null and z.deleted_at is null and l.is_active and not l.is_blocked
                      and z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK')), 0) as capacity_cubic_feet
    from app_public.facilities f
   where f.tenant_id = p_tenant_id and f.deleted_at is null
   order by f.code;
$$;

--
-- Name: FUNCTION facility_storage_capacity(p_tenant_id uuid); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.facility_storage_capacity(p_tenant_id uuid) IS 'Storage room (cubic feet) of each active facility of a tenant: its usable PICK_FACE, RESERVE and BULK locations.';

--
-- Name: log_remediation(uuid, uuid, text, text, uuid, text, text, jsonb); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.log_remediation(p_tenant_id uuid, p_facility_id uuid, p_action text, p_target_table text, p_target_id uuid, p_reason text, p_outcome text, p_details jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  insert into app_public.bin_optimization_remediation_log
    (tenant_id, facility_id, action, target_table, target_id, reason, outcome, details, created_by, updated_by)
  values (p_tenant_id, p_facility_id, p_action, p_target_table, p_target_id, p_reason,
          p_outcome::app_public.remediation_outcome, coalesce(p_details, '{}'), app_public.current_user_id(),
          app_public.current_user_id())
  returning remediation_id;
$$;

--
-- Name: FUNCTION log_remediation(p_tenant_id uuid, p_facility_id uuid, p_action text, p_target_table text, p_target_id uuid, p_reason text, p_outcome text, p_details jsonb); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.log_remediation(p_tenant_id uuid, p_facility_id uuid, p_action text, p_target_table text, p_target_id uuid, p_reason text, p_outcome text, p_details jsonb) IS 'Records an automatic fix in bin_optimization_remediation_log; returns its id.';

--
-- Name: merged_unit_room(numeric, numeric, numeric, numeric, numeric); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.merged_unit_room(p_quantity numeric, p_unit numeric, p_added numeric, p_added_unit numeric, p_master numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case when x.merged > coalesce(p_master, 0) then x.merged end
    from (select case when greatest(p_quantity, 0) + p_added > 0 then
                   (greatest(p_quantity, 0) * coalesce(greatest(p_unit, p_master), 0)
                    + p_added * coalesce(greatest(p_added_unit, p_master), 0)) / (greatest(p_quantity, 0) + p_added)
                 end as merged) x;
$$;

--
-- Name: FUNCTION merged_unit_room(p_quantity numeric, p_unit numeric, p_added numeric, p_added_unit numeric, p_master numeric); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.merged_unit_room(p_quantity numeric, p_unit numeric, p_added numeric, p_added_unit numeric, p_master numeric) IS 'A lot''s declared unit room after units of another size join it: the weighted mean, or null when master data covers it.';

--
-- Name: promote_waiting_move_tasks(uuid, uuid); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.promote_waiting_move_tasks(p_tenant_id uuid, p_batch_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_task app_public.move_tasks;
  v_opened integer := 0;
begin
  for v_task in
    select * from app_public.move_tasks t
     where t.tenant_id = p_tenant_id and t.batch_id = p_batch_id and t.status = 'WAITING' and t.expires_at > now()
     order by t.sequence
       for update
  loop
    if exists (select from app_public.lots lot
                where lot.tenant_id = p_tenant_id and lot.location_id = v_task.from_location_id
                  and lot.material_id = v_task.material_id and lot.lot_number = v_task.lot_number
                  and lot.quantity_on_hand
                      - coalesce((select sum(o.quantity) from app_public.move_tasks o
                                   where o.tenant_id = p_tenant_id and o.status = 'OPEN'
                                     and o.from_location_id = v_task.from_location_id
                                     and o.material_id = v_task.material_id and o.lot_number = v_task.lot_number), 0)
                      >= v_task.quantity)
       and app_hidden.location_accepts(p_tenant_id, v_task.to_location_id, v_task.material_id, v_task.lot_number,
                                       true) is null
    then
      begin
        update app_public.move_tasks t set status = 'OPEN'
         where t.tenant_id = p_tenant_id and t.move_task_id = v_task.move_task_id;
        v_opened := v_opened + 1;
      exception when sqlstate 'CAPAC' then
        null; -- no room yet: it waits for the next task of the batch
      end;
    end if;
  end loop;
  return v_opened;
end;
$$;

--
-- Name: FUNCTION promote_waiting_move_tasks(p_tenant_id uuid, p_batch_id uuid); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.promote_waiting_move_tasks(p_tenant_id uuid, p_batch_id uuid) IS 'Makes the WAITING move tasks of a batch that can now run OPEN (reserving their room); returns how many.';

--
-- Name: prune_history(interval, integer); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.prune_history(p_keep interval, p_batch integer DEFAULT 10000) RETURNS TABLE(table_name text, deleted bigint)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
declare
  v_table record;
  v_count bigint;
begin
  if p_keep is null or p_keep < interval '1 day' then
    raise exception 'History is kept at least a day (asked: %)', p_keep using errcode = 'INVAL';
  end if;
  if p_batch is null or p_batch < 1 then
    raise exception 'The batch size must be at least 1 (asked: %)', p_batch using errcode = 'INVAL';
  end if;
  for v_table in
    select * from (values
      ('app_public', 'bin_optimization_statistical_metrics', 'computed_at', 'facility_id'),
      ('app_public', 'bin_optimization_ab_test_results', 'computed_at', 'facility_id'),
      ('app_public', 'bin_optimization_correlation_analysis', 'computed_at', 'facility_id'),
      ('app_public', 'bin_optimization_statistical_validations', 'computed_at', 'facility_id'),
      ('app_public', 'bin_optimization_outliers', 'computed_at', 'facility_id'),
      ('app_public', 'reslotting_plans', 'planned_at', 'facility_id'),
      ('app_private', 'data_quality_audit_runs', 'started_at', 'tenant_id')
    ) as t(schema_name, table_name, time_column, owner_column)
  loop
    execute format(
      $sql$
        with doomed as (
          select x.ctid from %1$I.%2$I x
           where x.%3$I < now() - $1
             and x.%3$I < (select max(y.%3$I) from %1$I.%2$I y
                            where y.tenant_id = x.tenant_id and y.%4$I = x.%4$I)
           limit $2
        )
        delete from %1$I.%2$I t using doomed d where t.ctid = d.ctid
      $sql$, v_table.schema_name, v_table.table_name, v_table.time_column, v_table.owner_column)
      using p_keep, p_batch;
    get diagnostics v_count = row_count;
    table_name := v_table.table_name;
    deleted := v_count;
    return next;
  end loop;
end;
$_$;

--
-- Name: FUNCTION prune_history(p_keep interval, p_batch integer); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.prune_history(p_keep interval, p_batch integer) IS 'Deletes statistics, audit runs and re-slotting plans older than p_keep (at most p_batch rows of each table a call), keeping each facility''s (audit runs: tenant''s) latest row; answers the rows deleted per table.';

--
-- Name: rebuild_location_occupancy(uuid); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.rebuild_location_occupancy(p_tenant_id uuid DEFAULT NULL::uuid) RETURNS bigint
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  with usage as (
    select l.tenant_id, l.location_id, l.facility_id,
           coalesce(s.cubic, 0) as cubic_on_hand, coalesce(s.weight, 0) as weight_on_hand,
           coalesce(r.cubic, 0) + coalesce(t.cubic, 0) as cubic_reserved,
           coalesce(r.weight, 0) + coalesce(t.weight, 0) as weight_reserved
      from app_public.locations l
      left join lateral (
        select sum(app_hidden.room_cubic_feet(lot.quantity_on_hand, lot.unit_cubic_feet, m.unit_cubic_feet)) as cubic,
               sum(app_hidden.room_weight_lbs(lot.quantity_on_hand, lot.unit_weight_lbs, m.unit_weight_lbs)) as weight
          from app_public.lots lot
          join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
         where lot.tenant_id = l.tenant_id and lot.location_id = l.location_id
      ) s on true
      left join lateral (
        select sum(p.cubic_feet) as cubic, sum(p.weight_lbs) as weight
          from app_public.putaway_recommendations p
         where p.tenant_id = l.tenant_id and p.location_id = l.location_id and p.status = 'PENDING'
      ) r on true
      left join lateral (
        select sum(t.cubic_feet) as cubic, sum(t.weight_lbs) as weight
          from app_public.move_tasks t
         where t.tenant_id = l.tenant_id and t.to_location_id = l.location_id and t.status = 'OPEN'
      ) t on true
     where p_tenant_id is null or l.tenant_id = p_tenant_id
  ), written as (
    insert into app_private.location_occupancy as o
      (tenant_id, location_id, facility_id, cubic_feet_on_hand, weight_lbs_on_hand, cubic_feet_reserved,
       weight_lbs_reserved)
    select * from usage
    on conflict (tenant_id, location_id) do update
      set cubic_feet_on_hand = excluded.cubic_feet_on_hand, weight_lbs_on_hand = excluded.weight_lbs_on_hand,
          cubic_feet_reserved = excluded.cubic_feet_reserved, weight_lbs_reserved = excluded.weight_lbs_reserved,
          version = o.version + 1, changed_xid = pg_current_xact_id(), changed_at = now()
      where (o.cubic_feet_on_hand, o.weight_lbs_on_hand, o.cubic_feet_reserved, o.weight_lbs_reserved)
            is distinct from (excluded.cubic_feet_on_hand, excluded.weight_lbs_on_hand,
                              excluded.cubic_feet_reserved, excluded.weight_lbs_reserved)
    returning 1
  )
  select count(*) from written;
$$;

--
-- Name: FUNCTION rebuild_location_occupancy(p_tenant_id uuid); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.rebuild_location_occupancy(p_tenant_id uuid) IS 'Recomputes location occupancy from lots (room by app_hidden.room_cubic_feet / room_weight_lbs), PENDING recommendations and OPEN move tasks, for one tenant or all; returns the rows it changed.';

--
-- Name: reclassify_abc(uuid, interval, numeric, numeric); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.reclassify_abc(p_tenant_id uuid, p_window interval DEFAULT '90 days'::interval, p_a_share numeric DEFAULT 0.80, p_b_share numeric DEFAULT 0.95) RETURNS TABLE(material_id uuid, code text, previous_class app_public.abc_class, new_class app_public.abc_class, picks bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if not (p_a_share > 0 and p_a_share <= p_b_share and p_b_share <= 1) then
    raise exception 'ABC cut-offs must satisfy 0 < A share <= B share <= 1 (got % and %)', p_a_share, p_b_share
      using errcode = 'INVAL';
  end if;
  return query
  with picks as (
    select m.material_id, m.code, m.abc_class,
           (select count(*) from app_public.inventory_transactions t
             where t.tenant_id = m.tenant_id and t.material_id = m.material_id and t.transaction_type = 'PICK'
               and t.occurred_at >= now() - p_window) as picks
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null
  ), ranked as (
    select p.*, coalesce(sum(p.picks) over (order by p.picks desc, p.code rows between unbounded preceding and 1 preceding), 0) as before,
           sum(p.picks) over () as total
      from picks p
  ), classified as (
    select r.material_id, r.code, r.abc_class as previous_class, r.picks,
           case when r.picks > 0 and r.before < p_a_share * r.total then 'A'
                when r.picks > 0 and r.before < p_b_share * r.total then 'B'
                else 'C' end::app_public.abc_class as new_class
      from ranked r
     where r.total > 0
  ), changed as (
    update app_public.materials m set abc_class = c.new_class
      from classified c
     where m.tenant_id = p_tenant_id and m.material_id = c.material_id and m.abc_class is distinct from c.new_class
    returning m.material_id
  )
  select c.material_id, c.code, c.previous_class, c.new_class, c.picks
    from classified c join changed using (material_id)
   order by c.picks desc, c.code;
end;
$$;

--
-- Name: FUNCTION reclassify_abc(p_tenant_id uuid, p_window interval, p_a_share numeric, p_b_share numeric); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.reclassify_abc(p_tenant_id uuid, p_window interval, p_a_share numeric, p_b_share numeric) IS 'Sets materials'' ABC classes from their PICK counts in a window (cumulative shares p_a_share, p_b_share); returns the changes.';

--
-- Name: refresh_aisle_congestion(interval); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.refresh_aisle_congestion(p_window interval DEFAULT '00:30:00'::interval) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_count integer;
begin
  insert into app_private.aisle_congestion_runs (tenant_id, facility_id, computed_at, window_minutes)
    select f.tenant_id, f.facility_id, now(), (extract(epoch from p_window) / 60)::integer from app_public.facilities f
  on conflict (tenant_id, facility_id) do update
    set computed_at = excluded.computed_at, window_minutes = excluded.window_minutes;
  delete from app_private.aisle_congestion;
  insert into app_private.aisle_congestion (tenant_id, facility_id, aisle, movements, congestion)
    select c.tenant_id, c.facility_id, c.aisle, c.movements,
           round(c.movements::numeric / nullif(max(c.movements) over (partition by c.tenant_id, c.facility_id), 0), 5)
      from (select t.tenant_id, t.facility_id, l.aisle, count(*)::integer as movements
              from app_public.inventory_transactions t
              join app_public.locations l on l.tenant_id = t.tenant_id and l.location_id = t.location_id
             where t.occurred_at >= now() - p_window and t.transaction_type in ('PICK', 'PUTAWAY')
               and l.aisle is not null
             group by t.tenant_id, t.facility_id, l.aisle) c;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

--
-- Name: FUNCTION refresh_aisle_congestion(p_window interval); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.refresh_aisle_congestion(p_window interval) IS 'Recomputes aisle congestion for every facility from the last window of PICK and PUTAWAY transactions.';

--
-- Name: refresh_bin_utilization_after(xid8); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.refresh_bin_utilization_after(p_xid xid8) RETURNS TABLE(refresh_id bigint, refreshed boolean, facilities integer, duration_ms numeric)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_last app_private.bin_utilization_refresh_runs;
  v_snapshot pg_snapshot;
  v_started timestamptz;
  v_facilities integer;
  v_duration numeric(12,3);
begin
  lock table app_private.bin_utilization_refresh_runs in share row exclusive mode;
  if p_xid is not null then
    select * into v_last from app_private.bin_utilization_refresh_runs r order by r.refresh_id desc limit 1;
    if found and pg_catalog.pg_visible_in_snapshot(p_xid, v_last.snapshot) then
      return query select v_last.refresh_id, false, v_last.facilities, v_last.duration_ms;
      return;
    end if;
  end if;
  v_started := clock_timestamp();
  -- A statement of its own, so that REFRESH's snapshot (taken later) sees at least what this one does.
  select pg_catalog.pg_current_snapshot() into v_snapshot;
  refresh materialized view concurrently app_public.bin_utilization_cache;
  v_duration := round(extract(epoch from clock_timestamp() - v_started)::numeric * 1000, 3);
  insert into app_private.bin_utilization_refreshes (tenant_id, facility_id, refreshed_at, duration_ms)
    select f.tenant_id, f.facility_id, clock_timestamp(), v_duration
      from app_public.facilities f
  on conflict (tenant_id, facility_id) do update
    set refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
  get diagnostics v_facilities = row_count;
  delete from app_private.bin_utilization_refresh_runs r where r.started_at < now() - interval '7 days';
  return query
    insert into app_private.bin_utilization_refresh_runs as r (started_at, duration_ms, snapshot, facilities)
    values (v_started, v_duration, v_snapshot, v_facilities)
    returning r.refresh_id, true, r.facilities, r.duration_ms;
end;
$$;

--
-- Name: FUNCTION refresh_bin_utilization_after(p_xid xid8); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.refresh_bin_utilization_after(p_xid xid8) IS 'Refreshes bin_utilization_cache concurrently unless the last refresh already includes transaction p_xid (null: always refresh); one refresh at a time. Returns the refresh that serves the caller and whether it ran now.';

--
-- Name: refresh_data_quality(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.refresh_data_quality() RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  refresh materialized view concurrently app_public.bin_optimization_data_quality;
$$;

--
-- Name: FUNCTION refresh_data_quality(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.refresh_data_quality() IS 'Refreshes bin_optimization_data_quality.';

--
-- Name: refresh_sku_affinity(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.refresh_sku_affinity() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  refresh materialized view concurrently app_private.sku_affinity;
  return (select count(*) from app_private.sku_affinity);
end;
$$;

--
-- Name: FUNCTION refresh_sku_affinity(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.refresh_sku_affinity() IS 'Refreshes app_private.sku_affinity; returns its number of pairs.';

--
-- Name: refresh_statistical_summary(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.refresh_statistical_summary() RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  refresh materialized view concurrently app_public.bin_optimization_statistical_summary;
$$;

--
-- Name: FUNCTION refresh_statistical_summary(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.refresh_statistical_summary() IS 'Refreshes bin_optimization_statistical_summary.';

--
-- Name: replace_material_slotting(uuid, uuid, integer, uuid[], numeric[], numeric[], numeric[]); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.replace_material_slotting(p_tenant_id uuid, p_facility_id uuid, p_window_days integer, p_material_ids uuid[], p_picks_per_day numeric[], p_stock_cubic_feet numeric[], p_slot_shares numeric[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_count integer;
begin
  if cardinality(p_material_ids) is distinct from cardinality(p_picks_per_day)
     or cardinality(p_material_ids) is distinct from cardinality(p_stock_cubic_feet)
     or cardinality(p_material_ids) is distinct from cardinality(p_slot_shares) then
    raise exception 'replace_material_slotting: the arrays must have one entry per material' using errcode = 'INVAL';
  end if;
  delete from app_private.material_slotting s
   where s.tenant_id = p_tenant_id and s.facility_id = p_facility_id
     and s.material_id <> all(coalesce(p_material_ids, '{}'));
  insert into app_private.material_slotting as s
         (tenant_id, facility_id, material_id, picks_per_day, stock_cubic_feet, slot_share, window_days, computed_at)
    select p_tenant_id, p_facility_id, r.material_id, round(r.picks_per_day, 4), round(r.stock_cubic_feet, 4),
           round(r.slot_share, 6), p_window_days, now()
      from unnest(p_material_ids, p_picks_per_day, p_stock_cubic_feet, p_slot_shares)
           as r (material_id, picks_per_day, stock_cubic_feet, slot_share)
  on conflict (tenant_id, facility_id, material_id) do update
    set picks_per_day = excluded.picks_per_day, stock_cubic_feet = excluded.stock_cubic_feet,
        slot_share = excluded.slot_share, window_days = excluded.window_days, computed_at = excluded.computed_at;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

--
-- Name: FUNCTION replace_material_slotting(p_tenant_id uuid, p_facility_id uuid, p_window_days integer, p_material_ids uuid[], p_picks_per_day numeric[], p_stock_cubic_feet numeric[], p_slot_shares numeric[]); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.replace_material_slotting(p_tenant_id uuid, p_facility_id uuid, p_window_days integer, p_material_ids uuid[], p_picks_per_day numeric[], p_stock_cubic_feet numeric[], p_slot_shares numeric[]) IS 'Replaces a facility''s adaptive slotting rows (material, picks per day, mean stock cube, slot share); returns the rows written.';

--
-- Name: run_data_quality_audit(uuid); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.run_data_quality_audit(p_tenant_id uuid) RETURNS TABLE(open_findings integer, new_findings integer, resolved_findings integer, remediations integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_started timestamptz := clock_timestamp();
  v_remediations integer := 0;
  v_new integer;
  v_resolved integer;
  v_open integer;
  v_material record;
begin
  -- Safe fixes first: cubic feet follow from complete dimensions.
  if coalesce((select s.auto_remediation_enabled from app_public.data_quality_settings s
                where s.tenant_id = p_tenant_id and s.deleted_at is null), true) then
    for v_material in
      update app_public.materials m
         set unit_cubic_feet = round(m.unit_length_in * m.unit_width_in * m.unit_height_in / 1728.0, 4)
       where m.tenant_id = p_tenant_id and m.deleted_at is null and m.unit_cubic_feet is null
         and m.unit_length_in is not null and m.unit_width_in is not null and m.unit_height_in is not null
      returning m.material_id, m.code, m.unit_cubic_feet
    loop
      perform app_private.log_remediation(p_tenant_id, null, 'CUBIC_FEET_FROM_DIMENSIONS', 'materials', v_material.material_id,
        'unit_cubic_feet was missing and the dimensions were complete', 'SUCCEEDED',
        jsonb_build_object('code', v_material.code, 'unitCubicFeet', v_material.unit_cubic_feet));
      v_remediations := v_remediations + 1;
    end loop;
  end if;

  create temp table if not exists pg_temp.current_findings (
    facility_id uuid, entity_type text, entity_id uuid, entity_code text, code text, message text
  ) on commit drop;
  truncate pg_temp.current_findings;
  insert into pg_temp.current_findings
    select null::uuid, 'MATERIAL', m.material_id, m.code, 'MISSING_DIMENSIONS',
           format('Material %s has no %s', m.code, concat_ws(', ',
             case when m.unit_length_in is null then 'length' end, case when m.unit_width_in is null then 'width' end,
             case when m.unit_height_in is null then 'height' end, case when m.unit_cubic_feet is null then 'cubic feet' end))
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null
       and (m.unit_length_in is null or m.unit_width_in is null or m.unit_height_in is null or m.unit_cubic_feet is null)
    union all
    select null, 'MATERIAL', m.material_id, m.code, 'MISSING_WEIGHT', format('Material %s has no unit weight', m.code)
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null and m.unit_weight_lbs is null
    union all
    select null, 'MATERIAL', m.material_id, m.code, 'MISSING_ABC_CLASS', format('Material %s has no velocity class', m.code)
      from app_public.materials m
     where m.tenant_id = p_tenant_id and m.deleted_at is null and m.abc_class is null
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'NON_POSITIVE_CAPACITY',
           format('Location %s has a capacity of %s cubic feet and %s lb', l.code, l.max_cubic_feet, l.max_weight_lbs)
      from app_public.locations l
     where l.tenant_id = p_tenant_id and l.deleted_at is null and (l.max_cubic_feet <= 0 or l.max_weight_lbs <= 0)
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'CAPACITY_EXCEEDS_DIMENSIONS',
           format('Location %s claims %s cubic feet but its inner dimensions hold %s', l.code, l.max_cubic_feet,
                  round(l.inner_length_in * l.inner_width_in * l.inner_height_in / 1728.0, 3))
      from app_public.locations l
     where l.tenant_id = p_tenant_id and l.deleted_at is null
       and l.max_cubic_feet > round(l.inner_length_in * l.inner_width_in * l.inner_height_in / 1728.0, 3) * 1.01
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'OVER_CAPACITY',
           format('Location %s holds %s of %s cubic feet and %s of %s lb', l.code, round(o.cubic_feet_on_hand, 4),
                  l.max_cubic_feet, round(o.weight_lbs_on_hand, 3), l.max_weight_lbs)
      from app_public.locations l
      join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
     where l.tenant_id = p_tenant_id and l.deleted_at is null
       and (o.cubic_feet_on_hand > l.max_cubic_feet or o.weight_lbs_on_hand > l.max_weight_lbs)
    union all
    select l.facility_id, 'LOCATION', l.location_id, l.code, 'STOCK_IN_DELETED_LOCATION',
           format('Location %s is deleted but holds %s cubic feet and %s lb (stock and reservations)', l.code,
                  round(o.cubic_feet_on_hand + o.cubic_feet_reserved, 4), round(o.weight_lbs_on_hand + o.weight_lbs_reserved, 3))
      from app_public.locations l
      join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
     where l.tenant_id = p_tenant_id and l.deleted_at is not null
       and (o.cubic_feet_on_hand + o.weight_lbs_on_hand + o.cubic_feet_reserved + o.weight_lbs_reserved > 0
            or exists (select from app_public.lots s
                        where s.tenant_id = l.tenant_id and s.location_id = l.location_id and s.quantity_on_hand > 0)
            or exists (select from app_public.putaway_recommendations r
                        where r.tenant_id = l.tenant_id and r.location_id = l.location_id and r.status = 'PENDING'))
    union all
    select lot.facility_id, 'LOT', lot.lot_id, concat_ws(' / ', l.code, m.code, lot.lot_number), 'INCOMPATIBLE_STOCK',
           format('Lot %s of %s in %s breaks the location''s rules: %s', lot.lot_number, m.code, l.code, a.reason)
      from app_public.lots lot
      join app_public.locations l on l.tenant_id = lot.tenant_id and l.location_id = lot.location_id
      -- Storage zones only: receiving, docks, staging and cross-dock hold any stock for a while.
      join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
                             and z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK')
      join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
      cross join lateral (select app_hidden.location_accepts(lot.tenant_id, lot.location_id, lot.material_id,
                                                             lot.lot_number, false) as reason) a
     where lot.tenant_id = p_tenant_id and lot.quantity_on_hand > 0 and lot.deleted_at is null
       and l.deleted_at is null and a.reason is not null;

  -- Detected overflows are capacity failures too, recorded once per open finding.
  insert into app_public.capacity_validation_failures (tenant_id, facility_id, location_id, source, requested_cubic_feet,
      requested_weight_lbs, available_cubic_feet, available_weight_lbs, message)
    select p_tenant_id, c.facility_id, c.entity_id, 'AUDIT', o.cubic_feet_on_hand, o.weight_lbs_on_hand,
           l.max_cubic_feet - o.cubic_feet_on_hand, l.max_weight_lbs - o.weight_lbs_on_hand, c.message
      from pg_temp.current_findings c
      join app_public.locations l on l.tenant_id = p_tenant_id and l.location_id = c.entity_id
      join app_private.location_occupancy o on o.tenant_id = p_tenant_id and o.location_id = c.entity_id
     where c.code = 'OVER_CAPACITY'
       and not exists (select from app_public.data_quality_findings f
                        where f.tenant_id = p_tenant_id and f.entity_id = c.entity_id and f.code = 'OVER_CAPACITY'
                          and f.status = 'OPEN');

  update app_public.data_quality_findings f
     set status = 'RESOLVED', resolved_at = now()
   where f.tenant_id = p_tenant_id and f.status = 'OPEN'
     and not exists (select from pg_temp.current_findings c
                      where c.entity_type = f.entity_type and c.entity_id = f.entity_id and c.code = f.code);
  get diagnostics v_resolved = row_count;
  update app_public.data_quality_findings f
     set last_seen_at = now(), message = c.message
    from pg_temp.current_findings c
   where f.tenant_id = p_tenant_id and f.status = 'OPEN'
     and c.entity_type = f.entity_type and c.entity_id = f.entity_id and c.code = f.code;
  insert into app_public.data_quality_findings (tenant_id, facility_id, entity_type, entity_id, entity_code, code, message)
    select p_tenant_id, c.facility_id, c.entity_type, c.entity_id, c.entity_code, c.code, c.message
      from pg_temp.current_findings c
     where not exists (select from app_public.data_quality_findings f
                        where f.tenant_id = p_tenant_id and f.status = 'OPEN' and f.entity_type = c.entity_type
                          and f.entity_id = c.entity_id and f.code = c.code);
  get diagnostics v_new = row_count;
  select count(*) into v_open from app_public.data_quality_findings f where f.tenant_id = p_tenant_id and f.status = 'OPEN';
  insert into app_private.data_quality_audit_runs (tenant_id, started_at, finished_at, open_findings, new_findings,
      resolved_findings, remediations)
    values (p_tenant_id, v_started, clock_timestamp(), v_open, v_new, v_resolved, v_remediations);
  return query select v_open, v_new, v_resolved, v_remediations;
end;
$$;

--
-- Name: FUNCTION run_data_quality_audit(p_tenant_id uuid); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.run_data_quality_audit(p_tenant_id uuid) IS 'Runs the data-quality audit of one tenant: safe fixes, then findings opened, kept or resolved. Returns the counts.';

--
-- Name: scheduled_refresh_bin_utilization(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.scheduled_refresh_bin_utilization() RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select r.facilities from app_private.refresh_bin_utilization_after(null) r;
$$;

--
-- Name: FUNCTION scheduled_refresh_bin_utilization(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.scheduled_refresh_bin_utilization() IS 'Refreshes bin_utilization_cache concurrently and records the time per facility; returns the facilities recorded.';

--
-- Name: set_database_defaults(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.set_database_defaults() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
begin
  execute format(
    'alter database %I set search_path to "$user", public, app_public, app_hidden, app_private',
    current_database()
  );
end;
$_$;

--
-- Name: FUNCTION set_database_defaults(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.set_database_defaults() IS 'Sets the current database''s default search_path so that runbook SQL works unqualified.';

--
-- Name: slotting_demand(uuid, interval); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.slotting_demand(p_tenant_id uuid, p_window interval DEFAULT '90 days'::interval) RETURNS TABLE(facility_id uuid, material_id uuid, code text, picks_per_day numeric, stock_cubic_feet numeric, on_hand_cubic_feet numeric, low_cubic_feet numeric, high_cubic_feet numeric, picked_cubic_feet_per_day numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  with bounds as (
    select now() - p_window as window_start, extract(epoch from p_window) as window_seconds
  ), storage as (
    select l.location_id
      from app_public.locations l
      join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
     where l.tenant_id = p_tenant_id and z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK')
  ), on_hand as (
    select s.facility_id, s.material_id, sum(s.quantity_on_hand) as quantity
      from app_public.lots s
     where s.tenant_id = p_tenant_id and s.location_id in (select location_id from storage)
     group by s.facility_id, s.material_id
  ), picks as (
    -- Lines from any location (how often it is asked for); the cube from storage locations only (what drains
    -- the stock the marks follow: a cross-docked or staged pick does not).
    select t.facility_id, t.material_id, count(*) as picks,
           coalesce(sum(abs(t.quantity)) filter (where t.location_id in (select location_id from storage)), 0) as units
      from app_public.inventory_transactions t
     where t.tenant_id = p_tenant_id and t.transaction_type = 'PICK'
       and t.occurred_at >= (select window_start from bounds)
     group by t.facility_id, t.material_id
  ), weighted as (
    select t.facility_id, t.material_id,
           sum(v.quantity * extract(epoch from least(t.occurred_at, now()) - b.window_start) / b.window_seconds) as quantity
      from app_public.inventory_transactions t
     cross join bounds b
     cross join lateral (values (t.location_id, t.quantity), (t.from_location_id, -t.quantity)) as v (location_id, quantity)
     where t.tenant_id = p_tenant_id and t.occurred_at >= b.window_start
       and v.location_id in (select location_id from storage)
     group by t.facility_id, t.material_id
  ), steps as (
    -- The net change of each material's storage stock at each instant of the window (a movement dated later
    -- than now is in the stock on hand already, so it counts as now).
    select t.facility_id, t.material_id, least(t.occurred_at, now()) as occurred_at, sum(v.quantity) as quantity
      from app_public.inventory_transactions t
     cross join lateral (values (t.location_id, t.quantity), (t.from_location_id, -t.quantity)) as v (location_id, quantity)
     where t.tenant_id = p_tenant_id and t.occurred_at >= (select window_start from bounds)
       and v.location_id in (select location_id from storage)
     group by t.facility_id, t.material_id, least(t.occurred_at, now())
  ), levels as (
    -- The stock just before each instant: what is on hand now less every change since.
    select s.facility_id, s.material_id, s.quantity,
           coalesce(h.quantity, 0)
             - sum(s.quantity) over (partition by s.facility_id, s.material_id order by s.occurred_at desc) as before
      from steps s
      left join on_hand h on h.facility_id = s.facility_id and h.material_id = s.material_id
  ), marks as (
    select facility_id, material_id,
           min(least(before, before + quantity)) as low, max(greatest(before, before + quantity)) as high
      from levels
     group by facility_id, material_id
  ), keys as (
    select k.facility_id, k.material_id from on_hand k
    union select k.facility_id, k.material_id from picks k
    union select k.facility_id, k.material_id from weighted k
  )
  select k.facility_id, k.material_id, m.code,
         coalesce(p.picks, 0) / ((select window_seconds from bounds) / 86400) as picks_per_day,
         greatest(coalesce(h.quantity, 0) - coalesce(w.quantity, 0), 0) * m.unit_cubic_feet as stock_cubic_feet,
         greatest(coalesce(h.quantity, 0), 0) * m.unit_cubic_feet as on_hand_cubic_feet,
         greatest(least(coalesce(h.quantity, 0), coalesce(x.low, h.quantity, 0)), 0) * m.unit_cubic_feet as low_cubic_feet,
         greatest(coalesce(h.quantity, 0), coalesce(x.high, h.quantity, 0), 0) * m.unit_cubic_feet as high_cubic_feet,
         coalesce(p.units, 0) * m.unit_cubic_feet / ((select window_seconds from bounds) / 86400)
           as picked_cubic_feet_per_day
    from keys k
    join app_public.facilities f on f.tenant_id = p_tenant_id and f.facility_id = k.facility_id
    join app_public.materials m on m.tenant_id = p_tenant_id and m.material_id = k.material_id
    left join on_hand h on h.facility_id = k.facility_id and h.material_id = k.material_id
    left join picks p on p.facility_id = k.facility_id and p.material_id = k.material_id
    left join weighted w on w.facility_id = k.facility_id and w.material_id = k.material_id
    left join marks x on x.facility_id = k.facility_id and x.material_id = k.material_id
   where f.deleted_at is null and m.unit_cubic_feet is not null
     and (coalesce(p.picks, 0) > 0 or coalesce(h.quantity, 0) - coalesce(w.quantity, 0) > 0
          or coalesce(h.quantity, 0) > 0)
   order by k.facility_id, m.code;
$$;

--
-- Name: FUNCTION slotting_demand(p_tenant_id uuid, p_window interval); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.slotting_demand(p_tenant_id uuid, p_window interval) IS 'Per facility and material of a tenant, for adaptive slotting: PICK transactions per day over the window, and in cubic feet the exact mean stock in storage locations over the window, the stock on hand now, the lowest and highest stock over the window (on hand included; a movement dated later than now counts as now) and the cube picked per day from storage locations over the window.';

--
-- Name: store_reslotting_plan(uuid, uuid, text, integer, jsonb, jsonb); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.store_reslotting_plan(p_tenant_id uuid, p_facility_id uuid, p_objective text, p_max_moves integer, p_moves jsonb, p_summary jsonb) RETURNS uuid
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  insert into app_public.reslotting_plans (tenant_id, facility_id, objective, max_moves, moves, summary, created_by, updated_by)
  values (p_tenant_id, p_facility_id, p_objective::app_public.reslotting_objective, p_max_moves, p_moves, p_summary,
          null, null)
  returning reslotting_plan_id;
$$;

--
-- Name: FUNCTION store_reslotting_plan(p_tenant_id uuid, p_facility_id uuid, p_objective text, p_max_moves integer, p_moves jsonb, p_summary jsonb); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.store_reslotting_plan(p_tenant_id uuid, p_facility_id uuid, p_objective text, p_max_moves integer, p_moves jsonb, p_summary jsonb) IS 'Stores one re-slotting plan of a facility; returns its id.';

--
-- Name: tg__audit_update(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg__audit_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  new.created_at := old.created_at;
  new.created_by := old.created_by;
  new.updated_at := greatest(now(), old.updated_at);
  new.updated_by := app_public.current_user_id();
  return new;
end;
$$;

--
-- Name: FUNCTION tg__audit_update(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg__audit_update() IS 'Trigger: stamps updated_at/updated_by and keeps created_at/created_by unchanged.';

--
-- Name: tg__queue_bin_utilization_refresh(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg__queue_bin_utilization_refresh() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenant_id uuid;
  v_facility_id uuid;
  v_flag text;
begin
  if tg_op = 'DELETE' then
    v_tenant_id := old.tenant_id;
    v_facility_id := old.facility_id;
  else
    v_tenant_id := new.tenant_id;
    v_facility_id := new.facility_id;
  end if;
  v_flag := 'buo.refresh_queued_' || replace(v_facility_id::text, '-', '');
  if current_setting(v_flag, true) = 'yes' or to_regnamespace('graphile_worker') is null then
    return null;
  end if;
  perform graphile_worker.add_job(
    'refresh_bin_utilization',
    json_build_object('tenantId', v_tenant_id, 'facilityId', v_facility_id, 'xid', pg_catalog.pg_current_xact_id()::text),
    run_at => now() + interval '5 seconds',
    job_key => 'refresh_bin_utilization:' || v_tenant_id || ':' || v_facility_id,
    job_key_mode => 'preserve_run_at',
    max_attempts => 5);
  perform set_config(v_flag, 'yes', true);
  return null;
end;
$$;

--
-- Name: FUNCTION tg__queue_bin_utilization_refresh(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg__queue_bin_utilization_refresh() IS 'Trigger: queues one debounced refresh_bin_utilization job per tenant and facility, with the queuing transaction''s id (a refresh that already includes it serves the job).';

--
-- Name: tg_check_text_lengths(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_check_text_lengths() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_new jsonb := to_jsonb(new);
  v_old jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) end;
  v_value text;
begin
  for i in 0 .. tg_nargs - 1 by 3 loop
    v_value := v_new ->> tg_argv[i];
    if length(v_value) > tg_argv[i + 1]::integer and v_value is distinct from v_old ->> tg_argv[i] then
      raise exception '% must be at most % characters.', tg_argv[i + 2], tg_argv[i + 1]
        using errcode = 'TLONG', column = tg_argv[i], table = tg_table_name;
    end if;
  end loop;
  return new;
end;
$$;

--
-- Name: FUNCTION tg_check_text_lengths(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_check_text_lengths() IS 'Trigger: refuses (TLONG) text longer than its limit, in the values an insert or update sets or changes; arguments: column, limit, field name, repeated.';

--
-- Name: tg_facilities__layout_version(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_facilities__layout_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  insert into app_private.facility_layout_versions (tenant_id, facility_id) values (new.tenant_id, new.facility_id);
  return null;
end;
$$;

--
-- Name: tg_inventory_transactions__apply_to_lots(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_inventory_transactions__apply_to_lots() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_unit_cubic numeric := new.unit_cubic_feet;
  v_unit_weight numeric := new.unit_weight_lbs;
begin
  -- The occupancy rows first, in key order, before any lot row: the order confirmPutaway, reservations and
  -- capacity changes take them in, so that a movement and any of those never wait for each other in a cycle.
  perform 1 from app_private.location_occupancy o
   where o.tenant_id = new.tenant_id and o.location_id in (new.location_id, new.from_location_id)
   order by o.location_id
     for update;
  if new.from_location_id is not null then
    -- Moved units keep the room they took at the source, unless the movement declares its own.
    select coalesce(new.unit_cubic_feet, l.unit_cubic_feet), coalesce(new.unit_weight_lbs, l.unit_weight_lbs)
      into v_unit_cubic, v_unit_weight
      from app_public.lots l
     where l.tenant_id = new.tenant_id and l.location_id = new.from_location_id and l.material_id = new.material_id
       and l.lot_number = new.lot_number;
    perform app_private.apply_stock_change(new.tenant_id, new.facility_id, new.from_location_id,
      new.material_id, new.lot_number, -new.quantity, new.expiry_date, new.occurred_at, null, null);
  end if;
  perform app_private.apply_stock_change(new.tenant_id, new.facility_id, new.location_id,
    new.material_id, new.lot_number, new.quantity, new.expiry_date, new.occurred_at, v_unit_cubic, v_unit_weight);
  return null;
end;
$$;

--
-- Name: FUNCTION tg_inventory_transactions__apply_to_lots(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_inventory_transactions__apply_to_lots() IS 'Trigger: applies a new inventory transaction to the lots it moves stock between.';

--
-- Name: tg_inventory_transactions__check_location(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_inventory_transactions__check_location() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_stores boolean;
  v_one_at_a_time boolean;
  v_code text;
  v_deleted_at timestamptz;
  v_usable boolean;
  v_archived boolean;
  v_refusal text;
begin
  if new.quantity <= 0 then
    return new;
  end if;
  select z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK'), l.mixing_rule <> 'ANY',
         z.deleted_at is not null or f.deleted_at is not null
    into v_stores, v_one_at_a_time, v_archived
    from app_public.locations l
    join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
    join app_public.facilities f on f.tenant_id = l.tenant_id and f.facility_id = l.facility_id
   where l.tenant_id = new.tenant_id and l.location_id = new.location_id;
  if not found then
    return new; -- the foreign key says so
  end if;
  if v_stores and v_one_at_a_time then
    select l.code, l.deleted_at, l.is_active and not l.is_blocked into v_code, v_deleted_at, v_usable
      from app_public.locations l
     where l.tenant_id = new.tenant_id and l.location_id = new.location_id
       for no key update;
  else
    select l.code, l.deleted_at, l.is_active and not l.is_blocked into v_code, v_deleted_at, v_usable
      from app_public.locations l
     where l.tenant_id = new.tenant_id and l.location_id = new.location_id
       for key share;
  end if;
  if v_deleted_at is not null then
    raise exception 'Location % is deleted: it cannot take stock', v_code using errcode = 'NOTFD';
  end if;
  if v_archived then
    raise exception 'Location % belongs to an archived zone or facility: it cannot take stock', v_code
      using errcode = 'NOTFD';
  end if;
  if new.transaction_type in ('RECEIPT', 'PUTAWAY', 'MOVE') and v_stores then
    if not v_usable then
      raise exception 'Location % is inactive or blocked: it cannot take stock', v_code using errcode = 'INVAL';
    end if;
    v_refusal := app_hidden.location_accepts(new.tenant_id, new.location_id, new.material_id, new.lot_number, false);
    if v_refusal is not null and v_refusal <> 'NOT_FOUND' then
      raise exception 'Location % does not accept this stock: %', v_code, v_refusal
        using errcode = 'INCMP', detail = json_build_object('reason', v_refusal)::text;
    end if;
  end if;
  return new;
end;
$$;

--
-- Name: FUNCTION tg_inventory_transactions__check_location(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_inventory_transactions__check_location() IS 'Trigger: refuses stock into a deleted location or one of an archived zone or facility (NOTFD), and receipts, putaways and moves into an inactive or blocked storage location (INVAL) or one whose rules refuse the stock (INCMP).';

--
-- Name: tg_inventory_transactions__check_mixing(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_inventory_transactions__check_mixing() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_mixed record;
begin
  select l.code, l.mixing_rule into v_mixed
    from (select distinct t.tenant_id, t.location_id, t.material_id, t.lot_number from new_rows t
           where t.quantity > 0 and t.transaction_type in ('RECEIPT', 'PUTAWAY', 'MOVE')) t
    join app_public.locations l on l.tenant_id = t.tenant_id and l.location_id = t.location_id
    join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
   where l.mixing_rule <> 'ANY' and z.zone_type in ('PICK_FACE', 'RESERVE', 'BULK')
     and exists (select from app_public.lots s
                  where s.tenant_id = t.tenant_id and s.location_id = t.location_id and s.quantity_on_hand > 0
                    and (s.material_id <> t.material_id
                         or (l.mixing_rule = 'SINGLE_LOT' and s.lot_number is distinct from t.lot_number)))
   limit 1;
  if found then
    raise exception 'Location % does not accept this stock: MIXING (it holds % at a time)', v_mixed.code,
      case v_mixed.mixing_rule when 'SINGLE_LOT' then 'one lot' else 'one material' end
      using errcode = 'INCMP', detail = json_build_object('reason', 'MIXING')::text;
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION tg_inventory_transactions__check_mixing(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_inventory_transactions__check_mixing() IS 'Trigger: after a statement of receipts, putaways or moves, refuses it (INCMP) when a storage location that holds one material or one lot at a time now holds stock of another next to what the statement brought.';

--
-- Name: tg_locations__bump_layout_version(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_locations__bump_layout_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  update app_private.facility_layout_versions v
     set version = v.version + 1
    from (select distinct tenant_id, facility_id from changed_rows) c
   where v.tenant_id = c.tenant_id and v.facility_id = c.facility_id;
  return null;
end;
$$;

--
-- Name: FUNCTION tg_locations__bump_layout_version(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_locations__bump_layout_version() IS 'Trigger: bumps the layout version of every facility whose locations (or zones) a statement changed.';

--
-- Name: tg_locations__keep_what_they_hold(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_locations__keep_what_they_hold() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_held app_private.location_occupancy;
begin
  if old.deleted_at is null and new.deleted_at is not null then
    -- Waits for every transaction that is bringing stock or reservations here (they hold FOR KEY SHARE), so
    -- that what follows sees them.
    perform 1 from app_public.locations l where l.tenant_id = new.tenant_id and l.location_id = new.location_id
       for update;
  end if;
  select * into v_held from app_private.location_occupancy o
   where o.tenant_id = new.tenant_id and o.location_id = new.location_id
     for update;
  if not found then
    return new;
  end if;
  if old.deleted_at is null and new.deleted_at is not null
     and (v_held.cubic_feet_on_hand + v_held.weight_lbs_on_hand + v_held.cubic_feet_reserved
          + v_held.weight_lbs_reserved > 0
          or exists (select from app_public.lots s
                      where s.tenant_id = new.tenant_id and s.location_id = new.location_id and s.quantity_on_hand > 0)
          or exists (select from app_public.putaway_recommendations r
                      where r.tenant_id = new.tenant_id and r.location_id = new.location_id and r.status = 'PENDING')
          or exists (select from app_public.move_tasks t
                      where t.tenant_id = new.tenant_id and t.status in ('OPEN', 'WAITING')
                        and new.location_id in (t.to_location_id, t.from_location_id)))
  then
    raise exception 'Location % holds stock or reservations (% cubic feet, % lb): empty it before deleting it',
      new.code, round(v_held.cubic_feet_on_hand + v_held.cubic_feet_reserved, 4),
      round(v_held.weight_lbs_on_hand + v_held.weight_lbs_reserved, 3)
      using errcode = 'INUSE';
  end if;
  if (new.max_cubic_feet < old.max_cubic_feet
      and new.max_cubic_feet < v_held.cubic_feet_on_hand + v_held.cubic_feet_reserved)
     or (new.max_weight_lbs < old.max_weight_lbs
         and new.max_weight_lbs < v_held.weight_lbs_on_hand + v_held.weight_lbs_reserved) then
    raise exception 'Location % holds % cubic feet and % lb (stock and reservations): its capacity cannot go below that',
      new.code, round(v_held.cubic_feet_on_hand + v_held.cubic_feet_reserved, 4),
      round(v_held.weight_lbs_on_hand + v_held.weight_lbs_reserved, 3)
      using errcode = 'CAPAC',
            detail = json_build_object('locationId', new.location_id, 'locationCode', new.code,
                                       'cubicFeet', v_held.cubic_feet_on_hand + v_held.cubic_feet_reserved,
                                       'maxCubicFeet', new.max_cubic_feet,
                                       'weightLbs', v_held.weight_lbs_on_hand + v_held.weight_lbs_reserved,
                                       'maxWeightLbs', new.max_weight_lbs)::text;
  end if;
  return new;
end;
$$;

--
-- Name: FUNCTION tg_locations__keep_what_they_hold(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_locations__keep_what_they_hold() IS 'Trigger: refuses lowering a location''s capacity below what it holds (CAPAC) and deleting a location that holds stock or reservations (INUSE).';

--
-- Name: tg_locations__occupancy(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_locations__occupancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  insert into app_private.location_occupancy (tenant_id, location_id, facility_id)
    values (new.tenant_id, new.location_id, new.facility_id);
  return null;
end;
$$;

--
-- Name: tg_lots__occupancy(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_lots__occupancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_master_cubic numeric;
  v_master_weight numeric;
  v_row app_public.lots := case when tg_op = 'DELETE' then old else new end;
  v_cubic numeric := 0;
  v_weight numeric := 0;
begin
  if tg_op = 'UPDATE' and old.location_id is distinct from new.location_id then
    raise exception 'A lot cannot change location; record a MOVE transaction instead' using errcode = 'INVAL';
  end if;
  select m.unit_cubic_feet, m.unit_weight_lbs into v_master_cubic, v_master_weight
    from app_public.materials m where m.tenant_id = v_row.tenant_id and m.material_id = v_row.material_id;
  if tg_op <> 'DELETE' then
    v_cubic := app_hidden.room_cubic_feet(new.quantity_on_hand, new.unit_cubic_feet, v_master_cubic);
    v_weight := app_hidden.room_weight_lbs(new.quantity_on_hand, new.unit_weight_lbs, v_master_weight);
  end if;
  if tg_op <> 'INSERT' then
    v_cubic := v_cubic - app_hidden.room_cubic_feet(old.quantity_on_hand, old.unit_cubic_feet, v_master_cubic);
    v_weight := v_weight - app_hidden.room_weight_lbs(old.quantity_on_hand, old.unit_weight_lbs, v_master_weight);
  end if;
  perform app_private.change_location_usage(v_row.tenant_id, v_row.location_id, v_cubic, v_weight, 0, 0, true);
  return null;
end;
$$;

--
-- Name: tg_material_dimension_verifications__review(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_material_dimension_verifications__review() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  if new.outcome is distinct from old.outcome then
    if old.outcome <> 'FLAGGED_FOR_REVIEW' or new.outcome not in ('APPROVED', 'DISMISSED') then
      raise exception 'A verification can only go from FLAGGED_FOR_REVIEW to APPROVED or DISMISSED (it is %)', old.outcome
        using errcode = 'INVAL';
    end if;
    new.reviewed_by := app_public.current_user_id();
    new.reviewed_at := now();
    if new.outcome = 'APPROVED' then
      perform app_private.apply_measured_dimensions(new, format('variance of %s %% approved by a supervisor', new.variance_pct));
    end if;
  end if;
  return new;
end;
$$;

--
-- Name: FUNCTION tg_material_dimension_verifications__review(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_material_dimension_verifications__review() IS 'Trigger: a supervisor''s review of a flagged verification; approval updates master data.';

--
-- Name: tg_material_dimension_verifications__verify(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_material_dimension_verifications__verify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_material app_public.materials;
  v_ratio numeric;
begin
  select * into v_material from app_public.materials m
   where m.tenant_id = new.tenant_id and m.material_id = new.material_id;
  new.master_length_in := v_material.unit_length_in;
  new.master_width_in := v_material.unit_width_in;
  new.master_height_in := v_material.unit_height_in;
  new.master_cubic_feet := v_material.unit_cubic_feet;
  new.master_weight_lbs := v_material.unit_weight_lbs;
  new.tolerance_pct := coalesce((select s.dimension_tolerance_pct from app_public.data_quality_settings s
                                  where s.tenant_id = new.tenant_id and s.deleted_at is null), 5);
  new.reviewed_by := null;
  new.reviewed_at := null;
  -- The largest relative difference over the values master data has; a missing one is filled in, but the
  -- others must still agree (or a supervisor decides).
  select max(abs(measured - master) / nullif(master, 0)) into v_ratio
    from (values (new.measured_length_in, v_material.unit_length_in), (new.measured_width_in, v_material.unit_width_in),
                 (new.measured_height_in, v_material.unit_height_in),
                 -- (generated columns are not computed yet in a before trigger)
                 (round(new.measured_length_in * new.measured_width_in * new.measured_height_in / 1728.0, 4),
                  v_material.unit_cubic_feet),
                 (new.measured_weight_lbs, v_material.unit_weight_lbs)) as d(measured, master);
  new.variance_pct := round(100 * v_ratio, 2);
  new.outcome := case when v_ratio is null or 100 * v_ratio <= new.tolerance_pct then 'AUTO_UPDATED' else 'FLAGGED_FOR_REVIEW' end;
  if new.outcome = 'AUTO_UPDATED' then
    perform app_private.apply_measured_dimensions(new,
      case when new.variance_pct is null then 'master data had no dimensions or weight'
           else format('measurement within %s %% of master data (%s %%)', new.tolerance_pct, new.variance_pct) end);
  end if;
  return new;
end;
$$;

--
-- Name: FUNCTION tg_material_dimension_verifications__verify(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_material_dimension_verifications__verify() IS 'Trigger: compares a new measurement with master data, updates master data within tolerance, flags it otherwise.';

--
-- Name: tg_materials__occupancy(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_materials__occupancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_change record;
begin
  for v_change in
    select l.tenant_id, l.location_id,
           sum(app_hidden.room_cubic_feet(l.quantity_on_hand, l.unit_cubic_feet, new.unit_cubic_feet)
               - app_hidden.room_cubic_feet(l.quantity_on_hand, l.unit_cubic_feet, old.unit_cubic_feet)) as cubic,
           sum(app_hidden.room_weight_lbs(l.quantity_on_hand, l.unit_weight_lbs, new.unit_weight_lbs)
               - app_hidden.room_weight_lbs(l.quantity_on_hand, l.unit_weight_lbs, old.unit_weight_lbs)) as weight
      from app_public.lots l
     where l.tenant_id = new.tenant_id and l.material_id = new.material_id and l.quantity_on_hand > 0
     group by l.tenant_id, l.location_id
     order by l.tenant_id, l.location_id
  loop
    perform app_private.change_location_usage(v_change.tenant_id, v_change.location_id, v_change.cubic,
      v_change.weight, 0, 0, false);
  end loop;
  return null;
end;
$$;

--
-- Name: tg_move_tasks__occupancy(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_move_tasks__occupancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenants uuid[];
  v_locations uuid[];
  v_cubic numeric[];
  v_weight numeric[];
begin
  -- Each branch reads only the transition tables its event has.
  if tg_op = 'INSERT' then
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select n.tenant_id, n.to_location_id as location_id, sum(n.cubic_feet) as cubic, sum(n.weight_lbs) as weight
              from new_rows n where n.status = 'OPEN'
             group by n.tenant_id, n.to_location_id
            having sum(n.cubic_feet) <> 0 or sum(n.weight_lbs) <> 0) d;
  elsif tg_op = 'UPDATE' then
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select c.tenant_id, c.location_id, sum(c.cubic) as cubic, sum(c.weight) as weight
              from (select o.tenant_id, o.to_location_id as location_id, -o.cubic_feet as cubic, -o.weight_lbs as weight
                      from old_rows o where o.status = 'OPEN'
                    union all
                    select n.tenant_id, n.to_location_id, n.cubic_feet, n.weight_lbs
                      from new_rows n where n.status = 'OPEN') c
             group by c.tenant_id, c.location_id
            having sum(c.cubic) <> 0 or sum(c.weight) <> 0) d;
  else
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select o.tenant_id, o.to_location_id as location_id, -sum(o.cubic_feet) as cubic, -sum(o.weight_lbs) as weight
              from old_rows o where o.status = 'OPEN'
             group by o.tenant_id, o.to_location_id
            having sum(o.cubic_feet) <> 0 or sum(o.weight_lbs) <> 0) d;
  end if;
  if v_locations is not null then
    perform app_private.change_location_reservations(v_tenants, v_locations, v_cubic, v_weight);
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION tg_move_tasks__occupancy(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_move_tasks__occupancy() IS 'Trigger: applies the room OPEN move tasks of a statement reserve or release at their targets to occupancy.';

--
-- Name: tg_outbound_order_lines__cross_dock_cancellation(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_outbound_order_lines__cross_dock_cancellation() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_facility_id uuid;
  v_cancellation record;
begin
  select o.facility_id into v_facility_id from app_public.outbound_orders o
   where o.tenant_id = new.tenant_id and o.outbound_order_id = new.outbound_order_id;
  -- Other open demand for the material keeps its cross-dock recommendations valid.
  if exists (select from app_public.outbound_order_lines ol
               join app_public.outbound_orders o on o.tenant_id = ol.tenant_id and o.outbound_order_id = ol.outbound_order_id
              where ol.tenant_id = new.tenant_id and o.facility_id = v_facility_id and ol.material_id = new.material_id
                and ol.outbound_order_line_id <> new.outbound_order_line_id
                and ol.status in ('OPEN', 'ALLOCATED') and o.status in ('OPEN', 'RELEASED')
                and ol.deleted_at is null and o.deleted_at is null) then
    return null;
  end if;
  for v_cancellation in
    insert into app_public.cross_dock_cancellations
      (tenant_id, facility_id, outbound_order_line_id, recommendation_id, material_id, quantity, created_by, updated_by)
    select r.tenant_id, r.facility_id, new.outbound_order_line_id, r.recommendation_id, r.material_id, r.quantity,
           app_public.current_user_id(), app_public.current_user_id()
      from app_public.putaway_recommendations r
     where r.tenant_id = new.tenant_id and r.facility_id = v_facility_id and r.material_id = new.material_id
       and r.status = 'PENDING' and r.cross_dock_candidate and r.deleted_at is null
    on conflict (tenant_id, recommendation_id) where status = 'QUEUED' do nothing
    returning tenant_id, cancellation_id
  loop
    if to_regnamespace('graphile_worker') is not null then
      perform graphile_worker.add_job('replan_cross_dock',
        json_build_object('tenantId', v_cancellation.tenant_id, 'cancellationId', v_cancellation.cancellation_id),
        job_key => 'replan_cross_dock:' || v_cancellation.cancellation_id, max_attempts => 5);
    end if;
  end loop;
  return null;
end;
$$;

--
-- Name: FUNCTION tg_outbound_order_lines__cross_dock_cancellation(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_outbound_order_lines__cross_dock_cancellation() IS 'Trigger: records cross-dock recommendations left without demand by a cancelled line and queues their replanning.';

--
-- Name: tg_outbound_orders__cancel_lines(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_outbound_orders__cancel_lines() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  update app_public.outbound_order_lines ol set status = 'CANCELLED'
   where ol.tenant_id = new.tenant_id and ol.outbound_order_id = new.outbound_order_id
     and ol.status in ('OPEN', 'ALLOCATED');
  return null;
end;
$$;

--
-- Name: FUNCTION tg_outbound_orders__cancel_lines(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_outbound_orders__cancel_lines() IS 'Trigger: cancelling an order cancels its open lines.';

--
-- Name: tg_putaway_recommendations__occupancy(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_putaway_recommendations__occupancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenants uuid[];
  v_locations uuid[];
  v_cubic numeric[];
  v_weight numeric[];
begin
  -- Each branch reads only the transition tables its event has.
  if tg_op = 'INSERT' then
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select n.tenant_id, n.location_id, sum(n.cubic_feet) as cubic, sum(n.weight_lbs) as weight
              from new_rows n where n.status = 'PENDING'
             group by n.tenant_id, n.location_id
            having sum(n.cubic_feet) <> 0 or sum(n.weight_lbs) <> 0) d;
  elsif tg_op = 'UPDATE' then
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select c.tenant_id, c.location_id, sum(c.cubic) as cubic, sum(c.weight) as weight
              from (select o.tenant_id, o.location_id, -o.cubic_feet as cubic, -o.weight_lbs as weight
                      from old_rows o where o.status = 'PENDING'
                    union all
                    select n.tenant_id, n.location_id, n.cubic_feet, n.weight_lbs
                      from new_rows n where n.status = 'PENDING') c
             group by c.tenant_id, c.location_id
            having sum(c.cubic) <> 0 or sum(c.weight) <> 0) d;
  else
    select array_agg(d.tenant_id order by d.tenant_id, d.location_id),
           array_agg(d.location_id order by d.tenant_id, d.location_id),
           array_agg(d.cubic order by d.tenant_id, d.location_id),
           array_agg(d.weight order by d.tenant_id, d.location_id)
      into v_tenants, v_locations, v_cubic, v_weight
      from (select o.tenant_id, o.location_id, -sum(o.cubic_feet) as cubic, -sum(o.weight_lbs) as weight
              from old_rows o where o.status = 'PENDING'
             group by o.tenant_id, o.location_id
            having sum(o.cubic_feet) <> 0 or sum(o.weight_lbs) <> 0) d;
  end if;
  if v_locations is not null then
    perform app_private.change_location_reservations(v_tenants, v_locations, v_cubic, v_weight);
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION tg_putaway_recommendations__occupancy(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_putaway_recommendations__occupancy() IS 'Trigger: applies the reserved cubic feet and weight a statement adds or releases, per location, to occupancy.';

--
-- Name: tg_zones_facilities__keep_what_they_hold(); Type: FUNCTION; Schema: app_private; Owner: -
--

CREATE FUNCTION app_private.tg_zones_facilities__keep_what_they_hold() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_zone_id uuid;
  v_location text;
begin
  if tg_table_name = 'zones' then
    v_zone_id := new.zone_id;
  end if;
  select l.code into v_location
    from app_public.locations l
   where l.tenant_id = new.tenant_id and l.facility_id = new.facility_id and l.deleted_at is null
     and (v_zone_id is null or l.zone_id = v_zone_id)
     and (exists (select from app_public.lots s
                   where s.tenant_id = l.tenant_id and s.location_id = l.location_id and s.quantity_on_hand > 0)
          or exists (select from app_public.putaway_recommendations r
                      where r.tenant_id = l.tenant_id and r.location_id = l.location_id and r.status = 'PENDING')
          or exists (select from app_public.move_tasks t
                      where t.tenant_id = l.tenant_id and t.to_location_id = l.location_id
                        and t.status in ('OPEN', 'WAITING')))
   limit 1;
  if found then
    raise exception '% % holds stock or reservations (location % among others): empty it before archiving it',
      case tg_table_name when 'zones' then 'Zone' else 'Facility' end, new.code, v_location
      using errcode = 'INUSE';
  end if;
  return new;
end;
$$;

--
-- Name: FUNCTION tg_zones_facilities__keep_what_they_hold(); Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON FUNCTION app_private.tg_zones_facilities__keep_what_they_hold() IS 'Trigger: refuses archiving a zone or facility whose locations hold stock or open reservations (INUSE).';

--
-- Name: tenants; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.tenants (
    tenant_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_tenants_code_format CHECK ((code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'::text)),
    CONSTRAINT chk_tenants_name_present CHECK ((length(btrim(name)) > 0))
);

--
-- Name: TABLE tenants; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.tenants IS 'A customer of the service. Every other row belongs to exactly one tenant.';

--
-- Name: COLUMN tenants.code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.tenants.code IS 'Short unique name, e.g. `demo`: lowercase letters, digits, - and _.';

--
-- Name: CONSTRAINT chk_tenants_code_format ON tenants; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_tenants_code_format ON app_public.tenants IS 'A tenant code is 1 to 63 lowercase letters, digits, - or _.';

--
-- Name: current_tenant(); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.current_tenant() RETURNS app_public.tenants
    LANGUAGE sql STABLE
    AS $$
  select * from app_public.tenants where tenant_id = app_public.current_tenant_id();
$$;

--
-- Name: FUNCTION current_tenant(); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.current_tenant() IS 'The tenant of the current request; null when anonymous.';

--
-- Name: current_user_role(); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.current_user_role() RETURNS text
    LANGUAGE sql STABLE
    AS $$
  select nullif(current_setting('jwt.claims.role', true), '');
$$;

--
-- Name: FUNCTION current_user_role(); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.current_user_role() IS 'The application role of the current request: operator, supervisor or admin; null when anonymous.';

--
-- Name: facilities; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.facilities (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    facility_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    dock_x_ft numeric(10,2) DEFAULT 0 NOT NULL,
    dock_y_ft numeric(10,2) DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_facilities_code_present CHECK ((length(btrim(code)) > 0)),
    CONSTRAINT chk_facilities_name_present CHECK ((length(btrim(name)) > 0)),
    CONSTRAINT chk_facilities_numbers_not_nan CHECK ((('NaN'::numeric <> dock_x_ft) AND ('NaN'::numeric <> dock_y_ft)))
);

--
-- Name: TABLE facilities; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.facilities IS 'A warehouse of the tenant.';

--
-- Name: COLUMN facilities.code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.facilities.code IS 'Short name, unique within the tenant, e.g. `DC1`.';

--
-- Name: COLUMN facilities.dock_x_ft; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.facilities.dock_x_ft IS 'X of the receiving dock, in feet; travel distances start here.';

--
-- Name: COLUMN facilities.dock_y_ft; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.facilities.dock_y_ft IS 'Y of the receiving dock, in feet.';

--
-- Name: COLUMN facilities.deleted_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.facilities.deleted_at IS 'Set to archive (soft delete); archived rows are visible to supervisors only.';

--
-- Name: CONSTRAINT chk_facilities_numbers_not_nan ON facilities; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_facilities_numbers_not_nan ON app_public.facilities IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: facility_by_code(text); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.facility_by_code(code text) RETURNS app_public.facilities
    LANGUAGE sql STABLE STRICT
    AS $$
  select f.* from app_public.facilities f
   where f.tenant_id = app_public.current_tenant_id() and f.code = facility_by_code.code;
$$;

--
-- Name: FUNCTION facility_by_code(code text); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.facility_by_code(code text) IS 'The facility of your tenant with this code (e.g. `DC1`); null when there is none.';

--
-- Name: facility_floor_map(uuid); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.facility_floor_map(facility_id uuid) RETURNS app_public.floor_map
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET jit TO 'off'
    SET enable_nestloop TO 'off'
    AS $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_map app_public.floor_map;
begin
  select f.facility_id, f.dock_x_ft, f.dock_y_ft
    into v_map.facility_id, v_map.dock_x_ft, v_map.dock_y_ft
    from app_public.facilities f
   where f.tenant_id = v_tenant_id and f.facility_id = facility_floor_map.facility_id and f.deleted_at is null;
  if not found then
    raise exception 'There is no facility % in your tenant', facility_id using errcode = 'NOTFD';
  end if;
  with holdings as (
    select lot.location_id, min(m.abc_class::text) as velocity_class,
           string_agg(m.code || ' × ' || trim_scale(lot.quantity_on_hand)::text || ' (' || lot.lot_number || ')',
                      E'\n' order by m.code, lot.lot_number) as contents
      from app_public.lots lot
      join app_public.materials m on m.tenant_id = lot.tenant_id and m.material_id = lot.material_id
     where lot.tenant_id = v_tenant_id and lot.facility_id = facility_floor_map.facility_id
       and lot.quantity_on_hand > 0 and lot.deleted_at is null
     group by lot.location_id
  ), positions as (
    select l.location_id, l.code, z.code as zone_code, l.x_ft::float8 as x_ft, l.y_ft::float8 as y_ft,
           coalesce(least(1, (o.cubic_feet_on_hand + o.cubic_feet_reserved) / nullif(l.max_cubic_feet, 0)), 0)::float8
             as cubic_fill,
           coalesce(least(1, (o.weight_lbs_on_hand + o.weight_lbs_reserved) / nullif(l.max_weight_lbs, 0)), 0)::float8
             as weight_fill,
           h.velocity_class,
           array_to_string(l.allowed_abc_classes, '') as allowed_classes,
           l.is_active and not l.is_blocked as available,
           coalesce(h.contents, '') as contents
      from app_public.locations l
      join app_public.zones z on z.tenant_id = l.tenant_id and z.zone_id = l.zone_id
      left join app_private.location_occupancy o on o.tenant_id = l.tenant_id and o.location_id = l.location_id
      left join holdings h on h.location_id = l.location_id
     where l.tenant_id = v_tenant_id and l.facility_id = facility_floor_map.facility_id and l.deleted_at is null
     order by l.code
  )
  select coalesce(array_agg(p.location_id order by p.code), '{}'), coalesce(array_agg(p.code order by p.code), '{}'),
         coalesce(array_agg(p.zone_code order by p.code), '{}'), coalesce(array_agg(p.x_ft order by p.code), '{}'), coalesce(array_agg(p.y_ft order by p.code), '{}'),
         coalesce(array_agg(p.cubic_fill order by p.code), '{}'), coalesce(array_agg(p.weight_fill order by p.code), '{}'),
         coalesce(array_agg(p.velocity_class order by p.code), '{}'), coalesce(array_agg(p.allowed_classes order by p.code), '{}'),
         coalesce(array_agg(p.available order by p.code), '{}'), coalesce(array_agg(p.contents order by p.code), '{}')
    into v_map.location_ids, v_map.codes, v_map.zone_codes, v_map.x_ft, v_map.y_ft, v_map.cubic_fill,
         v_map.weight_fill, v_map.velocity_classes, v_map.allowed_classes, v_map.available, v_map.contents
    from positions p;
  return v_map;
end;
$$;

--
-- Name: FUNCTION facility_floor_map(facility_id uuid); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.facility_floor_map(facility_id uuid) IS 'The floor map of a facility of your own tenant: every position with its coordinates, fill (on hand and reserved), velocity class and contents.';

--
-- Name: get_data_quality_metrics(uuid, uuid); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.get_data_quality_metrics(tenant_id uuid, facility_id uuid) RETURNS app_public.data_quality_metrics
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_result app_public.data_quality_metrics;
begin
  if v_tenant_id is null then
    raise exception 'Data-quality metrics need a bearer token of the facility''s tenant' using errcode = 'DENY1';
  end if;
  if get_data_quality_metrics.tenant_id is distinct from null and get_data_quality_metrics.tenant_id <> v_tenant_id then
    raise exception 'Data-quality metrics of another tenant are not available to you' using errcode = 'DENY1';
  end if;
  if get_data_quality_metrics.facility_id is null then
    raise exception 'getDataQualityMetrics needs a facilityId' using errcode = 'INVAL';
  end if;
  select q.materials_verified, q.capacity_failures, q.pending_relocations, q.remediation_success_rate, q.open_findings,
         q.computed_at
    into v_result
    from app_public.bin_optimization_data_quality q
   where q.tenant_id = v_tenant_id and q.facility_id = get_data_quality_metrics.facility_id;
  if not found then
    select q.materials_verified, q.capacity_failures, q.pending_relocations, q.remediation_success_rate,
           q.open_findings, q.computed_at
      into v_result
      from app_private.facility_data_quality(v_tenant_id, get_data_quality_metrics.facility_id) q;
  end if;
  if not found then
    raise exception 'There is no facility % in your tenant', get_data_quality_metrics.facility_id
      using errcode = 'NOTFD';
  end if;
  return v_result;
end;
$$;

--
-- Name: FUNCTION get_data_quality_metrics(tenant_id uuid, facility_id uuid); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.get_data_quality_metrics(tenant_id uuid, facility_id uuid) IS 'Data quality of a facility of your own tenant: materials verified, capacity failures, pending relocations, remediation success rate, open findings; as of the last audit, or computed now for a facility it has not covered yet (computedAt says when). tenantId defaults to your token''s tenant.';

--
-- Name: locations; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.locations (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    location_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    zone_id uuid NOT NULL,
    code text NOT NULL,
    aisle text,
    bay integer,
    level integer,
    "position" integer,
    x_ft numeric(10,2) DEFAULT 0 NOT NULL,
    y_ft numeric(10,2) DEFAULT 0 NOT NULL,
    pick_sequence integer DEFAULT 0 NOT NULL,
    inner_length_in numeric(8,2) NOT NULL,
    inner_width_in numeric(8,2) NOT NULL,
    inner_height_in numeric(8,2) NOT NULL,
    max_cubic_feet numeric(12,3) NOT NULL,
    max_weight_lbs numeric(12,2) NOT NULL,
    allowed_abc_classes app_public.abc_class[] DEFAULT '{A,B,C}'::app_public.abc_class[] NOT NULL,
    temperature_class app_public.temperature_class DEFAULT 'AMBIENT'::app_public.temperature_class NOT NULL,
    hazmat_allowed boolean DEFAULT false NOT NULL,
    mixing_rule app_public.mixing_rule DEFAULT 'ANY'::app_public.mixing_rule NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    is_blocked boolean DEFAULT false NOT NULL,
    blocked_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_locations_abc_classes_known CHECK (
CASE
    WHEN (array_ndims(allowed_abc_classes) = 1) THEN (array_position(allowed_abc_classes, NULL::app_public.abc_class) IS NULL)
    ELSE false
END),
    CONSTRAINT chk_locations_abc_classes_present CHECK ((cardinality(allowed_abc_classes) > 0)),
    CONSTRAINT chk_locations_code_present CHECK ((length(btrim(code)) > 0)),
    CONSTRAINT chk_locations_numbers_not_nan CHECK (((((((('NaN'::numeric <> x_ft) AND ('NaN'::numeric <> y_ft)) AND ('NaN'::numeric <> inner_length_in)) AND ('NaN'::numeric <> inner_width_in)) AND ('NaN'::numeric <> inner_height_in)) AND ('NaN'::numeric <> max_cubic_feet)) AND ('NaN'::numeric <> max_weight_lbs))),
    CONSTRAINT chk_locations_positive_capacity CHECK (((max_cubic_feet > (0)::numeric) AND (max_weight_lbs > (0)::numeric))),
    CONSTRAINT chk_locations_positive_dimensions CHECK (((inner_length_in > (0)::numeric) AND (inner_width_in > (0)::numeric) AND (inner_height_in > (0)::numeric)))
);

--
-- Name: TABLE locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.locations IS 'A storage location (bin) of a facility.';

--
-- Name: COLUMN locations.code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.code IS 'Label on the rack, unique within the facility, e.g. `A01-05-2`.';

--
-- Name: COLUMN locations.x_ft; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.x_ft IS 'X in feet on the facility plan, for travel distance.';

--
-- Name: COLUMN locations.y_ft; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.y_ft IS 'Y in feet on the facility plan, for travel distance.';

--
-- Name: COLUMN locations.pick_sequence; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.pick_sequence IS 'Order of the location on the pick path (first fit walks it).';

--
-- Name: COLUMN locations.inner_length_in; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.inner_length_in IS 'Inner length in inches: a unit must fit the inner dimensions in some orientation.';

--
-- Name: COLUMN locations.inner_width_in; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.inner_width_in IS 'Inner width in inches.';

--
-- Name: COLUMN locations.inner_height_in; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.inner_height_in IS 'Inner height in inches.';

--
-- Name: COLUMN locations.max_cubic_feet; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.max_cubic_feet IS 'Usable volume in cubic feet.';

--
-- Name: COLUMN locations.max_weight_lbs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.max_weight_lbs IS 'Load limit in pounds.';

--
-- Name: COLUMN locations.allowed_abc_classes; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.allowed_abc_classes IS 'Velocity classes this location may hold.';

--
-- Name: COLUMN locations.temperature_class; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.temperature_class IS 'Temperature the location provides; a material needing another class cannot go here.';

--
-- Name: COLUMN locations.hazmat_allowed; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.hazmat_allowed IS 'Whether hazardous materials may be stored here.';

--
-- Name: COLUMN locations.mixing_rule; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.mixing_rule IS 'What the location may hold at once: any mix, one material, or one lot.';

--
-- Name: COLUMN locations.is_active; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.is_active IS 'False for locations that are out of use.';

--
-- Name: COLUMN locations.is_blocked; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.is_blocked IS 'True while the location is temporarily blocked (damage, count); see blocked_reason.';

--
-- Name: COLUMN locations.deleted_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.locations.deleted_at IS 'Set to archive (soft delete); archived rows are visible to supervisors only.';

--
-- Name: CONSTRAINT chk_locations_abc_classes_known ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_locations_abc_classes_known ON app_public.locations IS 'allowedAbcClasses must be a list of velocity classes (A, B, C) without nulls.';

--
-- Name: CONSTRAINT chk_locations_abc_classes_present ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_locations_abc_classes_present ON app_public.locations IS 'allowedAbcClasses must name at least one class.';

--
-- Name: CONSTRAINT chk_locations_numbers_not_nan ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_locations_numbers_not_nan ON app_public.locations IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: CONSTRAINT chk_locations_positive_capacity ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_locations_positive_capacity ON app_public.locations IS 'maxCubicFeet and maxWeightLbs must be greater than 0.';

--
-- Name: CONSTRAINT chk_locations_positive_dimensions ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_locations_positive_dimensions ON app_public.locations IS 'Inner length, width and height must be greater than 0.';

--
-- Name: location_by_code(uuid, text); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.location_by_code(facility_id uuid, code text) RETURNS app_public.locations
    LANGUAGE sql STABLE STRICT
    AS $$
  select l.* from app_public.locations l
   where l.tenant_id = app_public.current_tenant_id() and l.facility_id = location_by_code.facility_id
     and l.code = location_by_code.code;
$$;

--
-- Name: FUNCTION location_by_code(facility_id uuid, code text); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.location_by_code(facility_id uuid, code text) IS 'The location with this code (e.g. `A01-01-1`) in a facility of your tenant (location codes are unique per facility); null when there is none.';

--
-- Name: materials; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.materials (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    material_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    code text NOT NULL,
    description text,
    unit_length_in numeric(8,2),
    unit_width_in numeric(8,2),
    unit_height_in numeric(8,2),
    unit_cubic_feet numeric(12,4),
    unit_weight_lbs numeric(12,3),
    abc_class app_public.abc_class,
    temperature_requirement app_public.temperature_class DEFAULT 'AMBIENT'::app_public.temperature_class NOT NULL,
    hazmat_class text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_materials_code_present CHECK ((length(btrim(code)) > 0)),
    CONSTRAINT chk_materials_hazmat_class_format CHECK ((hazmat_class ~ '^[1-9](\.[1-6])?$'::text)),
    CONSTRAINT chk_materials_numbers_not_nan CHECK (((((('NaN'::numeric <> unit_length_in) AND ('NaN'::numeric <> unit_width_in)) AND ('NaN'::numeric <> unit_height_in)) AND ('NaN'::numeric <> unit_cubic_feet)) AND ('NaN'::numeric <> unit_weight_lbs))),
    CONSTRAINT chk_materials_positive_cubic_feet CHECK ((unit_cubic_feet > (0)::numeric)),
    CONSTRAINT chk_materials_positive_dimensions CHECK (((unit_length_in > (0)::numeric) AND (unit_width_in > (0)::numeric) AND (unit_height_in > (0)::numeric))),
    CONSTRAINT chk_materials_positive_weight CHECK ((unit_weight_lbs > (0)::numeric))
);

--
-- Name: TABLE materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.materials IS 'A material (SKU) of the tenant.';

--
-- Name: COLUMN materials.code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.code IS 'SKU code, unique within the tenant.';

--
-- Name: COLUMN materials.unit_length_in; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.unit_length_in IS 'Length of one unit in inches; null when not yet measured.';

--
-- Name: COLUMN materials.unit_width_in; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.unit_width_in IS 'Width of one unit in inches; null when not yet measured.';

--
-- Name: COLUMN materials.unit_height_in; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.unit_height_in IS 'Height of one unit in inches; null when not yet measured.';

--
-- Name: COLUMN materials.unit_cubic_feet; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.unit_cubic_feet IS 'Volume of one unit in cubic feet; null when not yet measured.';

--
-- Name: COLUMN materials.unit_weight_lbs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.unit_weight_lbs IS 'Weight of one unit in pounds; null when not yet weighed.';

--
-- Name: COLUMN materials.abc_class; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.abc_class IS 'Pick velocity class; null until classified.';

--
-- Name: COLUMN materials.temperature_requirement; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.temperature_requirement IS 'Temperature class the material must be stored at.';

--
-- Name: COLUMN materials.hazmat_class; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.hazmat_class IS 'UN hazard class, e.g. `3` or `2.1`; null when not hazardous.';

--
-- Name: COLUMN materials.deleted_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.materials.deleted_at IS 'Set to archive (soft delete); archived rows are visible to supervisors only.';

--
-- Name: CONSTRAINT chk_materials_hazmat_class_format ON materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_materials_hazmat_class_format ON app_public.materials IS 'hazmatClass must be a UN hazard class such as 3 or 2.1.';

--
-- Name: CONSTRAINT chk_materials_numbers_not_nan ON materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_materials_numbers_not_nan ON app_public.materials IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: CONSTRAINT chk_materials_positive_cubic_feet ON materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_materials_positive_cubic_feet ON app_public.materials IS 'unitCubicFeet must be greater than 0 when given.';

--
-- Name: CONSTRAINT chk_materials_positive_dimensions ON materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_materials_positive_dimensions ON app_public.materials IS 'Unit length, width and height must be greater than 0 when given.';

--
-- Name: CONSTRAINT chk_materials_positive_weight ON materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_materials_positive_weight ON app_public.materials IS 'unitWeightLbs must be greater than 0 when given.';

--
-- Name: material_by_code(text); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.material_by_code(code text) RETURNS app_public.materials
    LANGUAGE sql STABLE STRICT
    AS $$
  select m.* from app_public.materials m
   where m.tenant_id = app_public.current_tenant_id() and m.code = material_by_code.code;
$$;

--
-- Name: FUNCTION material_by_code(code text); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.material_by_code(code text) IS 'The material of your tenant with this code (e.g. `SKU-00001`); null when there is none.';

--
-- Name: ml_model_weights; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.ml_model_weights (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    model_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    model_version integer NOT NULL,
    weights jsonb NOT NULL,
    metrics jsonb DEFAULT '{}'::jsonb NOT NULL,
    is_active boolean DEFAULT false NOT NULL,
    trained_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    accuracy numeric(6,5),
    auc numeric(6,5),
    brier_score numeric(8,6),
    sample_size integer,
    holdout_size integer,
    activated_at timestamp with time zone,
    calibration_error numeric(6,5),
    reliability jsonb,
    training_fingerprint text,
    CONSTRAINT chk_ml_model_weights_calibration_error_range CHECK (((calibration_error >= (0)::numeric) AND (calibration_error <= (1)::numeric))),
    CONSTRAINT chk_ml_model_weights_metrics_object CHECK ((jsonb_typeof(metrics) = 'object'::text)),
    CONSTRAINT chk_ml_model_weights_positive_version CHECK ((model_version > 0)),
    CONSTRAINT chk_ml_model_weights_reliability_array CHECK ((jsonb_typeof(reliability) = 'array'::text)),
    CONSTRAINT chk_ml_model_weights_weights_object CHECK ((jsonb_typeof(weights) = 'object'::text))
);

--
-- Name: TABLE ml_model_weights; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.ml_model_weights IS 'Trained versions of the tenant''s putaway confidence model; at most one is active.';

--
-- Name: COLUMN ml_model_weights.weights; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.weights IS 'Model parameters, e.g. intercept and coefficients by feature name.';

--
-- Name: COLUMN ml_model_weights.metrics; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.metrics IS 'Hold-out report: accuracy, AUC, Brier score of the model, of the base rate and of the active model; the evidence for activation (AUC with its DeLong standard error and 95 % lower bound, paired Brier test against the base rate); sample sizes, and why the version was or was not activated.';

--
-- Name: COLUMN ml_model_weights.accuracy; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.accuracy IS 'Share of hold-out decisions predicted right (threshold 0.5).';

--
-- Name: COLUMN ml_model_weights.auc; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.auc IS 'Area under the ROC curve on the hold-out.';

--
-- Name: COLUMN ml_model_weights.brier_score; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.brier_score IS 'Mean squared error of the predicted probabilities on the hold-out (lower is better).';

--
-- Name: COLUMN ml_model_weights.sample_size; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.sample_size IS 'Decided recommendations used for training.';

--
-- Name: COLUMN ml_model_weights.holdout_size; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.holdout_size IS 'Most recent decided recommendations kept out of training to judge the model.';

--
-- Name: COLUMN ml_model_weights.calibration_error; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.calibration_error IS 'Expected calibration error on the hold-out: predictions put in 10 equal-width bins, the mean over bins of |mean predicted probability - share accepted|, weighted by the bin''s share of the hold-out (0 is perfect, at most 1).';

--
-- Name: COLUMN ml_model_weights.reliability; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.reliability IS 'Reliability table of the hold-out, one element per bin of predicted probability (all 10, in order): {from, to, count, meanPredicted, observedRate}; the two means are null for an empty bin, and the counts add up to holdoutSize. A calibrated model''s observedRate is close to its meanPredicted in every bin.';

--
-- Name: COLUMN ml_model_weights.training_fingerprint; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.ml_model_weights.training_fingerprint IS 'The decisions the version was trained on: their number, the last decision time and a SHA-256 of the features and of each (recommendation, status) in order. Training declines (UNCHANGED) when the latest version has the same.';

--
-- Name: CONSTRAINT chk_ml_model_weights_calibration_error_range ON ml_model_weights; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_ml_model_weights_calibration_error_range ON app_public.ml_model_weights IS 'calibrationError is between 0 and 1.';

--
-- Name: CONSTRAINT chk_ml_model_weights_reliability_array ON ml_model_weights; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_ml_model_weights_reliability_array ON app_public.ml_model_weights IS 'reliability is a JSON array of bins.';

--
-- Name: ml_model_by_version(integer); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.ml_model_by_version(model_version integer) RETURNS app_public.ml_model_weights
    LANGUAGE sql STABLE STRICT
    AS $$
  select w.* from app_public.ml_model_weights w
   where w.tenant_id = app_public.current_tenant_id() and w.model_version = ml_model_by_version.model_version;
$$;

--
-- Name: FUNCTION ml_model_by_version(model_version integer); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.ml_model_by_version(model_version integer) IS 'Version `modelVersion` of your tenant''s putaway confidence model; null when there is none.';

--
-- Name: outbound_orders; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.outbound_orders (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    outbound_order_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    order_number text NOT NULL,
    customer_name text,
    status app_public.order_status DEFAULT 'OPEN'::app_public.order_status NOT NULL,
    due_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_outbound_orders_order_number_present CHECK ((length(btrim(order_number)) > 0))
);

--
-- Name: TABLE outbound_orders; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.outbound_orders IS 'A customer order to be shipped from a facility.';

--
-- Name: COLUMN outbound_orders.order_number; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.outbound_orders.order_number IS 'The order''s number, unique within the tenant.';

--
-- Name: COLUMN outbound_orders.due_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.outbound_orders.due_at IS 'When the order must ship.';

--
-- Name: COLUMN outbound_orders.deleted_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.outbound_orders.deleted_at IS 'Set to archive (soft delete); archived rows are visible to supervisors only.';

--
-- Name: outbound_order_by_number(text); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.outbound_order_by_number(order_number text) RETURNS app_public.outbound_orders
    LANGUAGE sql STABLE STRICT
    AS $$
  select o.* from app_public.outbound_orders o
   where o.tenant_id = app_public.current_tenant_id() and o.order_number = outbound_order_by_number.order_number;
$$;

--
-- Name: FUNCTION outbound_order_by_number(order_number text); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.outbound_order_by_number(order_number text) IS 'The outbound order of your tenant with this number; null when there is none.';

--
-- Name: putaway_recommendations; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.putaway_recommendations (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    recommendation_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    material_id uuid NOT NULL,
    location_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    lot_number text,
    cubic_feet numeric(12,4) NOT NULL,
    weight_lbs numeric(12,3) NOT NULL,
    algorithm app_public.putaway_algorithm NOT NULL,
    confidence_score numeric(4,3) NOT NULL,
    reason_code text NOT NULL,
    estimated_utilization numeric(6,4),
    cross_dock_candidate boolean DEFAULT false NOT NULL,
    sku_affinity_score numeric(4,3),
    status app_public.recommendation_status DEFAULT 'PENDING'::app_public.recommendation_status NOT NULL,
    expires_at timestamp with time zone,
    actual_location_id uuid,
    decision_reason_code text,
    decided_by uuid,
    decided_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    batch_id uuid,
    processing_time_ms numeric(10,3),
    factors jsonb DEFAULT '{}'::jsonb NOT NULL,
    inventory_transaction_id uuid,
    CONSTRAINT chk_confidence_score_range CHECK (((confidence_score >= (0)::numeric) AND (confidence_score <= (1)::numeric))),
    CONSTRAINT chk_putaway_recommendations_affinity_range CHECK (((sku_affinity_score >= (0)::numeric) AND (sku_affinity_score <= (1)::numeric))),
    CONSTRAINT chk_putaway_recommendations_decision CHECK (
CASE status
    WHEN 'PENDING'::app_public.recommendation_status THEN (decided_at IS NULL)
    WHEN 'EXPIRED'::app_public.recommendation_status THEN true
    WHEN 'ACCEPTED'::app_public.recommendation_status THEN ((decided_at IS NOT NULL) AND (actual_location_id IS NOT NULL))
    WHEN 'OVERRIDDEN'::app_public.recommendation_status THEN ((decided_at IS NOT NULL) AND (actual_location_id IS NOT NULL) AND (decision_reason_code IS NOT NULL))
    WHEN 'REJECTED'::app_public.recommendation_status THEN ((decided_at IS NOT NULL) AND (decision_reason_code IS NOT NULL))
    ELSE NULL::boolean
END),
    CONSTRAINT chk_putaway_recommendations_numbers_not_nan CHECK ((((((('NaN'::numeric <> quantity) AND ('NaN'::numeric <> cubic_feet)) AND ('NaN'::numeric <> weight_lbs)) AND ('NaN'::numeric <> confidence_score)) AND ('NaN'::numeric <> estimated_utilization)) AND ('NaN'::numeric <> sku_affinity_score))),
    CONSTRAINT chk_putaway_recommendations_positive_quantity CHECK ((quantity > (0)::numeric)),
    CONSTRAINT chk_putaway_recommendations_reservation_not_negative CHECK (((cubic_feet >= (0)::numeric) AND (weight_lbs >= (0)::numeric))),
    CONSTRAINT chk_putaway_recommendations_utilization_range CHECK (((estimated_utilization >= (0)::numeric) AND (estimated_utilization <= (1)::numeric)))
);

--
-- Name: TABLE putaway_recommendations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.putaway_recommendations IS 'Where the engine advised to store received stock, and what the operator did with the advice.';

--
-- Name: COLUMN putaway_recommendations.recommendation_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.recommendation_id IS 'Time-ordered id of the recommendation.';

--
-- Name: COLUMN putaway_recommendations.cubic_feet; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.cubic_feet IS 'Volume reserved at the location while PENDING.';

--
-- Name: COLUMN putaway_recommendations.weight_lbs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.weight_lbs IS 'Weight reserved at the location while PENDING.';

--
-- Name: COLUMN putaway_recommendations.confidence_score; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.confidence_score IS 'How likely the operator is to accept, 0 to 1.';

--
-- Name: COLUMN putaway_recommendations.reason_code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.reason_code IS 'Why this location: the factors that decided.';

--
-- Name: COLUMN putaway_recommendations.estimated_utilization; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.estimated_utilization IS 'Expected volume utilization of the location after placement, 0 to 1.';

--
-- Name: COLUMN putaway_recommendations.cross_dock_candidate; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.cross_dock_candidate IS 'True when open outbound demand for the material is due soon, so the stock goes to cross-dock or staging.';

--
-- Name: COLUMN putaway_recommendations.sku_affinity_score; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.sku_affinity_score IS 'How often the material is ordered with materials near the location, 0 to 1.';

--
-- Name: COLUMN putaway_recommendations.expires_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.expires_at IS 'When the capacity reservation of a PENDING recommendation lapses.';

--
-- Name: COLUMN putaway_recommendations.actual_location_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.actual_location_id IS 'Where the operator put the stock.';

--
-- Name: COLUMN putaway_recommendations.decision_reason_code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.decision_reason_code IS 'The operator''s reason for an override or rejection.';

--
-- Name: COLUMN putaway_recommendations.batch_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.batch_id IS 'The request that produced this recommendation.';

--
-- Name: COLUMN putaway_recommendations.processing_time_ms; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.processing_time_ms IS 'How long the engine took for the whole batch, in milliseconds.';

--
-- Name: COLUMN putaway_recommendations.factors; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.factors IS 'Scores (0 to 1) of the chosen location per factor: velocity, consolidation, affinity, congestion, utilization, expiry.';

--
-- Name: COLUMN putaway_recommendations.inventory_transaction_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_recommendations.inventory_transaction_id IS 'The PUTAWAY transaction recorded when the recommendation was accepted or overridden.';

--
-- Name: CONSTRAINT chk_confidence_score_range ON putaway_recommendations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_confidence_score_range ON app_public.putaway_recommendations IS 'The confidence score must be between 0 and 1.';

--
-- Name: CONSTRAINT chk_putaway_recommendations_numbers_not_nan ON putaway_recommendations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_putaway_recommendations_numbers_not_nan ON app_public.putaway_recommendations IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: pending_putaway_recommendations(uuid); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.pending_putaway_recommendations(facility_id uuid) RETURNS SETOF app_public.putaway_recommendations
    LANGUAGE sql STABLE
    AS $$
  select r.*
    from app_public.putaway_recommendations r
   where r.facility_id = pending_putaway_recommendations.facility_id and r.status = 'PENDING'
     and r.deleted_at is null and r.expires_at > now()
   order by r.expires_at, r.recommendation_id
$$;

--
-- Name: FUNCTION pending_putaway_recommendations(facility_id uuid); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.pending_putaway_recommendations(facility_id uuid) IS 'The reservations of a facility of your tenant still waiting for a decision (PENDING and not expired), the one that lapses first first.';

--
-- Name: putaway_simulation_runs; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.putaway_simulation_runs (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    simulation_run_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    status text DEFAULT 'QUEUED'::text NOT NULL,
    days integer DEFAULT 30 NOT NULL,
    seed integer DEFAULT 1 NOT NULL,
    algorithms app_public.putaway_algorithm[] DEFAULT '{FFD,BFD,HYBRID,ENHANCED}'::app_public.putaway_algorithm[] NOT NULL,
    results jsonb,
    error text,
    requested_by uuid DEFAULT app_public.current_user_id(),
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_putaway_simulation_runs_algorithms_present CHECK ((((cardinality(algorithms) >= 1) AND (cardinality(algorithms) <= 4)) AND (array_position(algorithms, NULL::app_public.putaway_algorithm) IS NULL))),
    CONSTRAINT chk_putaway_simulation_runs_days_range CHECK (((days >= 1) AND (days <= 365))),
    CONSTRAINT chk_putaway_simulation_runs_outcome CHECK ((((status <> 'SUCCEEDED'::text) OR (jsonb_typeof(results) = 'object'::text)) AND ((status <> 'FAILED'::text) OR (error IS NOT NULL)))),
    CONSTRAINT chk_putaway_simulation_runs_seed_not_negative CHECK ((seed >= 0)),
    CONSTRAINT chk_putaway_simulation_runs_status CHECK ((status = ANY (ARRAY['QUEUED'::text, 'RUNNING'::text, 'SUCCEEDED'::text, 'FAILED'::text])))
);

--
-- Name: TABLE putaway_simulation_runs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.putaway_simulation_runs IS 'Putaway simulations of a facility: its layout, stock and picking history replayed over `days` days with each algorithm, RANDOM, CLOSEST_OPEN and REFERENCE (full knowledge of the future), to compare pick travel and space. Start one with runPutawaySimulation (supervisor or admin); the worker fills in the results.';

--
-- Name: COLUMN putaway_simulation_runs.status; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.status IS 'QUEUED (waits for the worker), RUNNING, SUCCEEDED (see results) or FAILED (see error).';

--
-- Name: COLUMN putaway_simulation_runs.days; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.days IS 'Days simulated, 1 to 365.';

--
-- Name: COLUMN putaway_simulation_runs.seed; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.seed IS 'Seed of everything random in the run: the same facility data and seed give the same results.';

--
-- Name: COLUMN putaway_simulation_runs.algorithms; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.algorithms IS 'The algorithms compared; RANDOM, CLOSEST_OPEN and REFERENCE always run beside them.';

--
-- Name: COLUMN putaway_simulation_runs.results; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.results IS 'The simulation''s outcome: positions and capacityCubicFeet of the layout; workload (source: history when the facility''s picks of the ABC window were enough, else generated; days, materials, receipts, pickLines, historyDays); seed; results, one per algorithm and baseline (travelPerPickFt, travelP95Ft, tourPerOrderFt, utilization, positionsUsed, unplaced, splits, mixedLots, violations, pickLines, shortLines, shareOfReferenceCut, travelVsRandom); floor, the storage floor at the end of the ENHANCED run (cells of x, y, fill, velocity; left out past 2,500 bays, cellsOmitted says how many).';

--
-- Name: COLUMN putaway_simulation_runs.error; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.error IS 'Why a FAILED run failed.';

--
-- Name: COLUMN putaway_simulation_runs.requested_by; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.requested_by IS 'The user who asked for the run.';

--
-- Name: COLUMN putaway_simulation_runs.started_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.started_at IS 'When the worker started the run (its last attempt).';

--
-- Name: COLUMN putaway_simulation_runs.finished_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.putaway_simulation_runs.finished_at IS 'When the run SUCCEEDED or FAILED.';

--
-- Name: CONSTRAINT chk_putaway_simulation_runs_algorithms_present ON putaway_simulation_runs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_putaway_simulation_runs_algorithms_present ON app_public.putaway_simulation_runs IS 'algorithms names one to four algorithms, without nulls.';

--
-- Name: CONSTRAINT chk_putaway_simulation_runs_days_range ON putaway_simulation_runs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_putaway_simulation_runs_days_range ON app_public.putaway_simulation_runs IS 'days is from 1 to 365.';

--
-- Name: CONSTRAINT chk_putaway_simulation_runs_outcome ON putaway_simulation_runs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_putaway_simulation_runs_outcome ON app_public.putaway_simulation_runs IS 'A SUCCEEDED run has its results (a JSON object), a FAILED run its error.';

--
-- Name: CONSTRAINT chk_putaway_simulation_runs_seed_not_negative ON putaway_simulation_runs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_putaway_simulation_runs_seed_not_negative ON app_public.putaway_simulation_runs IS 'seed is 0 or more.';

--
-- Name: CONSTRAINT chk_putaway_simulation_runs_status ON putaway_simulation_runs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_putaway_simulation_runs_status ON app_public.putaway_simulation_runs IS 'status is QUEUED, RUNNING, SUCCEEDED or FAILED.';

--
-- Name: run_putaway_simulation(uuid, integer, integer, app_public.putaway_algorithm[]); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.run_putaway_simulation(facility_id uuid, days integer DEFAULT 30, seed integer DEFAULT 1, algorithms app_public.putaway_algorithm[] DEFAULT NULL::app_public.putaway_algorithm[]) RETURNS app_public.putaway_simulation_runs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_tenant_id uuid := app_public.current_tenant_id();
  v_days integer := coalesce(run_putaway_simulation.days, 30);
  v_seed integer := coalesce(run_putaway_simulation.seed, 1);
  v_algorithms app_public.putaway_algorithm[];
  v_run app_public.putaway_simulation_runs;
begin
  if v_tenant_id is null then
    raise exception 'Running a putaway simulation needs a bearer token' using errcode = 'DENY1';
  end if;
  if not app_hidden.current_user_is_supervisor() then
    raise exception 'Running a putaway simulation needs the role supervisor or admin' using errcode = 'DENY1';
  end if;
  if run_putaway_simulation.facility_id is null then
    raise exception 'runPutawaySimulation needs a facilityId' using errcode = 'INVAL';
  end if;
  if v_days not between 1 and 365 then
    raise exception 'days must be from 1 to 365 (got %)', v_days using errcode = 'INVAL';
  end if;
  if v_seed < 0 then
    raise exception 'seed must be 0 or more (got %)', v_seed using errcode = 'INVAL';
  end if;
  if run_putaway_simulation.algorithms is null then
    v_algorithms := enum_range(null::app_public.putaway_algorithm);
  elsif cardinality(run_putaway_simulation.algorithms) = 0
        or array_position(run_putaway_simulation.algorithms, null) is not null then
    raise exception 'algorithms must name one or more of FFD, BFD, HYBRID and ENHANCED (no nulls), or be left out for all four'
      using errcode = 'INVAL';
  else
    select array_agg(distinct a order by a) into v_algorithms from unnest(run_putaway_simulation.algorithms) as a;
  end if;
  perform from app_public.facilities f
   where f.tenant_id = v_tenant_id and f.facility_id = run_putaway_simulation.facility_id and f.deleted_at is null;
  if not found then
    raise exception 'There is no facility % in your tenant', run_putaway_simulation.facility_id using errcode = 'NOTFD';
  end if;
  if to_regnamespace('graphile_worker') is null then
    raise exception 'The job queue is not installed: start the worker once (npm run worker) before running simulations';
  end if;
  insert into app_public.putaway_simulation_runs (tenant_id, facility_id, days, seed, algorithms, requested_by)
    values (v_tenant_id, run_putaway_simulation.facility_id, v_days, v_seed, v_algorithms, app_public.current_user_id())
    returning * into v_run;
  perform graphile_worker.add_job('simulate_putaway',
    json_build_object('tenantId', v_tenant_id, 'simulationRunId', v_run.simulation_run_id),
    job_key => 'simulate_putaway:' || v_run.simulation_run_id, max_attempts => 5);
  return v_run;
end;
$$;

--
-- Name: FUNCTION run_putaway_simulation(facility_id uuid, days integer, seed integer, algorithms app_public.putaway_algorithm[]); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.run_putaway_simulation(facility_id uuid, days integer, seed integer, algorithms app_public.putaway_algorithm[]) IS '@resultFieldName putawaySimulationRun
Starts a putaway simulation of a facility of your tenant (supervisor or admin; FORBIDDEN otherwise): days 1 to 365 (default 30), seed (default 1), algorithms (default all four). Returns the run, QUEUED; the worker runs it in the background: read its status and results through allPutawaySimulationRuns. NOT_FOUND when the facility does not exist in your tenant.';

--
-- Name: search_locations(uuid, text); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.search_locations(facility_id uuid, query text) RETURNS SETOF app_public.locations
    LANGUAGE sql STABLE
    AS $$
  select l.*
    from app_public.locations l
   where l.facility_id = search_locations.facility_id and l.deleted_at is null
     and starts_with(lower(l.code), lower(btrim(query)))
   order by l.code
$$;

--
-- Name: FUNCTION search_locations(facility_id uuid, query text); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.search_locations(facility_id uuid, query text) IS 'Positions of a facility of your tenant whose code starts with `query` (case-insensitive), by code.';

--
-- Name: search_materials(text); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.search_materials(query text) RETURNS SETOF app_public.materials
    LANGUAGE sql STABLE
    AS $$
  select m.*
    from app_public.materials m
   where m.deleted_at is null
     and (starts_with(lower(m.code), lower(btrim(query))) or strpos(lower(m.description), lower(btrim(query))) > 0)
   order by not starts_with(lower(m.code), lower(btrim(query))), m.code
$$;

--
-- Name: FUNCTION search_materials(query text); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.search_materials(query text) IS 'Materials of your tenant whose code starts with `query`, or whose description contains it (case-insensitive); code matches first.';

--
-- Name: stat_chi_square_cdf(double precision, double precision); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_chi_square_cdf(x double precision, df double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_e float8;
begin
  if df = 'NaN' or df <= 0 or df = 'Infinity' then
    raise exception 'stat_chi_square_cdf: df must be finite and > 0 (got %)', df using errcode = 'INVAL';
  end if;
  if x = 'NaN' then
    raise exception 'stat_chi_square_cdf: x must not be NaN' using errcode = 'INVAL';
  end if;
  if x <= 0 then
    return 0;
  end if;
  if x < 1e-300 then
    v_e := df / 2 * (ln(x) - ln(2::float8)) - app_hidden.stat_log_gamma_1p(df / 2);
    return case when v_e < -745 then 0 else exp(v_e) end;
  end if;
  return app_hidden.stat_incomplete_gamma(df / 2, x / 2, false);
end;
$$;

--
-- Name: FUNCTION stat_chi_square_cdf(x double precision, df double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_chi_square_cdf(x double precision, df double precision) IS 'Cumulative distribution function of the chi-square distribution, P(X <= x), a probability in [0, 1]; df degrees of freedom, finite and > 0 (need not be an integer). x <= 0 gives 0, x = +Infinity gives 1. NULL gives NULL; NaN or invalid df raise INVALID_INPUT. Relative error below 1e-11 (measured against mpmath). For p-values use stat_chi_square_sf, which keeps tiny upper tails exact. Method: P(df/2, x/2), the regularized lower incomplete gamma function (Abramowitz and Stegun 26.4.19), app_hidden.stat_incomplete_gamma (series and continued fraction, Numerical Recipes 6.2; Temme''s uniform expansion for df >= 1000).';

--
-- Name: stat_chi_square_sf(double precision, double precision); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_chi_square_sf(x double precision, df double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  if df = 'NaN' or df <= 0 or df = 'Infinity' then
    raise exception 'stat_chi_square_sf: df must be finite and > 0 (got %)', df using errcode = 'INVAL';
  end if;
  if x = 'NaN' then
    raise exception 'stat_chi_square_sf: x must not be NaN' using errcode = 'INVAL';
  end if;
  if x <= 0 then
    return 1;
  end if;
  if x < 1e-300 then
    return 1 - app_public.stat_chi_square_cdf(x, df);
  end if;
  return app_hidden.stat_incomplete_gamma(df / 2, x / 2, true);
end;
$$;

--
-- Name: FUNCTION stat_chi_square_sf(x double precision, df double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_chi_square_sf(x double precision, df double precision) IS 'Survival function of the chi-square distribution, P(X > x) = 1 - CDF, a probability in [0, 1]: the p-value of a chi-square statistic x with df degrees of freedom (finite, > 0, need not be an integer). x <= 0 gives 1, x = +Infinity gives 0. NULL gives NULL; NaN or invalid df raise INVALID_INPUT. Relative error below 2e-11 (measured against mpmath) even for tiny tails (e.g. sf(1000, 3) = 1.8e-216). Method: Q(df/2, x/2), the regularized upper incomplete gamma function computed directly (continued fraction, Numerical Recipes 6.2.7; Temme''s uniform expansion for df >= 1000; small-df series from DLMF 8.7.1).';

--
-- Name: stat_chi_square_test(bigint[]); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_chi_square_test(observed bigint[], OUT statistic double precision, OUT df integer, OUT p_value double precision, OUT cramers_v double precision) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_rows integer;
  v_cols integer;
  v_total float8;
  v_statistic float8;
begin
  if cardinality(stat_chi_square_test.observed) = 0 then
    return;
  end if;
  if array_ndims(stat_chi_square_test.observed) <> 2 then
    raise exception 'stat_chi_square_test: observed must be a two-dimensional array of counts (got % dimensions)',
      array_ndims(stat_chi_square_test.observed) using errcode = 'INVAL';
  end if;
  if exists (select 1 from unnest(stat_chi_square_test.observed) as u(c) where u.c < 0) then
    raise exception 'stat_chi_square_test: counts must not be negative' using errcode = 'INVAL';
  end if;
  with cells as (
    select i, j, coalesce(stat_chi_square_test.observed[i][j], 0)::float8 as o
      from generate_subscripts(stat_chi_square_test.observed, 1) as i,
           generate_subscripts(stat_chi_square_test.observed, 2) as j
  ), row_totals as (
    select c.i, sum(c.o) as total from cells c group by c.i having sum(c.o) > 0
  ), col_totals as (
    select c.j, sum(c.o) as total from cells c group by c.j having sum(c.o) > 0
  ), grand as (
    select sum(r.total) as total, (select count(*) from row_totals) as nr, (select count(*) from col_totals) as nc
      from row_totals r
  )
  select g.nr, g.nc, g.total,
         (select sum((c.o - r.total * k.total / g.total) ^ 2 / (r.total * k.total / g.total))
            from cells c join row_totals r on r.i = c.i join col_totals k on k.j = c.j)
    into v_rows, v_cols, v_total, v_statistic
    from grand g;
  if v_rows < 2 or v_cols < 2 then
    return;  -- after dropping empty rows and columns there is nothing to test
  end if;
  statistic := v_statistic;
  df := (v_rows - 1) * (v_cols - 1);
  p_value := app_public.stat_chi_square_sf(v_statistic, (v_rows - 1) * (v_cols - 1));
  cramers_v := least(1, sqrt(v_statistic / (v_total * (least(v_rows, v_cols) - 1))));
end;
$$;

--
-- Name: FUNCTION stat_chi_square_test(observed bigint[], OUT statistic double precision, OUT df integer, OUT p_value double precision, OUT cramers_v double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_chi_square_test(observed bigint[], OUT statistic double precision, OUT df integer, OUT p_value double precision, OUT cramers_v double precision) IS 'Pearson''s chi-square test of independence for an r x c contingency table of counts, given as a two-dimensional bigint array (one inner array per row, e.g. array[[accepted_a, rejected_a], [accepted_b, rejected_b]]): statistic (sum (O - E)^2 / E, E = row total x column total / N), df = (r - 1)(c - 1) over the rows and columns kept, p_value (upper tail, app_public.stat_chi_square_sf) and cramers_v = sqrt(statistic / (N (min(r, c) - 1))) in [0, 1]. No continuity (Yates) correction, as scipy.stats.chi2_contingency(observed, correction=False). Rows and columns whose total is 0 are dropped before the test (their expected counts would be 0); if fewer than 2 rows or 2 columns remain, all outputs are NULL. NULL cells count as 0; a NULL array gives NULLs; an empty array gives NULLs; a one-dimensional or three-dimensional array or a negative count raises INVALID_INPUT (PostgreSQL arrays are always rectangular).';

--
-- Name: stat_correlation(double precision[], double precision[]); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_correlation(x double precision[], y double precision[], OUT n integer, OUT pearson_r double precision, OUT pearson_p double precision, OUT spearman_rho double precision, OUT spearman_p double precision) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  m record;
  v_cov float8;
  v_var_x float8;
  v_var_y float8;
begin
  m := app_hidden.stat_paired_moments(stat_correlation.x, stat_correlation.y, 'stat_correlation');
  n := m.n;
  if m.covariance is null then
    return;  -- undefined: too few pairs, or a constant variable
  end if;
  -- Pearson's r does not depend on the scales.
  pearson_r := app_hidden.stat_correlation_coefficient(m.covariance, m.variance_x, m.variance_y);
  pearson_p := app_hidden.stat_correlation_p_value(pearson_r, m.n);
  -- Spearman: Pearson on average ranks (ties share the mean of their positions); ranks average (n + 1)/2.
  select covar_samp(r.rx, r.ry), var_samp(r.rx), var_samp(r.ry)
    into v_cov, v_var_x, v_var_y
    from (select (rank() over (order by u.xv) + (count(*) over (partition by u.xv) - 1) / 2.0)::float8
                   - (m.n + 1) / 2.0 as rx,
                 (rank() over (order by u.yv) + (count(*) over (partition by u.yv) - 1) / 2.0)::float8
                   - (m.n + 1) / 2.0 as ry
            from unnest(stat_correlation.x, stat_correlation.y) as u(xv, yv)
           where u.xv is not null and u.yv is not null) as r;
  spearman_rho := app_hidden.stat_correlation_coefficient(v_cov, v_var_x, v_var_y);
  spearman_p := app_hidden.stat_correlation_p_value(spearman_rho, m.n);
end;
$$;

--
-- Name: FUNCTION stat_correlation(x double precision[], y double precision[], OUT n integer, OUT pearson_r double precision, OUT pearson_p double precision, OUT spearman_rho double precision, OUT spearman_p double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_correlation(x double precision[], y double precision[], OUT n integer, OUT pearson_r double precision, OUT pearson_p double precision, OUT spearman_rho double precision, OUT spearman_p double precision) IS 'Correlation of paired arrays x and y (dimensionless): n (pairs used), pearson_r, pearson_p, spearman_rho, spearman_p. p-values are two-sided for the null of no correlation, from t = r sqrt((n - 2) / (1 - r^2)) with n - 2 degrees of freedom (exact for Pearson under normality; the usual approximation for Spearman, as scipy.stats.spearmanr). Spearman''s rho is Pearson''s r of the average ranks (ties get the mean of their positions). Pairs with a NULL on either side are dropped; NULL arrays give NULLs; different lengths, NaN, +/-Infinity or multidimensional arrays raise INVALID_INPUT. n < 2, or either variable constant: coefficients and p-values NULL. n < 3: p-values NULL. |r| = 1 gives p = 0 (|r| within 1e-15 of 1, i.e. collinear up to rounding, counts as 1). Method: centred (two-pass) sums of squares and products; p-values via app_public.stat_t_sf.';

--
-- Name: stat_describe(double precision[]); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_describe("values" double precision[], OUT n integer, OUT mean double precision, OUT median double precision, OUT stddev double precision, OUT p25 double precision, OUT p75 double precision, OUT p95 double precision, OUT min double precision, OUT max double precision, OUT ci95_low double precision, OUT ci95_high double precision) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_n integer;
  v_mean float8;
  v_scale float8;
  v_var float8;
  v_sd float8;
  v_min float8;
  v_max float8;
  v_q float8[];
  v_half float8;
begin
  perform app_hidden.stat_check_array(stat_describe."values", 'stat_describe(values)');
  select count(u.v)::integer, sum(u.v) / nullif(count(u.v), 0), min(u.v), max(u.v),
         percentile_cont(array[0.25, 0.5, 0.75, 0.95]::float8[]) within group (order by u.v)
    into v_n, v_mean, v_min, v_max, v_q
    from unnest(stat_describe."values") as u(v);
  n := v_n;
  if v_n = 0 then
    return;
  end if;
  if v_min = v_max then
    v_mean := v_min;
    v_sd := case when v_n >= 2 then 0 end;
  else
    -- Second pass over the centred values, scaled by the largest deviation (so that neither tiny nor large
    -- magnitudes underflow or overflow): the mean's correction and the sample variance.
    v_scale := greatest(v_max - v_mean, v_mean - v_min);
    select v_mean + v_scale * avg((u.v - v_mean) / v_scale), var_samp((u.v - v_mean) / v_scale)
      into v_mean, v_var
      from unnest(stat_describe."values") as u(v)
     where u.v is not null;
    v_sd := v_scale * sqrt(v_var);
  end if;
  mean := v_mean;
  median := v_q[2];
  stddev := v_sd;
  p25 := v_q[1];
  p75 := v_q[3];
  p95 := v_q[4];
  min := v_min;
  max := v_max;
  if v_n >= 2 then
    v_half := app_public.stat_t_quantile(0.975, v_n - 1) * (v_sd / sqrt(v_n::float8));
    ci95_low := v_mean - v_half;
    ci95_high := v_mean + v_half;
  end if;
end;
$$;

--
-- Name: FUNCTION stat_describe("values" double precision[], OUT n integer, OUT mean double precision, OUT median double precision, OUT stddev double precision, OUT p25 double precision, OUT p75 double precision, OUT p95 double precision, OUT min double precision, OUT max double precision, OUT ci95_low double precision, OUT ci95_high double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_describe("values" double precision[], OUT n integer, OUT mean double precision, OUT median double precision, OUT stddev double precision, OUT p25 double precision, OUT p75 double precision, OUT p95 double precision, OUT min double precision, OUT max double precision, OUT ci95_low double precision, OUT ci95_high double precision) IS 'Descriptive statistics of an array (feed it with array_agg), in the units of the values: n (count of non-NULL values), mean, median, stddev (sample standard deviation, n - 1 denominator), p25, p75, p95 (percentiles with linear interpolation, identical to percentile_cont), min, max, and ci95_low / ci95_high, the t-based 95% confidence interval of the mean, mean +/- t(0.975, n - 1) stddev / sqrt(n). NULL elements are ignored; a NULL array gives a row of NULLs; NaN, +/-Infinity or a multidimensional array raise INVALID_INPUT. Empty array (or only NULLs): n = 0, everything else NULL. n = 1: stddev and the interval are NULL. Constant data: stddev 0 and a zero-width interval. Method: two-pass (mean corrected by the mean residual, variance of the centred values scaled by the largest deviation), no catastrophic cancellation for data like 1e9 + 1, 1e9 + 2, no underflow for data like 1e-200.';

--
-- Name: stat_linear_regression(double precision[], double precision[]); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_linear_regression(x double precision[], y double precision[], OUT n integer, OUT slope double precision, OUT intercept double precision, OUT r_squared double precision, OUT slope_p_value double precision) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  m record;
  v_r float8;
begin
  m := app_hidden.stat_paired_moments(stat_linear_regression.x, stat_linear_regression.y, 'stat_linear_regression');
  n := m.n;
  if m.n < 2 or m.scale_x = 0 then
    return;  -- no line can be fitted
  end if;
  if m.scale_y = 0 then
    -- Constant y: the fit is the horizontal line; r^2 and the test are undefined.
    slope := 0;
    intercept := m.mean_y;
    return;
  end if;
  slope := m.covariance / m.variance_x * (m.scale_y / m.scale_x);
  intercept := m.mean_y - slope * m.mean_x;
  v_r := app_hidden.stat_correlation_coefficient(m.covariance, m.variance_x, m.variance_y);
  r_squared := v_r * v_r;
  slope_p_value := app_hidden.stat_correlation_p_value(v_r, m.n);
end;
$$;

--
-- Name: FUNCTION stat_linear_regression(x double precision[], y double precision[], OUT n integer, OUT slope double precision, OUT intercept double precision, OUT r_squared double precision, OUT slope_p_value double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_linear_regression(x double precision[], y double precision[], OUT n integer, OUT slope double precision, OUT intercept double precision, OUT r_squared double precision, OUT slope_p_value double precision) IS 'Ordinary least-squares fit y = intercept + slope x of paired arrays: n (pairs used), slope (units of y per unit of x), intercept (units of y), r_squared (coefficient of determination, in [0, 1]) and slope_p_value, the two-sided p-value of the t test of slope = 0 with n - 2 degrees of freedom (as scipy.stats.linregress). Pairs with a NULL on either side are dropped; NULL arrays give NULLs; different lengths, NaN, +/-Infinity or multidimensional arrays raise INVALID_INPUT. n < 2 or constant x: all outputs but n NULL. Constant y: slope 0 and intercept = y, r_squared and slope_p_value NULL. n = 2: slope_p_value NULL. A perfect fit gives slope_p_value 0. Method: centred (two-pass) sums of squares and products; t = r sqrt((n - 2) / (1 - r^2)), p via app_public.stat_t_sf.';

--
-- Name: stat_normal_cdf(double precision); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_normal_cdf(z double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_sqrt_2pi constant float8 := 2.5066282746310005024;
  v_term float8;
  v_sum float8;
  v_k integer := 0;
  v_tail float8;
  v_e float8;
begin
  if z = 'NaN' then
    raise exception 'stat_normal_cdf: z must not be NaN' using errcode = 'INVAL';
  end if;
  if abs(z) < 1e-17 then
    return 0.5;  -- 1/2 + z phi(0) rounds to 1/2
  end if;
  if abs(z) <= 3 then
    v_term := z;
    v_sum := z;
    loop
      v_k := v_k + 1;
      v_term := v_term * z * z / (2 * v_k + 1);
      v_sum := v_sum + v_term;
      exit when abs(v_term) < 1e-17 * abs(v_sum);
    end loop;
    return 0.5 + exp(-z * z / 2) / v_sqrt_2pi * v_sum;
  end if;
  if abs(z) > 40 then
    v_tail := 0;  -- Phi(-40) = 3.7e-350 is below the smallest float8
  else
    v_e := -z * z / 2 - v_ln_sqrt_2pi + ln(app_hidden.stat_normal_mills_ratio(abs(z)));
    v_tail := case when v_e < -745 then 0 else exp(v_e) end;
  end if;
  return case when z < 0 then v_tail else 1 - v_tail end;
end;
$$;

--
-- Name: FUNCTION stat_normal_cdf(z double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_normal_cdf(z double precision) IS 'Standard normal cumulative distribution function Phi(z) = P(Z <= z), a probability in [0, 1]; z in standard deviations. NULL gives NULL; NaN raises INVALID_INPUT; -Infinity gives 0, +Infinity gives 1. Relative error below 2e-13 over the whole range (measured against mpmath), including the lower tail down to 1e-308 (e.g. Phi(-8) = 6.22e-16, Phi(-37) = 5.7e-300); upper-tail probabilities are better taken as stat_normal_cdf(-z). Method: for |z| <= 3 the series Phi(z) = 1/2 + phi(z) (z + z^3/3 + z^5/15 + ...) (Marsaglia 2004); beyond, phi(z) times the Mills ratio from Laplace''s continued fraction, in log space (Abramowitz and Stegun 26.2.14, modified Lentz method, Numerical Recipes 5.2).';

--
-- Name: stat_normal_quantile(double precision); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_normal_quantile(p double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_ln_sqrt_2pi constant float8 := 0.91893853320467274178;
  v_sqrt_2pi constant float8 := 2.5066282746310005024;
  v_q float8;
  v_s float8;
  v_z float8;
  v_dz float8;
  v_phi float8;
  v_term float8;
  v_sum float8;
  v_u float8;
  v_r float8;
  v_ln_q float8;
  v_k integer;
begin
  if p = 'NaN' or p <= 0 or p >= 1 then
    raise exception 'stat_normal_quantile: p must be in (0, 1) (got %)', p using errcode = 'INVAL';
  end if;
  if p = 0.5 then
    return 0;
  end if;
  v_q := least(p, 1 - p);  -- 1 - p is exact for p >= 1/2
  -- Start: Hastings' rational approximation (Abramowitz and Stegun 26.2.23), |error| < 4.5e-4.
  v_s := sqrt(-2 * ln(v_q));
  v_z := -(v_s - (2.515517 + v_s * (0.802853 + v_s * 0.010328))
                 / (1 + v_s * (1.432788 + v_s * (0.189269 + v_s * 0.001308))));
  if v_z > -3 then
    -- Halley's method on Phi(z) - q, with Phi(z) - q = (1/2 - q) + phi(z) S(z) and 1/2 - q exact.
    for v_iteration in 1..20 loop
      v_term := v_z;
      v_sum := v_z;
      v_k := 0;
      if abs(v_z) >= 1e-17 then
        loop
          v_k := v_k + 1;
          v_term := v_term * v_z * v_z / (2 * v_k + 1);
          v_sum := v_sum + v_term;
          exit when abs(v_term) < 1e-17 * abs(v_sum);
        end loop;
      end if;
      v_phi := exp(-v_z * v_z / 2) / v_sqrt_2pi;
      v_u := ((0.5 - v_q) + v_phi * v_sum) / v_phi;
      v_dz := v_u / (1 + v_z * v_u / 2);
      v_z := v_z - v_dz;
      exit when abs(v_dz) <= 1e-15 * abs(v_z);
    end loop;
  else
    -- Newton's method on ln Phi(z) - ln q; ln Phi(z) = ln R(-z) - z^2/2 - ln sqrt(2 pi) never underflows.
    v_ln_q := ln(v_q);
    for v_iteration in 1..50 loop
      v_r := app_hidden.stat_normal_mills_ratio(-v_z);
      v_dz := (ln(v_r) - v_z * v_z / 2 - v_ln_sqrt_2pi - v_ln_q) * v_r;
      v_z := v_z - v_dz;
      exit when abs(v_dz) <= 1e-15 * abs(v_z);
    end loop;
  end if;
  return case when p < 0.5 then v_z else -v_z end;
end;
$$;

--
-- Name: FUNCTION stat_normal_quantile(p double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_normal_quantile(p double precision) IS 'Standard normal quantile (inverse CDF): the z with Phi(z) = p, in standard deviations. p must lie in the open interval (0, 1): p <= 0, p >= 1 or NaN raise INVALID_INPUT (no infinities are returned); NULL gives NULL. Relative error about 1e-14 for p from 4.9e-324 to 1 - 1.1e-16 (measured against mpmath). Method: start from Hastings'' approximation (Abramowitz and Stegun 26.2.23), then Halley''s method on Phi(z) - p where |z| < 3 and Newton''s method on ln Phi(z) - ln p in the tails, both against app_public.stat_normal_cdf''s own series and Mills ratio.';

--
-- Name: stat_outliers(double precision[]); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_outliers("values" double precision[]) RETURNS TABLE(ordinal integer, value double precision, z_score double precision, modified_z_score double precision, is_iqr_outlier boolean, is_z_outlier boolean, is_modified_z_outlier boolean)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_n integer;
  v_mean float8;
  v_delta float8 := 0;
  v_scale float8;
  v_sd float8;
  v_min float8;
  v_max float8;
  v_q float8[];
  v_iqr float8;
  v_mad float8;
begin
  perform app_hidden.stat_check_array(stat_outliers."values", 'stat_outliers(values)');
  select count(u.v)::integer, sum(u.v) / nullif(count(u.v), 0), min(u.v), max(u.v),
         percentile_cont(array[0.25, 0.5, 0.75]::float8[]) within group (order by u.v)
    into v_n, v_mean, v_min, v_max, v_q
    from unnest(stat_outliers."values") as u(v);
  if v_n >= 2 then
    if v_min = v_max then
      v_mean := v_min;
      v_sd := 0;
    else
      -- Centred second pass, scaled by the largest deviation (see stat_describe); the mean is kept as the
      -- first-pass value plus a small correction, so that x - mean is exact to the last bit of x.
      v_scale := greatest(v_max - v_mean, v_mean - v_min);
      select v_scale * avg((u.v - v_mean) / v_scale), v_scale * stddev_samp((u.v - v_mean) / v_scale)
        into v_delta, v_sd
        from unnest(stat_outliers."values") as u(v)
       where u.v is not null;
    end if;
    select percentile_cont(0.5) within group (order by abs(u.v - v_q[2]))
      into v_mad
      from unnest(stat_outliers."values") as u(v)
     where u.v is not null;
    v_iqr := v_q[3] - v_q[1];
  end if;
  return query
    select u.o::integer,
           u.v,
           case when v_sd > 0 then ((u.v - v_mean) - v_delta) / v_sd end,
           case when v_mad > 0 then 0.6745 * ((u.v - v_q[2]) / v_mad) end,
           case when u.v is not null and v_n >= 2
                then u.v < v_q[1] - 1.5 * v_iqr or u.v > v_q[3] + 1.5 * v_iqr end,
           case when v_sd > 0 then abs(((u.v - v_mean) - v_delta) / v_sd) > 3 end,
           case when v_mad > 0 then abs(0.6745 * ((u.v - v_q[2]) / v_mad)) > 3.5 end
      from unnest(stat_outliers."values") with ordinality as u(v, o)
     order by u.o;
end;
$$;

--
-- Name: FUNCTION stat_outliers("values" double precision[]); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_outliers("values" double precision[]) IS 'One row per input element, in input order: ordinal (1-based position in the array), value, z_score (x - mean) / s with the sample standard deviation s (n - 1 denominator; scipy.stats.zscore(ddof=1)), modified_z_score 0.6745 (x - median) / MAD with MAD = median |x - median| (Iglewicz and Hoaglin 1993), is_iqr_outlier (x < Q1 - 1.5 IQR or x > Q3 + 1.5 IQR, quartiles as percentile_cont; Tukey''s fences), is_z_outlier (|z| > 3), is_modified_z_outlier (|M| > 3.5). Statistics use the non-NULL values only; a NULL element gives its row with NULL scores and flags. NULL array: no rows; empty array: no rows. n < 2: all scores and flags NULL. Zero standard deviation: z_score and is_z_outlier NULL; MAD = 0 (more than half the values equal): modified_z_score and its flag NULL. NaN, +/-Infinity or a multidimensional array raise INVALID_INPUT. Note that with s from the sample itself |z| <= (n - 1) / sqrt(n), so |z| > 3 needs n >= 11.';

--
-- Name: stat_t_cdf(double precision, double precision); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_t_cdf(t double precision, df double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select app_public.stat_t_sf(-t, df)
$$;

--
-- Name: FUNCTION stat_t_cdf(t double precision, df double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_t_cdf(t double precision, df double precision) IS 'Cumulative distribution function of Student''s t distribution, P(T <= t), a probability in [0, 1]; df > 0 degrees of freedom (need not be an integer). NULL gives NULL; NaN or df <= 0 raise INVALID_INPUT; df > 1e20 (including +Infinity) uses the normal distribution. Relative error below 1e-12, lower tail included (e.g. t_cdf(-40, 3) = 1.7e-5). Method: stat_t_sf(-t, df) by symmetry, i.e. the regularized incomplete beta function (Abramowitz and Stegun 26.7.1; Numerical Recipes 6.4).';

--
-- Name: stat_t_quantile(double precision, double precision); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_t_quantile(p double precision, df double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_q float8;
  v_a float8;
  v_ln_b float8;
  v_central boolean;
  v_target float8;
  v_z float8;
  v_t float8;
  v_s float8;
  v_best_s float8;
  v_best_g float8;
  v_candidate float8;
  v_w float8;
  v_value float8;
  v_g float8;
  v_ln_f float8;
  v_slope float8;
  v_new float8;
  v_lo float8 := -700;
  v_hi float8 := 709.7;
begin
  if p = 'NaN' or p <= 0 or p >= 1 then
    raise exception 'stat_t_quantile: p must be in (0, 1) (got %)', p using errcode = 'INVAL';
  end if;
  if df = 'NaN' or df <= 0 then
    raise exception 'stat_t_quantile: df must be > 0 (got %)', df using errcode = 'INVAL';
  end if;
  if df > 1e20 then
    return app_public.stat_normal_quantile(p);
  end if;
  if p = 0.5 then
    return 0;
  end if;
  v_q := least(p, 1 - p);  -- the upper-tail probability of |t|; 1 - p is exact for p >= 1/2
  if df = 1 then
    -- Cauchy: t = cot(pi q) = tan(pi (1/2 - q)).
    if v_q >= 0.25 then
      v_t := tan(pi() * (0.5 - v_q));
    elsif v_q >= 1e-300 then
      v_t := 1 / tan(pi() * v_q);
    elsif -ln(pi()) - ln(v_q) > 709.7 then
      v_t := 'Infinity';
    else
      v_t := exp(-ln(pi()) - ln(v_q));
    end if;
    return case when p < 0.5 then -v_t else v_t end;
  end if;
  if df = 2 then
    v_t := (1 - 2 * v_q) / sqrt(2 * v_q * (1 - v_q));
    return case when p < 0.5 then -v_t else v_t end;
  end if;

  v_a := df / 2;
  v_ln_b := app_hidden.stat_log_beta(v_a, 0.5);
  -- Near the centre solve P(0 < T < t) = 1/2 - q (both sides computed directly), in the tails P(T > t) = q;
  -- both in log space, by Newton's method on s = ln t with a bisection safeguard.
  v_central := v_q > 0.25;
  v_target := ln(case when v_central then 0.5 - v_q else v_q end);
  v_z := -app_public.stat_normal_quantile(v_q);
  for v_start in 1..3 loop
    v_candidate := case v_start
      -- Cornish-Fisher expansion of t in the normal quantile z (Abramowitz and Stegun 26.7.5).
      when 1 then case when df >= 1 then v_z + (v_z ^ 3 + v_z) / (4 * df) + (5 * v_z ^ 5 + 16 * v_z ^ 3 + 3 * v_z) / (96 * df ^ 2)
                  + (3 * v_z ^ 7 + 19 * v_z ^ 5 + 17 * v_z ^ 3 - 15 * v_z) / (384 * df ^ 3) end
      -- Power-law tail: P(T > t) ~ df^(df/2 - 1) t^-df / B(df/2, 1/2); already ln t.
      when 2 then least(700, greatest(-700, ((v_a - 1) * ln(df) - v_ln_b - ln(v_q)) / df))
      -- Linear centre: P(0 < T < t) ~ t f(0), f(0) = 1 / (sqrt(df) B(df/2, 1/2)).
      else (0.5 - v_q) * exp(0.5 * ln(df) + v_ln_b) end;
    if v_start <> 2 then
      continue when v_candidate is null or not (v_candidate > 1e-300 and v_candidate < 1e300);
      v_candidate := ln(v_candidate);
    end if;
    v_value := app_hidden.stat_t_probability(v_candidate, df, v_central);
    continue when v_value <= 0;
    v_g := abs(ln(v_value) - v_target);
    if v_best_g is null or v_g < v_best_g then
      v_best_g := v_g;
      v_best_s := v_candidate;
    end if;
  end loop;
  v_s := coalesce(v_best_s, 0);
  if not v_central and app_hidden.stat_t_probability(v_hi, df, false) > v_q then
    v_s := v_hi;  -- even t = 1.6e308 leaves more than q in the tail (df < 1 and tiny p): +/-Infinity
  end if;

  for v_iteration in 1..200 loop
    exit when v_s >= 709.7;
    v_value := app_hidden.stat_t_probability(v_s, df, v_central);
    if v_value <= 0 then
      -- Underflow: in the tail t is too large, in the centre too small.
      if v_central then v_lo := v_s; else v_hi := v_s; end if;
      v_s := (v_lo + v_hi) / 2;
      continue;
    end if;
    v_g := ln(v_value) - v_target;
    -- The tail decreases in t, the central probability increases.
    if (v_g > 0) = v_central then v_hi := v_s; else v_lo := v_s; end if;
    -- ln f(t) = -ln B(df/2, 1/2) - ln(df)/2 - (df + 1)/2 ln(1 + t^2/df), with w = ln(t^2/df).
    v_w := 2 * v_s - ln(df);
    v_ln_f := -v_ln_b - 0.5 * ln(df) - (df + 1) / 2 * case when v_w > 36 then v_w
                                                          when v_w < -700 then 0
                                                          else app_hidden.stat_log1p(exp(v_w)) end;
    -- d ln(value) / d ln t = -/+ t f(t) / value.
    v_slope := exp(least(700, greatest(-700, v_s + v_ln_f - ln(v_value))));
    if not v_central then v_slope := -v_slope; end if;
    v_new := v_s - v_g / v_slope;
    if not (v_new > v_lo and v_new < v_hi) then
      v_new := (v_lo + v_hi) / 2;
    end if;
    if abs(v_new - v_s) <= 1e-14 * greatest(1, abs(v_s)) then
      v_s := v_new;
      exit;
    end if;
    v_s := v_new;
    exit when v_hi - v_lo <= 1e-15 * greatest(1, abs(v_s));
  end loop;
  v_t := case when v_s >= 709.7 then 'Infinity'::float8 else exp(v_s) end;
  return case when p < 0.5 then -v_t else v_t end;
end;
$$;

--
-- Name: FUNCTION stat_t_quantile(p double precision, df double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_t_quantile(p double precision, df double precision) IS 'Quantile (inverse CDF) of Student''s t distribution: the t with P(T <= t) = p; df > 0 degrees of freedom (need not be an integer). p must lie in the open interval (0, 1): p <= 0, p >= 1, NaN or df <= 0 raise INVALID_INPUT; NULL gives NULL; df > 1e20 (including +Infinity) uses the normal quantile; quantiles beyond the float8 range (only for df < 1 and tiny p) are +/-Infinity. Relative error about 1e-12 (e.g. stat_t_quantile(0.975, 10) = 2.228138851986273). Method: closed forms for df = 1 (Cauchy) and df = 2; otherwise the best of three starts (Cornish-Fisher expansion, Abramowitz and Stegun 26.7.5; the power-law tail; the linear centre), refined by Newton''s method on ln t against app_public.stat_t_sf in the tails and against P(0 < T < t) = I_y(1/2, df/2) / 2 near the centre, with a bisection safeguard.';

--
-- Name: stat_t_sf(double precision, double precision); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_t_sf(t double precision, df double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_a float8;
  v_t2 float8;
  v_i float8;
  v_e float8;
  v_tail float8;
begin
  if t = 'NaN' or df = 'NaN' or df <= 0 then
    raise exception 'stat_t_sf: t must not be NaN and df must be > 0 (got t = %, df = %)', t, df
      using errcode = 'INVAL';
  end if;
  if df > 1e20 then
    -- The t distribution differs from the normal by O(t^4 / df): below 1e-16 relative here.
    return app_public.stat_normal_cdf(-t);
  end if;
  if t = 'Infinity' then return 0; end if;
  if t = '-Infinity' then return 1; end if;
  if abs(t) < 1e-100 then
    return 0.5;
  end if;
  v_a := df / 2;
  if abs(t) > 1e100 or 2 * ln(abs(t)) - ln(df) > 690 then
    -- x = df / (df + t^2) < exp(-690): I_x(a, 1/2) = x^a / (a B(a, 1/2)) (1 + O(x)).
    v_e := v_a * (ln(df) - 2 * ln(abs(t))) - ln(v_a) - app_hidden.stat_log_beta(v_a, 0.5) - ln(2::float8);
    v_tail := case when v_e < -745 then 0 else exp(v_e) end;
  else
    v_t2 := t * t;
    v_i := app_hidden.stat_incomplete_beta(v_a, 0.5, df / (df + v_t2), false, v_t2 / (df + v_t2));
    v_tail := case when v_i >= 1e-300 then v_i / 2
                   when v_i <= 0 or ln(v_i) - ln(2::float8) < -745 then 0
                   else exp(ln(v_i) - ln(2::float8)) end;
  end if;
  return case when t > 0 then v_tail else 1 - v_tail end;
end;
$$;

--
-- Name: FUNCTION stat_t_sf(t double precision, df double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_t_sf(t double precision, df double precision) IS 'Survival function of Student''s t distribution, P(T > t), a probability in [0, 1]; df > 0 degrees of freedom, need not be an integer (Welch). Use it for p-values: two-sided p = 2 * stat_t_sf(abs(t), df), which keeps its relative accuracy down to 1e-300. NULL gives NULL; NaN t or df, or df <= 0, raise INVALID_INPUT; t = +/-Infinity gives 0 / 1; df > 1e20 (including +Infinity) uses the normal distribution. Relative error below 1e-12 over the whole range (measured against mpmath, and scipy for df >= 1e4). Method: P(T > |t|) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2) and 1 - x = t^2 / (df + t^2) passed separately (Abramowitz and Stegun 26.7.1 and 26.5.27), app_hidden.stat_incomplete_beta (Numerical Recipes 6.4); for t^2 / df > exp(690) the leading term of the power series.';

--
-- Name: stat_welch_t_test(double precision[], double precision[]); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_welch_t_test(a double precision[], b double precision[], OUT t double precision, OUT df double precision, OUT p_value double precision, OUT cohens_d double precision) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_na integer;
  v_nb integer;
  v_ma float8;
  v_mb float8;
  v_va float8;
  v_vb float8;
  v_min_a float8;
  v_max_a float8;
  v_min_b float8;
  v_max_b float8;
  v_delta_a float8 := 0;
  v_delta_b float8 := 0;
  v_scale float8;
  v_ua float8;
  v_ub float8;
  v_t float8;
  v_df float8;
begin
  perform app_hidden.stat_check_array(stat_welch_t_test.a, 'stat_welch_t_test(a)');
  perform app_hidden.stat_check_array(stat_welch_t_test.b, 'stat_welch_t_test(b)');
  select count(u.v)::integer, sum(u.v) / nullif(count(u.v), 0), min(u.v), max(u.v)
    into v_na, v_ma, v_min_a, v_max_a
    from unnest(stat_welch_t_test.a) as u(v);
  select count(u.v)::integer, sum(u.v) / nullif(count(u.v), 0), min(u.v), max(u.v)
    into v_nb, v_mb, v_min_b, v_max_b
    from unnest(stat_welch_t_test.b) as u(v);
  if v_na < 2 or v_nb < 2 or (v_min_a = v_max_a and v_min_b = v_max_b) then
    return;  -- a variance is undefined, or both are 0
  end if;
  -- Centred second pass; both groups scaled by the same factor, the largest deviation from a group mean
  -- (t, df and d do not depend on the scale; the scaling keeps tiny or huge magnitudes from under- or
  -- overflowing). Each mean is kept as its first-pass value plus a small correction, so that the difference
  -- of two close means (1e9 + 1.5 against 1e9 + 1.2) keeps its digits.
  v_scale := greatest(v_max_a - v_ma, v_ma - v_min_a, v_max_b - v_mb, v_mb - v_min_b);
  if v_min_a = v_max_a then
    v_ma := v_min_a;
    v_va := 0;
  else
    select v_scale * avg((u.v - v_ma) / v_scale), var_samp((u.v - v_ma) / v_scale)
      into v_delta_a, v_va
      from unnest(stat_welch_t_test.a) as u(v)
     where u.v is not null;
  end if;
  if v_min_b = v_max_b then
    v_mb := v_min_b;
    v_vb := 0;
  else
    select v_scale * avg((u.v - v_mb) / v_scale), var_samp((u.v - v_mb) / v_scale)
      into v_delta_b, v_vb
      from unnest(stat_welch_t_test.b) as u(v)
     where u.v is not null;
  end if;
  -- Squared standard errors (in units of scale^2).
  v_ua := v_va / v_na;
  v_ub := v_vb / v_nb;
  v_t := ((v_ma - v_mb) + (v_delta_a - v_delta_b)) / (v_scale * sqrt(v_ua + v_ub));
  -- Welch-Satterthwaite; a negligible group contributes nothing (and its square must not underflow).
  v_df := (v_ua + v_ub) ^ 2
          / (case when v_ua < 1e-150 then 0 else v_ua * v_ua / (v_na - 1) end
             + case when v_ub < 1e-150 then 0 else v_ub * v_ub / (v_nb - 1) end);
  t := v_t;
  df := v_df;
  p_value := 2 * app_public.stat_t_sf(abs(v_t), v_df);
  cohens_d := ((v_ma - v_mb) + (v_delta_a - v_delta_b)) / (v_scale * sqrt(((v_na - 1) * v_va + (v_nb - 1) * v_vb) / (v_na + v_nb - 2)));
end;
$$;

--
-- Name: FUNCTION stat_welch_t_test(a double precision[], b double precision[], OUT t double precision, OUT df double precision, OUT p_value double precision, OUT cohens_d double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_welch_t_test(a double precision[], b double precision[], OUT t double precision, OUT df double precision, OUT p_value double precision, OUT cohens_d double precision) IS 'Welch''s two-sample t test (unequal variances) of mean(a) = mean(b): t (positive when mean(a) > mean(b)), df (Welch-Satterthwaite degrees of freedom, not an integer), p_value (two-sided), and cohens_d, the standardized mean difference (mean(a) - mean(b)) / s_pooled with s_pooled = sqrt(((n_a - 1) s_a^2 + (n_b - 1) s_b^2) / (n_a + n_b - 2)) (Cohen 1988; no small-sample correction). Same statistic as scipy.stats.ttest_ind(a, b, equal_var=False). NULL elements are ignored; a NULL array gives NULLs; NaN, +/-Infinity or multidimensional arrays raise INVALID_INPUT. A group with fewer than 2 values, or both groups constant: all outputs NULL. Method: two-pass means and variances; p via app_public.stat_t_sf, exact for tiny p-values.';

--
-- Name: stat_wilson_interval(bigint, bigint, double precision); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.stat_wilson_interval(successes bigint, total bigint, confidence double precision DEFAULT 0.95, OUT low double precision, OUT high double precision) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_z float8;
  v_n float8;
  v_p float8;
  v_denom float8;
  v_centre float8;
  v_half float8;
  v_upper float8;
begin
  if successes < 0 or total < 0 or successes > total then
    raise exception 'stat_wilson_interval: need 0 <= successes <= total (got successes = %, total = %)',
      successes, total using errcode = 'INVAL';
  end if;
  if not (confidence > 0 and confidence < 1) then
    raise exception 'stat_wilson_interval: confidence must be in (0, 1) (got %)', confidence
      using errcode = 'INVAL';
  end if;
  if total = 0 then
    return;
  end if;
  v_z := -app_public.stat_normal_quantile((1 - confidence) / 2);
  v_n := total;
  v_p := successes::float8 / v_n;
  v_denom := 1 + v_z * v_z / v_n;
  v_centre := (v_p + v_z * v_z / (2 * v_n)) / v_denom;
  v_half := v_z / v_denom * sqrt(v_p * (1 - v_p) / v_n + v_z * v_z / (4 * v_n * v_n));
  v_upper := v_centre + v_half;
  -- The bounds are the roots of (1 + z^2/n) w^2 - (2 p + z^2/n) w + p^2 = 0; the lower one as
  -- p^2 / ((1 + z^2/n) upper), which does not cancel.
  low := case when successes = 0 then 0 else greatest(0, least(1, v_p * v_p / (v_denom * v_upper))) end;
  high := case when successes = total then 1 else greatest(0, least(1, v_upper)) end;
end;
$$;

--
-- Name: FUNCTION stat_wilson_interval(successes bigint, total bigint, confidence double precision, OUT low double precision, OUT high double precision); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.stat_wilson_interval(successes bigint, total bigint, confidence double precision, OUT low double precision, OUT high double precision) IS 'Wilson score interval for a binomial proportion successes / total (e.g. an acceptance rate): low and high as proportions in [0, 1] at the given two-sided confidence level (default 0.95). NULL arguments give NULLs; total = 0 gives NULLs; successes < 0, total < 0, successes > total, or confidence outside the open interval (0, 1) raise INVALID_INPUT. successes = 0 gives low = 0 and successes = total gives high = 1 exactly. Method: Wilson (1927), centre (p + z^2/2n) / (1 + z^2/n), half-width z / (1 + z^2/n) sqrt(p (1 - p) / n + z^2 / 4n^2), z = -stat_normal_quantile((1 - confidence) / 2); the lower bound is taken from the product of the roots to avoid cancellation. No continuity correction.';

--
-- Name: zones; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.zones (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    zone_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    zone_type app_public.zone_type NOT NULL,
    temperature_class app_public.temperature_class DEFAULT 'AMBIENT'::app_public.temperature_class NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_zones_code_present CHECK ((length(btrim(code)) > 0)),
    CONSTRAINT chk_zones_name_present CHECK ((length(btrim(name)) > 0))
);

--
-- Name: TABLE zones; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.zones IS 'A part of a facility with one purpose and one temperature class.';

--
-- Name: COLUMN zones.code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.zones.code IS 'Short name, unique within the facility, e.g. `RSV`.';

--
-- Name: COLUMN zones.deleted_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.zones.deleted_at IS 'Set to archive (soft delete); archived rows are visible to supervisors only.';

--
-- Name: zone_by_code(uuid, text); Type: FUNCTION; Schema: app_public; Owner: -
--

CREATE FUNCTION app_public.zone_by_code(facility_id uuid, code text) RETURNS app_public.zones
    LANGUAGE sql STABLE STRICT
    AS $$
  select z.* from app_public.zones z
   where z.tenant_id = app_public.current_tenant_id() and z.facility_id = zone_by_code.facility_id
     and z.code = zone_by_code.code;
$$;

--
-- Name: FUNCTION zone_by_code(facility_id uuid, code text); Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON FUNCTION app_public.zone_by_code(facility_id uuid, code text) IS 'The zone with this code (e.g. `RSV`) in a facility of your tenant (zone codes are unique per facility); null when there is none.';

--
-- Name: aisle_congestion; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.aisle_congestion (
    tenant_id uuid NOT NULL,
    facility_id uuid NOT NULL,
    aisle text NOT NULL,
    movements integer NOT NULL,
    congestion numeric(6,5) NOT NULL
);

--
-- Name: TABLE aisle_congestion; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON TABLE app_private.aisle_congestion IS 'Movements per aisle in the last window, and congestion relative to the busiest aisle.';

--
-- Name: aisle_congestion_runs; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.aisle_congestion_runs (
    tenant_id uuid NOT NULL,
    facility_id uuid NOT NULL,
    computed_at timestamp with time zone NOT NULL,
    window_minutes integer NOT NULL
);

--
-- Name: bin_utilization_refresh_runs; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.bin_utilization_refresh_runs (
    refresh_id bigint NOT NULL,
    started_at timestamp with time zone NOT NULL,
    duration_ms numeric(12,3) NOT NULL,
    snapshot pg_snapshot NOT NULL,
    facilities integer NOT NULL
);

--
-- Name: TABLE bin_utilization_refresh_runs; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON TABLE app_private.bin_utilization_refresh_runs IS 'Every refresh of bin_utilization_cache in the last 7 days: when, how long, the snapshot it saw (which jobs it served) and the facilities recorded fresh.';

--
-- Name: COLUMN bin_utilization_refresh_runs.snapshot; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.bin_utilization_refresh_runs.snapshot IS 'Taken just before the refresh: transactions visible in it are included in the refreshed figures.';

--
-- Name: bin_utilization_refresh_runs_refresh_id_seq; Type: SEQUENCE; Schema: app_private; Owner: -
--

ALTER TABLE app_private.bin_utilization_refresh_runs ALTER COLUMN refresh_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME app_private.bin_utilization_refresh_runs_refresh_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: bin_utilization_refreshes; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.bin_utilization_refreshes (
    tenant_id uuid NOT NULL,
    facility_id uuid NOT NULL,
    refreshed_at timestamp with time zone NOT NULL,
    duration_ms numeric(12,3) NOT NULL
);

--
-- Name: TABLE bin_utilization_refreshes; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON TABLE app_private.bin_utilization_refreshes IS 'When bin_utilization_cache was last refreshed, per tenant and facility (its age is a metric and a readiness check).';

--
-- Name: data_quality_audit_runs; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.data_quality_audit_runs (
    tenant_id uuid NOT NULL,
    audit_run_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone NOT NULL,
    open_findings integer NOT NULL,
    new_findings integer NOT NULL,
    resolved_findings integer NOT NULL,
    remediations integer NOT NULL
);

--
-- Name: facility_layout_versions; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.facility_layout_versions (
    tenant_id uuid NOT NULL,
    facility_id uuid NOT NULL,
    version bigint DEFAULT 1 NOT NULL
);

--
-- Name: TABLE facility_layout_versions; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON TABLE app_private.facility_layout_versions IS 'Bumped on every change to a facility''s locations or zones; the engine''s layout cache compares it.';

--
-- Name: location_occupancy; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.location_occupancy (
    tenant_id uuid NOT NULL,
    location_id uuid NOT NULL,
    facility_id uuid NOT NULL,
    cubic_feet_on_hand numeric DEFAULT 0 NOT NULL,
    weight_lbs_on_hand numeric DEFAULT 0 NOT NULL,
    cubic_feet_reserved numeric DEFAULT 0 NOT NULL,
    weight_lbs_reserved numeric DEFAULT 0 NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    changed_xid xid8 DEFAULT pg_current_xact_id() NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE location_occupancy; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON TABLE app_private.location_occupancy IS 'Cubic feet and weight on hand and reserved per location, maintained by triggers; enforces capacity.';

--
-- Name: material_slotting; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.material_slotting (
    tenant_id uuid NOT NULL,
    facility_id uuid NOT NULL,
    material_id uuid NOT NULL,
    picks_per_day numeric(14,4) NOT NULL,
    stock_cubic_feet numeric(16,4) NOT NULL,
    slot_share numeric(7,6) NOT NULL,
    window_days integer NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chk_material_slotting_not_negative CHECK (((picks_per_day >= (0)::numeric) AND (stock_cubic_feet >= (0)::numeric))),
    CONSTRAINT chk_material_slotting_numbers_not_nan CHECK (((('NaN'::numeric <> picks_per_day) AND ('NaN'::numeric <> stock_cubic_feet)) AND ('NaN'::numeric <> slot_share))),
    CONSTRAINT chk_material_slotting_slot_share_range CHECK (((slot_share >= (0)::numeric) AND (slot_share <= (1)::numeric))),
    CONSTRAINT chk_material_slotting_window_days_positive CHECK ((window_days > 0))
);

--
-- Name: TABLE material_slotting; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON TABLE app_private.material_slotting IS 'Adaptive slotting figures per facility and material, from the last window of picks and stock (written daily by the reclassify_abc task): ENHANCED aims a material at the distance within which its slot_share of the facility''s storage room lies. Internal: the visitor reads a batch''s shares through app_hidden.putaway_factor_data.';

--
-- Name: COLUMN material_slotting.picks_per_day; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.material_slotting.picks_per_day IS 'PICK transactions of the material at the facility in the window, per day of the window.';

--
-- Name: COLUMN material_slotting.stock_cubic_feet; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.material_slotting.stock_cubic_feet IS 'Mean stock the material is expected to hold in the facility''s storage locations (zones PICK_FACE, RESERVE, BULK) over the slotting horizon (30 days), in cubic feet: from what is on hand, less the window''s picks per day, restocked by the window''s swing at its low mark (engine/slotting.ts expectedStockCubic).';

--
-- Name: COLUMN material_slotting.slot_share; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.material_slotting.slot_share IS 'Share of the facility''s storage room (0 to 1) taken by the stock of the materials with more picks per cubic foot than this one, plus half of its own: ENHANCED aims it at the distance within which this share of the room lies.';

--
-- Name: COLUMN material_slotting.window_days; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.material_slotting.window_days IS 'Days of picks and stock the figures cover (ABC_WINDOW_DAYS).';

--
-- Name: COLUMN material_slotting.computed_at; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.material_slotting.computed_at IS 'When the figures were computed.';

--
-- Name: CONSTRAINT chk_material_slotting_numbers_not_nan ON material_slotting; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON CONSTRAINT chk_material_slotting_numbers_not_nan ON app_private.material_slotting IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: putaway_idempotency_keys; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.putaway_idempotency_keys (
    tenant_id uuid NOT NULL,
    idempotency_key text NOT NULL,
    operation text NOT NULL,
    request_hash bytea NOT NULL,
    response jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

--
-- Name: TABLE putaway_idempotency_keys; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON TABLE app_private.putaway_idempotency_keys IS 'The first answer to each idempotency key of the putaway mutations, per tenant, until it expires.';

--
-- Name: COLUMN putaway_idempotency_keys.request_hash; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.putaway_idempotency_keys.request_hash IS 'SHA-256 of the operation''s input (as jsonb text): the same key with another input is refused.';

--
-- Name: outbound_order_lines; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.outbound_order_lines (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    outbound_order_line_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    outbound_order_id uuid NOT NULL,
    line_number integer NOT NULL,
    material_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    due_at timestamp with time zone NOT NULL,
    status app_public.order_line_status DEFAULT 'OPEN'::app_public.order_line_status NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_outbound_order_lines_numbers_not_nan CHECK (('NaN'::numeric <> quantity)),
    CONSTRAINT chk_outbound_order_lines_positive_line_number CHECK ((line_number > 0)),
    CONSTRAINT chk_outbound_order_lines_positive_quantity CHECK ((quantity > (0)::numeric))
);

--
-- Name: TABLE outbound_order_lines; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.outbound_order_lines IS 'One material and quantity of an outbound order.';

--
-- Name: COLUMN outbound_order_lines.due_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.outbound_order_lines.due_at IS 'When the line must ship (usually the order''s due time).';

--
-- Name: COLUMN outbound_order_lines.deleted_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.outbound_order_lines.deleted_at IS 'Set to archive (soft delete); archived rows are visible to supervisors only.';

--
-- Name: CONSTRAINT chk_outbound_order_lines_numbers_not_nan ON outbound_order_lines; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_outbound_order_lines_numbers_not_nan ON app_public.outbound_order_lines IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: CONSTRAINT chk_outbound_order_lines_positive_quantity ON outbound_order_lines; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_outbound_order_lines_positive_quantity ON app_public.outbound_order_lines IS 'The quantity must be greater than 0.';

--
-- Name: sku_affinity; Type: MATERIALIZED VIEW; Schema: app_private; Owner: -
--

CREATE MATERIALIZED VIEW app_private.sku_affinity AS
 WITH order_materials AS (
         SELECT DISTINCT ol.tenant_id,
            ol.outbound_order_id,
            ol.material_id
           FROM (app_public.outbound_order_lines ol
             JOIN app_public.outbound_orders o ON (((o.tenant_id = ol.tenant_id) AND (o.outbound_order_id = ol.outbound_order_id))))
          WHERE ((ol.deleted_at IS NULL) AND (o.deleted_at IS NULL) AND (o.status <> 'CANCELLED'::app_public.order_status) AND (ol.status <> 'CANCELLED'::app_public.order_line_status) AND (o.due_at > (now() - '90 days'::interval)))
        ), totals AS (
         SELECT order_materials.tenant_id,
            count(DISTINCT order_materials.outbound_order_id) AS orders
           FROM order_materials
          GROUP BY order_materials.tenant_id
        ), singles AS (
         SELECT order_materials.tenant_id,
            order_materials.material_id,
            count(*) AS orders
           FROM order_materials
          GROUP BY order_materials.tenant_id, order_materials.material_id
        ), pairs AS (
         SELECT a.tenant_id,
            a.material_id,
            b.material_id AS partner_id,
            count(*) AS together
           FROM (order_materials a
             JOIN order_materials b ON (((b.tenant_id = a.tenant_id) AND (b.outbound_order_id = a.outbound_order_id) AND (b.material_id <> a.material_id))))
          GROUP BY a.tenant_id, a.material_id, b.material_id
        )
 SELECT p.tenant_id,
    p.material_id,
    p.partner_id,
    (p.together)::integer AS orders_together,
    round(((p.together)::numeric / (t.orders)::numeric), 6) AS support,
    round(((p.together)::numeric / (sa.orders)::numeric), 6) AS confidence,
    round((((p.together)::numeric * (t.orders)::numeric) / ((sa.orders * sb.orders))::numeric), 6) AS lift,
    now() AS computed_at
   FROM (((pairs p
     JOIN totals t ON ((t.tenant_id = p.tenant_id)))
     JOIN singles sa ON (((sa.tenant_id = p.tenant_id) AND (sa.material_id = p.material_id))))
     JOIN singles sb ON (((sb.tenant_id = p.tenant_id) AND (sb.material_id = p.partner_id))))
  WHERE (p.together >= 2)
  WITH NO DATA;

--
-- Name: MATERIALIZED VIEW sku_affinity; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON MATERIALIZED VIEW app_private.sku_affinity IS 'Pairs of materials ordered together (last 90 days): support, confidence, lift. Refreshed by the worker.';

--
-- Name: task_outcomes; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.task_outcomes (
    job_id bigint NOT NULL,
    job_key text NOT NULL,
    task_identifier text NOT NULL,
    succeeded boolean NOT NULL,
    error text,
    worker_id text,
    finished_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT task_outcomes_error_check CHECK ((succeeded = (error IS NULL)))
);

--
-- Name: TABLE task_outcomes; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON TABLE app_private.task_outcomes IS 'Outcomes of the jobs queued by `npm run -s task` (job keys starting with cli:), written by whichever worker ran them and read once by the command; clean_up_jobs deletes rows older than a day.';

--
-- Name: COLUMN task_outcomes.job_id; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.task_outcomes.job_id IS 'graphile_worker job id.';

--
-- Name: COLUMN task_outcomes.job_key; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.task_outcomes.job_key IS 'The job key the command gave the job (cli:<task>:<uuid>).';

--
-- Name: COLUMN task_outcomes.error; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.task_outcomes.error IS 'The task''s error message; null when it succeeded.';

--
-- Name: COLUMN task_outcomes.worker_id; Type: COMMENT; Schema: app_private; Owner: -
--

COMMENT ON COLUMN app_private.task_outcomes.worker_id IS 'The graphile-worker pool that ran the job.';

--
-- Name: bin_optimization_ab_test_results; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.bin_optimization_ab_test_results (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    test_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    algorithm_a app_public.putaway_algorithm NOT NULL,
    algorithm_b app_public.putaway_algorithm NOT NULL,
    metric text NOT NULL,
    test_name text NOT NULL,
    n_a integer NOT NULL,
    n_b integer NOT NULL,
    value_a numeric,
    value_b numeric,
    statistic numeric,
    degrees_of_freedom numeric,
    p_value numeric,
    effect_size numeric,
    significant boolean,
    period_start timestamp with time zone NOT NULL,
    period_end timestamp with time zone NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_bin_optimization_ab_test_results_metric CHECK ((metric = ANY (ARRAY['ACCEPTANCE_RATE'::text, 'UTILIZATION'::text, 'PROCESSING_TIME'::text]))),
    CONSTRAINT chk_bin_optimization_ab_test_results_test CHECK ((test_name = ANY (ARRAY['CHI_SQUARE'::text, 'WELCH_T'::text])))
);

--
-- Name: TABLE bin_optimization_ab_test_results; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.bin_optimization_ab_test_results IS 'Comparisons of two algorithms with enough decisions (30 each): acceptance rate by chi-square (effect size: Cramér''s V), utilization and processing time by Welch''s t test (effect size: Cohen''s d). Significant when p < 0.05.';

--
-- Name: bin_optimization_correlation_analysis; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.bin_optimization_correlation_analysis (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    analysis_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    variable_x text NOT NULL,
    variable_y text NOT NULL,
    n integer NOT NULL,
    pearson_r numeric,
    pearson_p numeric,
    spearman_rho numeric,
    spearman_p numeric,
    period_start timestamp with time zone NOT NULL,
    period_end timestamp with time zone NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone
);

--
-- Name: TABLE bin_optimization_correlation_analysis; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.bin_optimization_correlation_analysis IS 'Does acceptance follow the confidence score, or the utilization after placement? Pearson and Spearman correlations with two-sided p-values.';

--
-- Name: bin_optimization_data_quality; Type: MATERIALIZED VIEW; Schema: app_public; Owner: -
--

CREATE MATERIALIZED VIEW app_public.bin_optimization_data_quality AS
 SELECT facility_data_quality.tenant_id,
    facility_data_quality.facility_id,
    facility_data_quality.materials_verified,
    facility_data_quality.capacity_failures,
    facility_data_quality.pending_relocations,
    facility_data_quality.remediations,
    facility_data_quality.remediations_succeeded,
    facility_data_quality.remediation_success_rate,
    facility_data_quality.open_findings,
    facility_data_quality.computed_at
   FROM app_private.facility_data_quality(NULL::uuid, NULL::uuid) facility_data_quality(tenant_id, facility_id, materials_verified, capacity_failures, pending_relocations, remediations, remediations_succeeded, remediation_success_rate, open_findings, computed_at)
  WITH NO DATA;

--
-- Name: MATERIALIZED VIEW bin_optimization_data_quality; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON MATERIALIZED VIEW app_public.bin_optimization_data_quality IS '@behavior -*
Data quality per tenant and facility, as of its last refresh (the daily audit); read it through getDataQualityMetrics.';

--
-- Name: bin_optimization_outliers; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.bin_optimization_outliers (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    outlier_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    algorithm app_public.putaway_algorithm NOT NULL,
    metric text NOT NULL,
    subject_id uuid,
    value numeric NOT NULL,
    z_score numeric,
    modified_z_score numeric,
    is_iqr_outlier boolean,
    is_z_outlier boolean,
    is_modified_z_outlier boolean,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_bin_optimization_outliers_metric CHECK ((metric = ANY (ARRAY['PROCESSING_TIME_MS'::text, 'ESTIMATED_UTILIZATION'::text])))
);

--
-- Name: TABLE bin_optimization_outliers; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.bin_optimization_outliers IS 'Batches with an unusual processing time, and recommendations with an unusual utilization, by any of the IQR, z-score and modified z-score rules. subject_id is the batch or the recommendation.';

--
-- Name: bin_optimization_remediation_log; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.bin_optimization_remediation_log (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    remediation_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid,
    action text NOT NULL,
    target_table text NOT NULL,
    target_id uuid,
    reason text NOT NULL,
    outcome app_public.remediation_outcome NOT NULL,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone
);

--
-- Name: TABLE bin_optimization_remediation_log; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.bin_optimization_remediation_log IS 'Every automatic fix of master data or stock records: what was done, why, and how it ended.';

--
-- Name: COLUMN bin_optimization_remediation_log.action; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_optimization_remediation_log.action IS 'What was done, e.g. MASTER_DATA_FROM_MEASUREMENT, CUBIC_FEET_FROM_DIMENSIONS, CROSS_DOCK_REPLANNED.';

--
-- Name: bin_optimization_statistical_metrics; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.bin_optimization_statistical_metrics (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    metric_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    algorithm app_public.putaway_algorithm NOT NULL,
    period_start timestamp with time zone NOT NULL,
    period_end timestamp with time zone NOT NULL,
    recommendations integer NOT NULL,
    decided integer NOT NULL,
    accepted integer NOT NULL,
    acceptance_rate numeric(7,6),
    acceptance_ci_low numeric(7,6),
    acceptance_ci_high numeric(7,6),
    mean_confidence numeric(7,6),
    mean_utilization numeric(7,6),
    batches integer NOT NULL,
    mean_processing_time_ms numeric(12,3),
    p95_processing_time_ms numeric(12,3),
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone
);

--
-- Name: TABLE bin_optimization_statistical_metrics; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.bin_optimization_statistical_metrics IS 'Daily performance of each algorithm per facility over the analysis window: acceptance rate with its 95 % Wilson interval, mean confidence, utilization after placement, processing time.';

--
-- Name: COLUMN bin_optimization_statistical_metrics.decided; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_optimization_statistical_metrics.decided IS 'Recommendations accepted, overridden or rejected.';

--
-- Name: COLUMN bin_optimization_statistical_metrics.acceptance_rate; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_optimization_statistical_metrics.acceptance_rate IS 'Accepted over decided, 0 to 1.';

--
-- Name: COLUMN bin_optimization_statistical_metrics.mean_processing_time_ms; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_optimization_statistical_metrics.mean_processing_time_ms IS 'Mean engine time per batch, in milliseconds.';

--
-- Name: bin_optimization_statistical_summary; Type: MATERIALIZED VIEW; Schema: app_public; Owner: -
--

CREATE MATERIALIZED VIEW app_public.bin_optimization_statistical_summary AS
 WITH daily AS (
         SELECT r.tenant_id,
            r.facility_id,
            r.algorithm,
            date_trunc('day'::text, r.created_at) AS day,
            count(*) AS recommendations,
            count(*) FILTER (WHERE (r.status = ANY (ARRAY['ACCEPTED'::app_public.recommendation_status, 'OVERRIDDEN'::app_public.recommendation_status, 'REJECTED'::app_public.recommendation_status]))) AS decided,
            count(*) FILTER (WHERE (r.status = 'ACCEPTED'::app_public.recommendation_status)) AS accepted,
            sum(r.confidence_score) AS confidence_sum,
            sum(r.estimated_utilization) AS utilization_sum,
            count(r.estimated_utilization) AS utilization_count
           FROM app_public.putaway_recommendations r
          WHERE ((r.deleted_at IS NULL) AND (r.created_at >= (now() - '30 days'::interval)))
          GROUP BY r.tenant_id, r.facility_id, r.algorithm, (date_trunc('day'::text, r.created_at))
        )
 SELECT daily.tenant_id,
    daily.facility_id,
    daily.algorithm,
    (count(*))::integer AS days,
    (sum(daily.recommendations))::integer AS recommendations,
    (sum(daily.decided))::integer AS decided,
    round((sum(daily.accepted) / NULLIF(sum(daily.decided), (0)::numeric)), 6) AS acceptance_rate,
    round((sum(daily.confidence_sum) / sum(daily.recommendations)), 6) AS mean_confidence,
    round((sum(daily.utilization_sum) / NULLIF(sum(daily.utilization_count), (0)::numeric)), 6) AS mean_utilization,
    round((regr_slope(((daily.accepted)::double precision / (NULLIF(daily.decided, 0))::double precision), ((EXTRACT(epoch FROM daily.day) / (86400)::numeric))::double precision))::numeric, 6) AS acceptance_rate_trend_per_day,
    round((regr_slope(((daily.confidence_sum)::double precision / (daily.recommendations)::double precision), ((EXTRACT(epoch FROM daily.day) / (86400)::numeric))::double precision))::numeric, 6) AS confidence_trend_per_day,
    round((regr_slope(((daily.utilization_sum)::double precision / (NULLIF(daily.utilization_count, 0))::double precision), ((EXTRACT(epoch FROM daily.day) / (86400)::numeric))::double precision))::numeric, 6) AS utilization_trend_per_day,
    now() AS computed_at
   FROM daily
  GROUP BY daily.tenant_id, daily.facility_id, daily.algorithm
  WITH NO DATA;

--
-- Name: MATERIALIZED VIEW bin_optimization_statistical_summary; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON MATERIALIZED VIEW app_public.bin_optimization_statistical_summary IS '@behavior -*
Performance per tenant, facility and algorithm over the last 30 days, with daily trends (regr_slope).';

--
-- Name: bin_optimization_statistical_validations; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.bin_optimization_statistical_validations (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    validation_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    validation text NOT NULL,
    subject text NOT NULL,
    passed boolean,
    statistic numeric,
    threshold numeric,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    period_start timestamp with time zone NOT NULL,
    period_end timestamp with time zone NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone
);

--
-- Name: TABLE bin_optimization_statistical_validations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.bin_optimization_statistical_validations IS 'Checks behind the analysis. SAMPLE_SIZE (per algorithm): passed with at least 30 decisions. CONFIDENCE_CALIBRATION: passed when the Brier score of confidence against acceptance is at most 0.25 (better than a coin). ACCEPTANCE_INDEPENDENT_OF_ALGORITHM: chi-square over all algorithms; passed when p >= 0.05 (no detectable difference).';

--
-- Name: bin_optimization_statistics; Type: VIEW; Schema: app_public; Owner: -
--

CREATE VIEW app_public.bin_optimization_statistics WITH (security_barrier='true') AS
 SELECT bin_optimization_statistical_summary.tenant_id,
    bin_optimization_statistical_summary.facility_id,
    bin_optimization_statistical_summary.algorithm,
    bin_optimization_statistical_summary.days,
    bin_optimization_statistical_summary.recommendations,
    bin_optimization_statistical_summary.decided,
    bin_optimization_statistical_summary.acceptance_rate,
    bin_optimization_statistical_summary.mean_confidence,
    bin_optimization_statistical_summary.mean_utilization,
    bin_optimization_statistical_summary.acceptance_rate_trend_per_day,
    bin_optimization_statistical_summary.confidence_trend_per_day,
    bin_optimization_statistical_summary.utilization_trend_per_day,
    bin_optimization_statistical_summary.computed_at
   FROM app_public.bin_optimization_statistical_summary
  WHERE (bin_optimization_statistical_summary.tenant_id = app_public.current_tenant_id());

--
-- Name: VIEW bin_optimization_statistics; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON VIEW app_public.bin_optimization_statistics IS '@primaryKey tenant_id,facility_id,algorithm
@foreignKey (tenant_id,facility_id) references app_public.facilities (tenant_id,facility_id)|@fieldName facility|@foreignFieldName binOptimizationStatistics
Recommendation performance of the current tenant per facility and algorithm over the last 30 days, with trends per day (least-squares slopes of the daily acceptance rate, mean confidence and utilization).';

--
-- Name: COLUMN bin_optimization_statistics.facility_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_optimization_statistics.facility_id IS '@behavior +filterBy +orderBy';

--
-- Name: COLUMN bin_optimization_statistics.algorithm; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_optimization_statistics.algorithm IS '@behavior +filterBy +orderBy';

--
-- Name: COLUMN bin_optimization_statistics.acceptance_rate_trend_per_day; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_optimization_statistics.acceptance_rate_trend_per_day IS 'Change of the daily acceptance rate per day (regr_slope); positive means improving.';

--
-- Name: lots; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.lots (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    lot_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    location_id uuid NOT NULL,
    material_id uuid NOT NULL,
    lot_number text NOT NULL,
    quantity_on_hand numeric(14,3) DEFAULT 0 NOT NULL,
    expiry_date date,
    status app_public.lot_status DEFAULT 'AVAILABLE'::app_public.lot_status NOT NULL,
    last_movement_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    unit_cubic_feet numeric,
    unit_weight_lbs numeric,
    CONSTRAINT chk_lots_lot_number_present CHECK ((length(btrim(lot_number)) > 0)),
    CONSTRAINT chk_lots_numbers_not_nan CHECK (('NaN'::numeric <> quantity_on_hand)),
    CONSTRAINT chk_lots_quantity_not_negative CHECK ((quantity_on_hand >= (0)::numeric)),
    CONSTRAINT chk_lots_unit_room_positive CHECK (((unit_cubic_feet > (0)::numeric) AND (unit_cubic_feet <> 'NaN'::numeric) AND (unit_weight_lbs > (0)::numeric) AND (unit_weight_lbs <> 'NaN'::numeric)))
);

--
-- Name: TABLE lots; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.lots IS 'Stock of one lot of one material at one location. Quantities change only through inventory transactions.';

--
-- Name: COLUMN lots.quantity_on_hand; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.lots.quantity_on_hand IS 'Units on hand; never negative.';

--
-- Name: COLUMN lots.expiry_date; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.lots.expiry_date IS 'Best-before date of the lot, for first-expired-first-out.';

--
-- Name: COLUMN lots.last_movement_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.lots.last_movement_at IS 'When a transaction last changed this lot''s quantity.';

--
-- Name: COLUMN lots.unit_cubic_feet; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.lots.unit_cubic_feet IS 'Cubic feet one unit of this lot takes when more than master data says (a declared size); null: master data''s.';

--
-- Name: COLUMN lots.unit_weight_lbs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.lots.unit_weight_lbs IS 'Pounds one unit of this lot weighs when more than master data says (a declared weight); null: master data''s.';

--
-- Name: CONSTRAINT chk_lots_numbers_not_nan ON lots; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_lots_numbers_not_nan ON app_public.lots IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: CONSTRAINT chk_lots_unit_room_positive ON lots; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_lots_unit_room_positive ON app_public.lots IS 'A lot''s declared unit size and weight must be greater than 0 when given.';

--
-- Name: bin_utilization_cache; Type: MATERIALIZED VIEW; Schema: app_public; Owner: -
--

CREATE MATERIALIZED VIEW app_public.bin_utilization_cache AS
 WITH per_location AS (
         SELECT l.tenant_id,
            l.facility_id,
            l.zone_id,
            l.aisle,
            l.location_id,
            l.max_cubic_feet,
            l.max_weight_lbs,
            o.cubic_feet_on_hand,
            o.weight_lbs_on_hand,
            o.cubic_feet_reserved,
            o.weight_lbs_reserved,
            ( SELECT max(lot.last_movement_at) AS max
                   FROM app_public.lots lot
                  WHERE ((lot.tenant_id = l.tenant_id) AND (lot.location_id = l.location_id))) AS last_movement_at
           FROM (app_public.locations l
             JOIN app_private.location_occupancy o ON (((o.tenant_id = l.tenant_id) AND (o.location_id = l.location_id))))
          WHERE (l.deleted_at IS NULL)
        ), rolled AS (
         SELECT per_location.tenant_id,
            per_location.facility_id,
            per_location.zone_id,
            per_location.aisle,
            per_location.location_id,
                CASE
                    WHEN (GROUPING(per_location.location_id) = 0) THEN 'LOCATION'::text
                    WHEN (GROUPING(per_location.aisle) = 0) THEN 'AISLE'::text
                    WHEN (GROUPING(per_location.zone_id) = 0) THEN 'ZONE'::text
                    ELSE 'FACILITY'::text
                END AS scope,
            (count(*))::integer AS location_count,
            sum(per_location.max_cubic_feet) AS capacity_cubic_feet,
            sum(per_location.max_weight_lbs) AS capacity_weight_lbs,
            sum(per_location.cubic_feet_on_hand) AS cubic_feet_on_hand,
            sum(per_location.weight_lbs_on_hand) AS weight_lbs_on_hand,
            sum(per_location.cubic_feet_reserved) AS cubic_feet_reserved,
            sum(per_location.weight_lbs_reserved) AS weight_lbs_reserved,
            max(per_location.last_movement_at) AS last_movement_at
           FROM per_location
          GROUP BY GROUPING SETS ((per_location.tenant_id, per_location.facility_id, per_location.zone_id, per_location.aisle, per_location.location_id), (per_location.tenant_id, per_location.facility_id, per_location.aisle), (per_location.tenant_id, per_location.facility_id, per_location.zone_id), (per_location.tenant_id, per_location.facility_id))
        )
 SELECT rolled.tenant_id,
    rolled.facility_id,
    rolled.scope,
        CASE rolled.scope
            WHEN 'LOCATION'::text THEN (rolled.location_id)::text
            WHEN 'AISLE'::text THEN COALESCE(rolled.aisle, ''::text)
            WHEN 'ZONE'::text THEN (rolled.zone_id)::text
            ELSE ''::text
        END AS scope_key,
        CASE
            WHEN (rolled.scope = ANY (ARRAY['LOCATION'::text, 'ZONE'::text])) THEN rolled.zone_id
            ELSE NULL::uuid
        END AS zone_id,
        CASE
            WHEN (rolled.scope = ANY (ARRAY['LOCATION'::text, 'AISLE'::text])) THEN rolled.aisle
            ELSE NULL::text
        END AS aisle,
    rolled.location_id,
    rolled.location_count,
    rolled.capacity_cubic_feet,
    rolled.capacity_weight_lbs,
    rolled.cubic_feet_on_hand,
    rolled.weight_lbs_on_hand,
    rolled.cubic_feet_reserved,
    rolled.weight_lbs_reserved,
    round((((100)::numeric * rolled.cubic_feet_on_hand) / NULLIF(rolled.capacity_cubic_feet, (0)::numeric)), 2) AS cubic_utilization_pct,
    round((((100)::numeric * rolled.weight_lbs_on_hand) / NULLIF(rolled.capacity_weight_lbs, (0)::numeric)), 2) AS weight_utilization_pct,
    round((((100)::numeric * (rolled.cubic_feet_on_hand + rolled.cubic_feet_reserved)) / NULLIF(rolled.capacity_cubic_feet, (0)::numeric)), 2) AS committed_cubic_pct,
    rolled.last_movement_at,
    now() AS refreshed_at
   FROM rolled
  WITH NO DATA;

--
-- Name: MATERIALIZED VIEW bin_utilization_cache; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON MATERIALIZED VIEW app_public.bin_utilization_cache IS '@behavior -*
Utilization per location with rollups per AISLE, ZONE and FACILITY (column scope); refreshed by scheduled_refresh_bin_utilization(). Read it through app_public.bin_utilization.';

--
-- Name: bin_utilization; Type: VIEW; Schema: app_public; Owner: -
--

CREATE VIEW app_public.bin_utilization WITH (security_barrier='true') AS
 SELECT bin_utilization_cache.tenant_id,
    bin_utilization_cache.facility_id,
    bin_utilization_cache.scope,
    bin_utilization_cache.scope_key,
    bin_utilization_cache.zone_id,
    bin_utilization_cache.aisle,
    bin_utilization_cache.location_id,
    bin_utilization_cache.location_count,
    bin_utilization_cache.capacity_cubic_feet,
    bin_utilization_cache.capacity_weight_lbs,
    bin_utilization_cache.cubic_feet_on_hand,
    bin_utilization_cache.weight_lbs_on_hand,
    bin_utilization_cache.cubic_feet_reserved,
    bin_utilization_cache.weight_lbs_reserved,
    bin_utilization_cache.cubic_utilization_pct,
    bin_utilization_cache.weight_utilization_pct,
    bin_utilization_cache.committed_cubic_pct,
    bin_utilization_cache.last_movement_at,
    bin_utilization_cache.refreshed_at
   FROM app_public.bin_utilization_cache
  WHERE (bin_utilization_cache.tenant_id = app_public.current_tenant_id());

--
-- Name: VIEW bin_utilization; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON VIEW app_public.bin_utilization IS '@primaryKey tenant_id,facility_id,scope,scope_key
Bin utilization of the current tenant: per location, and rolled up per aisle, zone and facility (scope). Refreshed a few seconds after stock moves and every 10 minutes; refreshedAt says when.';

--
-- Name: COLUMN bin_utilization.facility_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_utilization.facility_id IS '@behavior +filterBy +orderBy';

--
-- Name: COLUMN bin_utilization.scope; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_utilization.scope IS '@behavior +filterBy +orderBy
LOCATION, AISLE, ZONE or FACILITY.';

--
-- Name: COLUMN bin_utilization.zone_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_utilization.zone_id IS '@behavior +filterBy +orderBy';

--
-- Name: COLUMN bin_utilization.aisle; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_utilization.aisle IS '@behavior +filterBy +orderBy';

--
-- Name: COLUMN bin_utilization.location_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_utilization.location_id IS '@behavior +filterBy +orderBy';

--
-- Name: COLUMN bin_utilization.cubic_utilization_pct; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_utilization.cubic_utilization_pct IS '@behavior +orderBy
Cubic feet on hand as a percentage of capacity.';

--
-- Name: COLUMN bin_utilization.weight_utilization_pct; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_utilization.weight_utilization_pct IS 'Weight on hand as a percentage of the load limit.';

--
-- Name: COLUMN bin_utilization.committed_cubic_pct; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.bin_utilization.committed_cubic_pct IS 'On hand plus PENDING reservations, as a percentage of capacity.';

--
-- Name: capacity_validation_failures; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.capacity_validation_failures (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    failure_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    location_id uuid NOT NULL,
    recommendation_id uuid,
    material_id uuid,
    quantity numeric(14,3),
    source text NOT NULL,
    requested_cubic_feet numeric(14,4) NOT NULL,
    requested_weight_lbs numeric(14,3) NOT NULL,
    available_cubic_feet numeric(14,4) NOT NULL,
    available_weight_lbs numeric(14,3) NOT NULL,
    message text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    reason text DEFAULT 'CAPACITY'::text NOT NULL,
    CONSTRAINT chk_capacity_validation_failures_reason CHECK ((reason = ANY (ARRAY['CAPACITY'::text, 'TEMPERATURE'::text, 'HAZMAT'::text, 'ABC_CLASS'::text, 'DIMENSIONS'::text, 'MIXING'::text]))),
    CONSTRAINT chk_capacity_validation_failures_source CHECK ((source = ANY (ARRAY['CONFIRM_PUTAWAY'::text, 'AUDIT'::text])))
);

--
-- Name: TABLE capacity_validation_failures; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.capacity_validation_failures IS 'Putaways that were refused (a confirmation into a location without room, or whose rules the stock breaks) and overflows detected by audits.';

--
-- Name: COLUMN capacity_validation_failures.source; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.capacity_validation_failures.source IS 'CONFIRM_PUTAWAY or AUDIT.';

--
-- Name: COLUMN capacity_validation_failures.available_cubic_feet; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.capacity_validation_failures.available_cubic_feet IS 'What the location had left when the overflow was refused (may be negative for detected overflows).';

--
-- Name: COLUMN capacity_validation_failures.reason; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.capacity_validation_failures.reason IS 'Why the stock was refused: CAPACITY (no room), or the location''s rule it breaks: TEMPERATURE, HAZMAT, ABC_CLASS, DIMENSIONS or MIXING.';

--
-- Name: CONSTRAINT chk_capacity_validation_failures_reason ON capacity_validation_failures; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_capacity_validation_failures_reason ON app_public.capacity_validation_failures IS 'reason must be CAPACITY, TEMPERATURE, HAZMAT, ABC_CLASS, DIMENSIONS or MIXING.';

--
-- Name: cross_dock_cancellations; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.cross_dock_cancellations (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    cancellation_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    outbound_order_line_id uuid NOT NULL,
    recommendation_id uuid NOT NULL,
    material_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    status text DEFAULT 'QUEUED'::text NOT NULL,
    replacement_recommendation_id uuid,
    message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_cross_dock_cancellations_status CHECK ((status = ANY (ARRAY['QUEUED'::text, 'REPLANNED'::text, 'SKIPPED'::text, 'FAILED'::text])))
);

--
-- Name: TABLE cross_dock_cancellations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.cross_dock_cancellations IS 'Cross-dock recommendations whose outbound demand was cancelled, and the storage recommendation that replaced them.';

--
-- Name: COLUMN cross_dock_cancellations.status; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.cross_dock_cancellations.status IS 'QUEUED (replanning waits for the worker), REPLANNED, SKIPPED (already decided or expired) or FAILED (see message).';

--
-- Name: data_quality_findings; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.data_quality_findings (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    finding_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    entity_code text NOT NULL,
    code text NOT NULL,
    message text NOT NULL,
    status text DEFAULT 'OPEN'::text NOT NULL,
    first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_data_quality_findings_entity_type CHECK ((entity_type = ANY (ARRAY['MATERIAL'::text, 'LOCATION'::text, 'LOT'::text]))),
    CONSTRAINT chk_data_quality_findings_status CHECK ((status = ANY (ARRAY['OPEN'::text, 'RESOLVED'::text])))
);

--
-- Name: TABLE data_quality_findings; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.data_quality_findings IS 'Problems the daily data-quality audit found, open until an audit no longer sees them.';

--
-- Name: COLUMN data_quality_findings.entity_type; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.data_quality_findings.entity_type IS 'MATERIAL, LOCATION or LOT.';

--
-- Name: COLUMN data_quality_findings.code; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.data_quality_findings.code IS 'MISSING_DIMENSIONS, MISSING_WEIGHT, MISSING_ABC_CLASS, NON_POSITIVE_CAPACITY, CAPACITY_EXCEEDS_DIMENSIONS, OVER_CAPACITY, STOCK_IN_DELETED_LOCATION or INCOMPATIBLE_STOCK.';

--
-- Name: data_quality_settings; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.data_quality_settings (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    settings_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    dimension_tolerance_pct numeric(5,2) DEFAULT 5 NOT NULL,
    auto_remediation_enabled boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_data_quality_settings_tolerance CHECK (((dimension_tolerance_pct >= (0)::numeric) AND (dimension_tolerance_pct <= (100)::numeric)))
);

--
-- Name: TABLE data_quality_settings; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.data_quality_settings IS 'Data-quality settings of the tenant (admins maintain them); without a row the defaults apply.';

--
-- Name: COLUMN data_quality_settings.dimension_tolerance_pct; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.data_quality_settings.dimension_tolerance_pct IS 'Largest difference, in percent, between a measurement and master data that updates master data automatically.';

--
-- Name: COLUMN data_quality_settings.auto_remediation_enabled; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.data_quality_settings.auto_remediation_enabled IS 'Whether the daily audit fixes what it safely can (for example cubic feet from dimensions).';

--
-- Name: CONSTRAINT chk_data_quality_settings_tolerance ON data_quality_settings; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_data_quality_settings_tolerance ON app_public.data_quality_settings IS 'dimensionTolerancePct must be between 0 and 100.';

--
-- Name: inventory_transactions; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.inventory_transactions (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    transaction_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    transaction_type app_public.transaction_type NOT NULL,
    material_id uuid NOT NULL,
    lot_number text NOT NULL,
    location_id uuid NOT NULL,
    from_location_id uuid,
    quantity numeric(14,3) NOT NULL,
    expiry_date date,
    reference text,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    unit_cubic_feet numeric,
    unit_weight_lbs numeric,
    CONSTRAINT chk_inventory_transactions_lot_number_present CHECK ((length(btrim(lot_number)) > 0)),
    CONSTRAINT chk_inventory_transactions_numbers_not_nan CHECK ((quantity <> 'NaN'::numeric)),
    CONSTRAINT chk_inventory_transactions_quantity_sign CHECK (
CASE transaction_type
    WHEN 'RECEIPT'::app_public.transaction_type THEN ((quantity > (0)::numeric) AND (from_location_id IS NULL))
    WHEN 'PUTAWAY'::app_public.transaction_type THEN ((quantity > (0)::numeric) AND (from_location_id IS DISTINCT FROM location_id))
    WHEN 'MOVE'::app_public.transaction_type THEN ((quantity > (0)::numeric) AND (from_location_id IS NOT NULL) AND (from_location_id <> location_id))
    WHEN 'PICK'::app_public.transaction_type THEN ((quantity < (0)::numeric) AND (from_location_id IS NULL))
    WHEN 'ADJUSTMENT'::app_public.transaction_type THEN ((quantity <> (0)::numeric) AND (from_location_id IS NULL))
    ELSE NULL::boolean
END),
    CONSTRAINT chk_inventory_transactions_unit_room CHECK (((unit_cubic_feet >= (0)::numeric) AND (unit_cubic_feet <> 'NaN'::numeric) AND (unit_weight_lbs >= (0)::numeric) AND (unit_weight_lbs <> 'NaN'::numeric)))
);

--
-- Name: TABLE inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.inventory_transactions IS 'The inventory ledger. Append-only: every stock change is a row here, and lots follow from it.';

--
-- Name: COLUMN inventory_transactions.from_location_id; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.inventory_transactions.from_location_id IS 'Source of a MOVE (required) or PUTAWAY (optional, e.g. a staging location): it loses `quantity`.';

--
-- Name: COLUMN inventory_transactions.quantity; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.inventory_transactions.quantity IS 'Signed change at `location_id`: positive for RECEIPT, PUTAWAY and MOVE, negative for PICK, either for ADJUSTMENT.';

--
-- Name: COLUMN inventory_transactions.expiry_date; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.inventory_transactions.expiry_date IS 'Expiry of the lot when this transaction creates it.';

--
-- Name: COLUMN inventory_transactions.reference; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.inventory_transactions.reference IS 'External reference: receipt, order, recommendation.';

--
-- Name: COLUMN inventory_transactions.unit_cubic_feet; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.inventory_transactions.unit_cubic_feet IS 'Cubic feet one unit takes as declared for this movement (a confirmed putaway records its reservation''s); null: master data''s. Never counts for less than master data.';

--
-- Name: COLUMN inventory_transactions.unit_weight_lbs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.inventory_transactions.unit_weight_lbs IS 'Pounds one unit weighs as declared for this movement; null: master data''s. Never counts for less than master data.';

--
-- Name: CONSTRAINT chk_inventory_transactions_numbers_not_nan ON inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_inventory_transactions_numbers_not_nan ON app_public.inventory_transactions IS 'Numbers must be finite: NaN is not a valid quantity, size or score.';

--
-- Name: CONSTRAINT chk_inventory_transactions_quantity_sign ON inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_inventory_transactions_quantity_sign ON app_public.inventory_transactions IS 'The quantity must be positive for RECEIPT, PUTAWAY and MOVE, negative for PICK and non-zero for ADJUSTMENT; a MOVE needs a fromLocationId other than its locationId, and only MOVE and PUTAWAY may have one.';

--
-- Name: CONSTRAINT chk_inventory_transactions_unit_room ON inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_inventory_transactions_unit_room ON app_public.inventory_transactions IS 'A declared unit size and weight must not be negative.';

--
-- Name: reslotting_plans; Type: TABLE; Schema: app_public; Owner: -
--

CREATE TABLE app_public.reslotting_plans (
    tenant_id uuid DEFAULT app_public.current_tenant_id() NOT NULL,
    reslotting_plan_id uuid DEFAULT public.uuid_generate_v7() NOT NULL,
    facility_id uuid NOT NULL,
    objective app_public.reslotting_objective NOT NULL,
    max_moves integer,
    moves jsonb NOT NULL,
    summary jsonb NOT NULL,
    planned_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid DEFAULT app_public.current_user_id(),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid DEFAULT app_public.current_user_id(),
    deleted_at timestamp with time zone,
    CONSTRAINT chk_reslotting_plans_max_moves CHECK (((max_moves IS NULL) OR (max_moves >= 0))),
    CONSTRAINT chk_reslotting_plans_shape CHECK (((jsonb_typeof(moves) = 'array'::text) AND (jsonb_typeof(summary) = 'object'::text)))
);

--
-- Name: TABLE reslotting_plans; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TABLE app_public.reslotting_plans IS 'Re-slotting plans the weekly plan_reslotting task made for each facility and objective, for review: the moves as getReslottingPlan returns them, and its summary.';

--
-- Name: COLUMN reslotting_plans.max_moves; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.reslotting_plans.max_moves IS 'The move limit the plan was made with; null for none.';

--
-- Name: COLUMN reslotting_plans.moves; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.reslotting_plans.moves IS 'The moves in order: sequence, materialId, lotNumber, quantity, fromLocationId, toLocationId, reasonCode.';

--
-- Name: COLUMN reslotting_plans.summary; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.reslotting_plans.summary IS 'moves, positionsOccupied, positionsFreed, positionsLowerBound, travelPerPickBefore, travelPerPickAfter (feet, out and back), estimatedLaborMinutes.';

--
-- Name: COLUMN reslotting_plans.planned_at; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON COLUMN app_public.reslotting_plans.planned_at IS 'When the plan was made (from the stock of that moment).';

--
-- Name: CONSTRAINT chk_reslotting_plans_max_moves ON reslotting_plans; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_reslotting_plans_max_moves ON app_public.reslotting_plans IS 'maxMoves is 0 or more.';

--
-- Name: CONSTRAINT chk_reslotting_plans_shape ON reslotting_plans; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT chk_reslotting_plans_shape ON app_public.reslotting_plans IS 'moves is a JSON array and summary a JSON object.';

--
-- Name: aisle_congestion aisle_congestion_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.aisle_congestion
    ADD CONSTRAINT aisle_congestion_pkey PRIMARY KEY (tenant_id, facility_id, aisle);

--
-- Name: aisle_congestion_runs aisle_congestion_runs_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.aisle_congestion_runs
    ADD CONSTRAINT aisle_congestion_runs_pkey PRIMARY KEY (tenant_id, facility_id);

--
-- Name: bin_utilization_refresh_runs bin_utilization_refresh_runs_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.bin_utilization_refresh_runs
    ADD CONSTRAINT bin_utilization_refresh_runs_pkey PRIMARY KEY (refresh_id);

--
-- Name: bin_utilization_refreshes bin_utilization_refreshes_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.bin_utilization_refreshes
    ADD CONSTRAINT bin_utilization_refreshes_pkey PRIMARY KEY (tenant_id, facility_id);

--
-- Name: data_quality_audit_runs data_quality_audit_runs_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.data_quality_audit_runs
    ADD CONSTRAINT data_quality_audit_runs_pkey PRIMARY KEY (tenant_id, audit_run_id);

--
-- Name: facility_layout_versions facility_layout_versions_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.facility_layout_versions
    ADD CONSTRAINT facility_layout_versions_pkey PRIMARY KEY (tenant_id, facility_id);

--
-- Name: location_occupancy location_occupancy_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.location_occupancy
    ADD CONSTRAINT location_occupancy_pkey PRIMARY KEY (tenant_id, location_id);

--
-- Name: material_slotting material_slotting_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.material_slotting
    ADD CONSTRAINT material_slotting_pkey PRIMARY KEY (tenant_id, facility_id, material_id);

--
-- Name: putaway_idempotency_keys putaway_idempotency_keys_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.putaway_idempotency_keys
    ADD CONSTRAINT putaway_idempotency_keys_pkey PRIMARY KEY (tenant_id, idempotency_key);

--
-- Name: task_outcomes task_outcomes_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.task_outcomes
    ADD CONSTRAINT task_outcomes_pkey PRIMARY KEY (job_id);

--
-- Name: bin_optimization_ab_test_results bin_optimization_ab_test_results_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_ab_test_results
    ADD CONSTRAINT bin_optimization_ab_test_results_pkey PRIMARY KEY (tenant_id, test_id);

--
-- Name: bin_optimization_correlation_analysis bin_optimization_correlation_analysis_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_correlation_analysis
    ADD CONSTRAINT bin_optimization_correlation_analysis_pkey PRIMARY KEY (tenant_id, analysis_id);

--
-- Name: bin_optimization_outliers bin_optimization_outliers_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_outliers
    ADD CONSTRAINT bin_optimization_outliers_pkey PRIMARY KEY (tenant_id, outlier_id);

--
-- Name: bin_optimization_remediation_log bin_optimization_remediation_log_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_remediation_log
    ADD CONSTRAINT bin_optimization_remediation_log_pkey PRIMARY KEY (tenant_id, remediation_id);

--
-- Name: CONSTRAINT bin_optimization_remediation_log_pkey ON bin_optimization_remediation_log; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT bin_optimization_remediation_log_pkey ON app_public.bin_optimization_remediation_log IS '@fieldName remediationById';

--
-- Name: bin_optimization_statistical_metrics bin_optimization_statistical_metrics_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_statistical_metrics
    ADD CONSTRAINT bin_optimization_statistical_metrics_pkey PRIMARY KEY (tenant_id, metric_id);

--
-- Name: bin_optimization_statistical_validations bin_optimization_statistical_validations_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_statistical_validations
    ADD CONSTRAINT bin_optimization_statistical_validations_pkey PRIMARY KEY (tenant_id, validation_id);

--
-- Name: capacity_validation_failures capacity_validation_failures_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.capacity_validation_failures
    ADD CONSTRAINT capacity_validation_failures_pkey PRIMARY KEY (tenant_id, failure_id);

--
-- Name: CONSTRAINT capacity_validation_failures_pkey ON capacity_validation_failures; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT capacity_validation_failures_pkey ON app_public.capacity_validation_failures IS '@fieldName capacityValidationFailureById';

--
-- Name: cross_dock_cancellations cross_dock_cancellations_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.cross_dock_cancellations
    ADD CONSTRAINT cross_dock_cancellations_pkey PRIMARY KEY (tenant_id, cancellation_id);

--
-- Name: CONSTRAINT cross_dock_cancellations_pkey ON cross_dock_cancellations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT cross_dock_cancellations_pkey ON app_public.cross_dock_cancellations IS '@fieldName crossDockCancellationById';

--
-- Name: data_quality_findings data_quality_findings_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.data_quality_findings
    ADD CONSTRAINT data_quality_findings_pkey PRIMARY KEY (tenant_id, finding_id);

--
-- Name: CONSTRAINT data_quality_findings_pkey ON data_quality_findings; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT data_quality_findings_pkey ON app_public.data_quality_findings IS '@fieldName dataQualityFindingById';

--
-- Name: data_quality_settings data_quality_settings_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.data_quality_settings
    ADD CONSTRAINT data_quality_settings_pkey PRIMARY KEY (tenant_id, settings_id);

--
-- Name: CONSTRAINT data_quality_settings_pkey ON data_quality_settings; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT data_quality_settings_pkey ON app_public.data_quality_settings IS '@fieldName dataQualitySettingsById';

--
-- Name: data_quality_settings data_quality_settings_tenant_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.data_quality_settings
    ADD CONSTRAINT data_quality_settings_tenant_key UNIQUE (tenant_id);

--
-- Name: CONSTRAINT data_quality_settings_tenant_key ON data_quality_settings; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT data_quality_settings_tenant_key ON app_public.data_quality_settings IS '@fieldName dataQualitySettingsByTenant
The tenant already has data-quality settings: update them.';

--
-- Name: facilities facilities_code_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.facilities
    ADD CONSTRAINT facilities_code_key UNIQUE (tenant_id, code);

--
-- Name: CONSTRAINT facilities_code_key ON facilities; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT facilities_code_key ON app_public.facilities IS '@behavior -single
The tenant already has a facility with this code.';

--
-- Name: facilities facilities_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.facilities
    ADD CONSTRAINT facilities_pkey PRIMARY KEY (tenant_id, facility_id);

--
-- Name: CONSTRAINT facilities_pkey ON facilities; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT facilities_pkey ON app_public.facilities IS '@fieldName facilityById';

--
-- Name: inventory_transactions inventory_transactions_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.inventory_transactions
    ADD CONSTRAINT inventory_transactions_pkey PRIMARY KEY (tenant_id, transaction_id);

--
-- Name: CONSTRAINT inventory_transactions_pkey ON inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT inventory_transactions_pkey ON app_public.inventory_transactions IS '@fieldName inventoryTransactionById';

--
-- Name: locations locations_code_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.locations
    ADD CONSTRAINT locations_code_key UNIQUE (tenant_id, facility_id, code);

--
-- Name: CONSTRAINT locations_code_key ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT locations_code_key ON app_public.locations IS '@behavior -single
The facility already has a location with this code.';

--
-- Name: locations locations_facility_location_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.locations
    ADD CONSTRAINT locations_facility_location_key UNIQUE (tenant_id, facility_id, location_id);

--
-- Name: CONSTRAINT locations_facility_location_key ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT locations_facility_location_key ON app_public.locations IS '@behavior -single';

--
-- Name: locations locations_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.locations
    ADD CONSTRAINT locations_pkey PRIMARY KEY (tenant_id, location_id);

--
-- Name: CONSTRAINT locations_pkey ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT locations_pkey ON app_public.locations IS '@fieldName locationById';

--
-- Name: lots lots_location_material_lot_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.lots
    ADD CONSTRAINT lots_location_material_lot_key UNIQUE (tenant_id, location_id, material_id, lot_number);

--
-- Name: CONSTRAINT lots_location_material_lot_key ON lots; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT lots_location_material_lot_key ON app_public.lots IS '@behavior -single';

--
-- Name: lots lots_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.lots
    ADD CONSTRAINT lots_pkey PRIMARY KEY (tenant_id, lot_id);

--
-- Name: CONSTRAINT lots_pkey ON lots; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT lots_pkey ON app_public.lots IS '@fieldName lotById';

--
-- Name: material_dimension_verifications material_dimension_verifications_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.material_dimension_verifications
    ADD CONSTRAINT material_dimension_verifications_pkey PRIMARY KEY (tenant_id, verification_id);

--
-- Name: CONSTRAINT material_dimension_verifications_pkey ON material_dimension_verifications; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT material_dimension_verifications_pkey ON app_public.material_dimension_verifications IS '@fieldName materialDimensionVerificationById';

--
-- Name: materials materials_code_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.materials
    ADD CONSTRAINT materials_code_key UNIQUE (tenant_id, code);

--
-- Name: CONSTRAINT materials_code_key ON materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT materials_code_key ON app_public.materials IS '@behavior -single
The tenant already has a material with this code.';

--
-- Name: materials materials_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.materials
    ADD CONSTRAINT materials_pkey PRIMARY KEY (tenant_id, material_id);

--
-- Name: CONSTRAINT materials_pkey ON materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT materials_pkey ON app_public.materials IS '@fieldName materialById';

--
-- Name: ml_model_weights ml_model_weights_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.ml_model_weights
    ADD CONSTRAINT ml_model_weights_pkey PRIMARY KEY (tenant_id, model_id);

--
-- Name: CONSTRAINT ml_model_weights_pkey ON ml_model_weights; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT ml_model_weights_pkey ON app_public.ml_model_weights IS '@fieldName mlModelById';

--
-- Name: ml_model_weights ml_model_weights_version_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.ml_model_weights
    ADD CONSTRAINT ml_model_weights_version_key UNIQUE (tenant_id, model_version);

--
-- Name: CONSTRAINT ml_model_weights_version_key ON ml_model_weights; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT ml_model_weights_version_key ON app_public.ml_model_weights IS '@behavior -single';

--
-- Name: move_tasks move_tasks_batch_sequence_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.move_tasks
    ADD CONSTRAINT move_tasks_batch_sequence_key UNIQUE (tenant_id, batch_id, sequence);

--
-- Name: move_tasks move_tasks_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.move_tasks
    ADD CONSTRAINT move_tasks_pkey PRIMARY KEY (tenant_id, move_task_id);

--
-- Name: CONSTRAINT move_tasks_pkey ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT move_tasks_pkey ON app_public.move_tasks IS '@fieldName moveTaskById';

--
-- Name: outbound_order_lines outbound_order_lines_line_number_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.outbound_order_lines
    ADD CONSTRAINT outbound_order_lines_line_number_key UNIQUE (tenant_id, outbound_order_id, line_number);

--
-- Name: CONSTRAINT outbound_order_lines_line_number_key ON outbound_order_lines; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT outbound_order_lines_line_number_key ON app_public.outbound_order_lines IS '@behavior -single
The order already has a line with this number.';

--
-- Name: outbound_order_lines outbound_order_lines_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.outbound_order_lines
    ADD CONSTRAINT outbound_order_lines_pkey PRIMARY KEY (tenant_id, outbound_order_line_id);

--
-- Name: CONSTRAINT outbound_order_lines_pkey ON outbound_order_lines; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT outbound_order_lines_pkey ON app_public.outbound_order_lines IS '@fieldName outboundOrderLineById';

--
-- Name: outbound_orders outbound_orders_order_number_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.outbound_orders
    ADD CONSTRAINT outbound_orders_order_number_key UNIQUE (tenant_id, order_number);

--
-- Name: CONSTRAINT outbound_orders_order_number_key ON outbound_orders; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT outbound_orders_order_number_key ON app_public.outbound_orders IS '@behavior -single
The tenant already has an order with this number.';

--
-- Name: outbound_orders outbound_orders_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.outbound_orders
    ADD CONSTRAINT outbound_orders_pkey PRIMARY KEY (tenant_id, outbound_order_id);

--
-- Name: CONSTRAINT outbound_orders_pkey ON outbound_orders; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT outbound_orders_pkey ON app_public.outbound_orders IS '@fieldName outboundOrderById';

--
-- Name: putaway_recommendations putaway_recommendations_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.putaway_recommendations
    ADD CONSTRAINT putaway_recommendations_pkey PRIMARY KEY (tenant_id, recommendation_id);

--
-- Name: CONSTRAINT putaway_recommendations_pkey ON putaway_recommendations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT putaway_recommendations_pkey ON app_public.putaway_recommendations IS '@fieldName putawayRecommendationById';

--
-- Name: putaway_simulation_runs putaway_simulation_runs_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.putaway_simulation_runs
    ADD CONSTRAINT putaway_simulation_runs_pkey PRIMARY KEY (tenant_id, simulation_run_id);

--
-- Name: CONSTRAINT putaway_simulation_runs_pkey ON putaway_simulation_runs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT putaway_simulation_runs_pkey ON app_public.putaway_simulation_runs IS '@fieldName putawaySimulationRunById';

--
-- Name: reslotting_plans reslotting_plans_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.reslotting_plans
    ADD CONSTRAINT reslotting_plans_pkey PRIMARY KEY (tenant_id, reslotting_plan_id);

--
-- Name: CONSTRAINT reslotting_plans_pkey ON reslotting_plans; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT reslotting_plans_pkey ON app_public.reslotting_plans IS '@fieldName reslottingPlanById';

--
-- Name: tenants tenants_code_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.tenants
    ADD CONSTRAINT tenants_code_key UNIQUE (code);

--
-- Name: CONSTRAINT tenants_code_key ON tenants; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT tenants_code_key ON app_public.tenants IS '@fieldName tenantByCode
A tenant with this code already exists.';

--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (tenant_id);

--
-- Name: CONSTRAINT tenants_pkey ON tenants; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT tenants_pkey ON app_public.tenants IS '@fieldName tenantById';

--
-- Name: zones zones_code_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.zones
    ADD CONSTRAINT zones_code_key UNIQUE (tenant_id, facility_id, code);

--
-- Name: CONSTRAINT zones_code_key ON zones; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT zones_code_key ON app_public.zones IS '@behavior -single
The facility already has a zone with this code.';

--
-- Name: zones zones_facility_zone_key; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.zones
    ADD CONSTRAINT zones_facility_zone_key UNIQUE (tenant_id, facility_id, zone_id);

--
-- Name: CONSTRAINT zones_facility_zone_key ON zones; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT zones_facility_zone_key ON app_public.zones IS '@behavior -single';

--
-- Name: zones zones_pkey; Type: CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.zones
    ADD CONSTRAINT zones_pkey PRIMARY KEY (tenant_id, zone_id);

--
-- Name: CONSTRAINT zones_pkey ON zones; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT zones_pkey ON app_public.zones IS '@fieldName zoneById';

--
-- Name: bin_utilization_refresh_runs_started_at; Type: INDEX; Schema: app_private; Owner: -
--

CREATE INDEX bin_utilization_refresh_runs_started_at ON app_private.bin_utilization_refresh_runs USING btree (started_at);

--
-- Name: location_occupancy_changed_idx; Type: INDEX; Schema: app_private; Owner: -
--

CREATE INDEX location_occupancy_changed_idx ON app_private.location_occupancy USING btree (tenant_id, facility_id, changed_xid);

--
-- Name: material_slotting_material_idx; Type: INDEX; Schema: app_private; Owner: -
--

CREATE INDEX material_slotting_material_idx ON app_private.material_slotting USING btree (tenant_id, material_id);

--
-- Name: putaway_idempotency_keys_expiry_idx; Type: INDEX; Schema: app_private; Owner: -
--

CREATE INDEX putaway_idempotency_keys_expiry_idx ON app_private.putaway_idempotency_keys USING btree (tenant_id, expires_at);

--
-- Name: sku_affinity_key; Type: INDEX; Schema: app_private; Owner: -
--

CREATE UNIQUE INDEX sku_affinity_key ON app_private.sku_affinity USING btree (tenant_id, material_id, partner_id);

--
-- Name: bin_optimization_ab_test_results_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX bin_optimization_ab_test_results_facility_idx ON app_public.bin_optimization_ab_test_results USING btree (tenant_id, facility_id, computed_at);

--
-- Name: bin_optimization_correlation_analysis_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX bin_optimization_correlation_analysis_facility_idx ON app_public.bin_optimization_correlation_analysis USING btree (tenant_id, facility_id, computed_at);

--
-- Name: bin_optimization_data_quality_key; Type: INDEX; Schema: app_public; Owner: -
--

CREATE UNIQUE INDEX bin_optimization_data_quality_key ON app_public.bin_optimization_data_quality USING btree (tenant_id, facility_id);

--
-- Name: bin_optimization_outliers_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX bin_optimization_outliers_facility_idx ON app_public.bin_optimization_outliers USING btree (tenant_id, facility_id, computed_at);

--
-- Name: bin_optimization_remediation_log_created_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX bin_optimization_remediation_log_created_idx ON app_public.bin_optimization_remediation_log USING btree (tenant_id, created_at);

--
-- Name: bin_optimization_remediation_log_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX bin_optimization_remediation_log_facility_idx ON app_public.bin_optimization_remediation_log USING btree (tenant_id, facility_id);

--
-- Name: bin_optimization_remediation_log_latest_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX bin_optimization_remediation_log_latest_idx ON app_public.bin_optimization_remediation_log USING btree (created_at) WHERE (deleted_at IS NULL);

--
-- Name: bin_optimization_statistical_metrics_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX bin_optimization_statistical_metrics_facility_idx ON app_public.bin_optimization_statistical_metrics USING btree (tenant_id, facility_id, algorithm, computed_at);

--
-- Name: bin_optimization_statistical_summary_key; Type: INDEX; Schema: app_public; Owner: -
--

CREATE UNIQUE INDEX bin_optimization_statistical_summary_key ON app_public.bin_optimization_statistical_summary USING btree (tenant_id, facility_id, algorithm);

--
-- Name: bin_optimization_statistical_validations_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX bin_optimization_statistical_validations_facility_idx ON app_public.bin_optimization_statistical_validations USING btree (tenant_id, facility_id, computed_at);

--
-- Name: bin_utilization_cache_key; Type: INDEX; Schema: app_public; Owner: -
--

CREATE UNIQUE INDEX bin_utilization_cache_key ON app_public.bin_utilization_cache USING btree (tenant_id, facility_id, scope, scope_key);

--
-- Name: capacity_validation_failures_created_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX capacity_validation_failures_created_idx ON app_public.capacity_validation_failures USING btree (tenant_id, facility_id, created_at);

--
-- Name: capacity_validation_failures_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX capacity_validation_failures_location_idx ON app_public.capacity_validation_failures USING btree (tenant_id, location_id, facility_id);

--
-- Name: capacity_validation_failures_material_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX capacity_validation_failures_material_idx ON app_public.capacity_validation_failures USING btree (tenant_id, material_id);

--
-- Name: cross_dock_cancellations_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX cross_dock_cancellations_facility_idx ON app_public.cross_dock_cancellations USING btree (tenant_id, facility_id, created_at);

--
-- Name: cross_dock_cancellations_line_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX cross_dock_cancellations_line_idx ON app_public.cross_dock_cancellations USING btree (tenant_id, outbound_order_line_id);

--
-- Name: cross_dock_cancellations_queued_key; Type: INDEX; Schema: app_public; Owner: -
--

CREATE UNIQUE INDEX cross_dock_cancellations_queued_key ON app_public.cross_dock_cancellations USING btree (tenant_id, recommendation_id) WHERE (status = 'QUEUED'::text);

--
-- Name: cross_dock_cancellations_recommendation_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX cross_dock_cancellations_recommendation_idx ON app_public.cross_dock_cancellations USING btree (tenant_id, recommendation_id);

--
-- Name: cross_dock_cancellations_replacement_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX cross_dock_cancellations_replacement_idx ON app_public.cross_dock_cancellations USING btree (tenant_id, replacement_recommendation_id);

--
-- Name: data_quality_findings_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX data_quality_findings_facility_idx ON app_public.data_quality_findings USING btree (tenant_id, facility_id, status);

--
-- Name: data_quality_findings_open_key; Type: INDEX; Schema: app_public; Owner: -
--

CREATE UNIQUE INDEX data_quality_findings_open_key ON app_public.data_quality_findings USING btree (tenant_id, entity_type, entity_id, code) WHERE (status = 'OPEN'::text);

--
-- Name: inventory_transactions_facility_occurred_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX inventory_transactions_facility_occurred_idx ON app_public.inventory_transactions USING btree (tenant_id, facility_id, occurred_at);

--
-- Name: inventory_transactions_from_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX inventory_transactions_from_location_idx ON app_public.inventory_transactions USING btree (tenant_id, from_location_id, facility_id);

--
-- Name: inventory_transactions_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX inventory_transactions_location_idx ON app_public.inventory_transactions USING btree (tenant_id, location_id, facility_id, occurred_at);

--
-- Name: inventory_transactions_material_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX inventory_transactions_material_idx ON app_public.inventory_transactions USING btree (tenant_id, material_id, occurred_at);

--
-- Name: locations_zone_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX locations_zone_idx ON app_public.locations USING btree (tenant_id, zone_id, facility_id);

--
-- Name: lots_facility_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX lots_facility_location_idx ON app_public.lots USING btree (tenant_id, facility_id, location_id);

--
-- Name: lots_material_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX lots_material_idx ON app_public.lots USING btree (tenant_id, material_id);

--
-- Name: material_dimension_verifications_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX material_dimension_verifications_facility_idx ON app_public.material_dimension_verifications USING btree (tenant_id, facility_id, created_at);

--
-- Name: material_dimension_verifications_material_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX material_dimension_verifications_material_idx ON app_public.material_dimension_verifications USING btree (tenant_id, material_id, created_at);

--
-- Name: material_dimension_verifications_outcome_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX material_dimension_verifications_outcome_idx ON app_public.material_dimension_verifications USING btree (tenant_id, outcome);

--
-- Name: ml_model_weights_one_active_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE UNIQUE INDEX ml_model_weights_one_active_idx ON app_public.ml_model_weights USING btree (tenant_id) WHERE is_active;

--
-- Name: move_tasks_facility_created_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX move_tasks_facility_created_idx ON app_public.move_tasks USING btree (tenant_id, facility_id, created_at);

--
-- Name: move_tasks_from_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX move_tasks_from_location_idx ON app_public.move_tasks USING btree (tenant_id, facility_id, from_location_id);

--
-- Name: move_tasks_live_expiry_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX move_tasks_live_expiry_idx ON app_public.move_tasks USING btree (expires_at) WHERE (status = ANY (ARRAY['OPEN'::app_public.move_task_status, 'WAITING'::app_public.move_task_status]));

--
-- Name: move_tasks_material_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX move_tasks_material_idx ON app_public.move_tasks USING btree (tenant_id, material_id);

--
-- Name: move_tasks_open_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX move_tasks_open_location_idx ON app_public.move_tasks USING btree (tenant_id, to_location_id) WHERE (status = 'OPEN'::app_public.move_task_status);

--
-- Name: move_tasks_to_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX move_tasks_to_location_idx ON app_public.move_tasks USING btree (tenant_id, facility_id, to_location_id);

--
-- Name: outbound_order_lines_material_due_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX outbound_order_lines_material_due_idx ON app_public.outbound_order_lines USING btree (tenant_id, material_id, due_at);

--
-- Name: outbound_orders_facility_due_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX outbound_orders_facility_due_idx ON app_public.outbound_orders USING btree (tenant_id, facility_id, due_at);

--
-- Name: putaway_recommendations_actual_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX putaway_recommendations_actual_location_idx ON app_public.putaway_recommendations USING btree (tenant_id, actual_location_id, facility_id);

--
-- Name: putaway_recommendations_batch_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX putaway_recommendations_batch_idx ON app_public.putaway_recommendations USING btree (tenant_id, batch_id);

--
-- Name: putaway_recommendations_facility_created_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX putaway_recommendations_facility_created_idx ON app_public.putaway_recommendations USING btree (tenant_id, facility_id, created_at);

--
-- Name: putaway_recommendations_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX putaway_recommendations_location_idx ON app_public.putaway_recommendations USING btree (tenant_id, location_id, facility_id);

--
-- Name: putaway_recommendations_material_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX putaway_recommendations_material_idx ON app_public.putaway_recommendations USING btree (tenant_id, material_id);

--
-- Name: putaway_recommendations_pending_expiry_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX putaway_recommendations_pending_expiry_idx ON app_public.putaway_recommendations USING btree (expires_at) WHERE (status = 'PENDING'::app_public.recommendation_status);

--
-- Name: putaway_recommendations_pending_location_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX putaway_recommendations_pending_location_idx ON app_public.putaway_recommendations USING btree (tenant_id, location_id) WHERE (status = 'PENDING'::app_public.recommendation_status);

--
-- Name: putaway_simulation_runs_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX putaway_simulation_runs_facility_idx ON app_public.putaway_simulation_runs USING btree (tenant_id, facility_id, created_at);

--
-- Name: reslotting_plans_facility_idx; Type: INDEX; Schema: app_public; Owner: -
--

CREATE INDEX reslotting_plans_facility_idx ON app_public.reslotting_plans USING btree (tenant_id, facility_id, objective, planned_at);

--
-- Name: facilities _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.facilities FOR EACH ROW WHEN (((length(new.code) > 100) OR (length(new.name) > 500))) EXECUTE FUNCTION app_private.tg_check_text_lengths('code', '100', 'code', 'name', '500', 'name');

--
-- Name: inventory_transactions _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.inventory_transactions FOR EACH ROW WHEN (((length(new.lot_number) > 100) OR (length(new.reference) > 500))) EXECUTE FUNCTION app_private.tg_check_text_lengths('lot_number', '100', 'lotNumber', 'reference', '500', 'reference');

--
-- Name: locations _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.locations FOR EACH ROW WHEN (((length(new.code) > 100) OR (length(new.aisle) > 100) OR (length(new.blocked_reason) > 500))) EXECUTE FUNCTION app_private.tg_check_text_lengths('code', '100', 'code', 'aisle', '100', 'aisle', 'blocked_reason', '500', 'blockedReason');

--
-- Name: lots _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.lots FOR EACH ROW WHEN ((length(new.lot_number) > 100)) EXECUTE FUNCTION app_private.tg_check_text_lengths('lot_number', '100', 'lotNumber');

--
-- Name: materials _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.materials FOR EACH ROW WHEN (((length(new.code) > 100) OR (length(new.description) > 500) OR (length(new.hazmat_class) > 100))) EXECUTE FUNCTION app_private.tg_check_text_lengths('code', '100', 'code', 'description', '500', 'description', 'hazmat_class', '100', 'hazmatClass');

--
-- Name: outbound_orders _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.outbound_orders FOR EACH ROW WHEN (((length(new.order_number) > 100) OR (length(new.customer_name) > 500))) EXECUTE FUNCTION app_private.tg_check_text_lengths('order_number', '100', 'orderNumber', 'customer_name', '500', 'customerName');

--
-- Name: putaway_recommendations _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.putaway_recommendations FOR EACH ROW WHEN (((length(new.lot_number) > 100) OR (length(new.decision_reason_code) > 500))) EXECUTE FUNCTION app_private.tg_check_text_lengths('lot_number', '100', 'lotNumber', 'decision_reason_code', '500', 'reasonCode');

--
-- Name: tenants _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.tenants FOR EACH ROW WHEN (((length(new.code) > 100) OR (length(new.name) > 500))) EXECUTE FUNCTION app_private.tg_check_text_lengths('code', '100', 'code', 'name', '500', 'name');

--
-- Name: zones _010_text_lengths; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _010_text_lengths BEFORE INSERT OR UPDATE ON app_public.zones FOR EACH ROW WHEN (((length(new.code) > 100) OR (length(new.name) > 500))) EXECUTE FUNCTION app_private.tg_check_text_lengths('code', '100', 'code', 'name', '500', 'name');

--
-- Name: inventory_transactions _050_check_location; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _050_check_location BEFORE INSERT ON app_public.inventory_transactions FOR EACH ROW EXECUTE FUNCTION app_private.tg_inventory_transactions__check_location();

--
-- Name: bin_optimization_ab_test_results _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.bin_optimization_ab_test_results FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: bin_optimization_correlation_analysis _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.bin_optimization_correlation_analysis FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: bin_optimization_outliers _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.bin_optimization_outliers FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: bin_optimization_remediation_log _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.bin_optimization_remediation_log FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: bin_optimization_statistical_metrics _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.bin_optimization_statistical_metrics FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: bin_optimization_statistical_validations _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.bin_optimization_statistical_validations FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: capacity_validation_failures _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.capacity_validation_failures FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: cross_dock_cancellations _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.cross_dock_cancellations FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: data_quality_findings _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.data_quality_findings FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: data_quality_settings _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.data_quality_settings FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: facilities _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.facilities FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: locations _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.locations FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: lots _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.lots FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: material_dimension_verifications _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.material_dimension_verifications FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: materials _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.materials FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: ml_model_weights _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.ml_model_weights FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: move_tasks _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.move_tasks FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: outbound_order_lines _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.outbound_order_lines FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: outbound_orders _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.outbound_orders FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: putaway_recommendations _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.putaway_recommendations FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: putaway_simulation_runs _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.putaway_simulation_runs FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: reslotting_plans _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.reslotting_plans FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: tenants _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.tenants FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: zones _100_audit; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _100_audit BEFORE UPDATE ON app_public.zones FOR EACH ROW EXECUTE FUNCTION app_private.tg__audit_update();

--
-- Name: facilities _200_keep_what_they_hold; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _200_keep_what_they_hold BEFORE UPDATE OF deleted_at ON app_public.facilities FOR EACH ROW WHEN (((old.deleted_at IS NULL) AND (new.deleted_at IS NOT NULL))) EXECUTE FUNCTION app_private.tg_zones_facilities__keep_what_they_hold();

--
-- Name: locations _200_keep_what_they_hold; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _200_keep_what_they_hold BEFORE UPDATE OF max_cubic_feet, max_weight_lbs, deleted_at ON app_public.locations FOR EACH ROW WHEN (((new.max_cubic_feet < old.max_cubic_feet) OR (new.max_weight_lbs < old.max_weight_lbs) OR ((old.deleted_at IS NULL) AND (new.deleted_at IS NOT NULL)))) EXECUTE FUNCTION app_private.tg_locations__keep_what_they_hold();

--
-- Name: zones _200_keep_what_they_hold; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _200_keep_what_they_hold BEFORE UPDATE OF deleted_at ON app_public.zones FOR EACH ROW WHEN (((old.deleted_at IS NULL) AND (new.deleted_at IS NOT NULL))) EXECUTE FUNCTION app_private.tg_zones_facilities__keep_what_they_hold();

--
-- Name: material_dimension_verifications _200_review; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _200_review BEFORE UPDATE ON app_public.material_dimension_verifications FOR EACH ROW EXECUTE FUNCTION app_private.tg_material_dimension_verifications__review();

--
-- Name: material_dimension_verifications _200_verify; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _200_verify BEFORE INSERT ON app_public.material_dimension_verifications FOR EACH ROW EXECUTE FUNCTION app_private.tg_material_dimension_verifications__verify();

--
-- Name: inventory_transactions _500_apply_to_lots; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _500_apply_to_lots AFTER INSERT ON app_public.inventory_transactions FOR EACH ROW EXECUTE FUNCTION app_private.tg_inventory_transactions__apply_to_lots();

--
-- Name: inventory_transactions _510_check_mixing; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _510_check_mixing AFTER INSERT ON app_public.inventory_transactions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_inventory_transactions__check_mixing();

--
-- Name: outbound_orders _600_cancel_lines; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_cancel_lines AFTER UPDATE OF status ON app_public.outbound_orders FOR EACH ROW WHEN (((new.status = 'CANCELLED'::app_public.order_status) AND (old.status <> 'CANCELLED'::app_public.order_status))) EXECUTE FUNCTION app_private.tg_outbound_orders__cancel_lines();

--
-- Name: outbound_order_lines _600_cross_dock_cancellation; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_cross_dock_cancellation AFTER UPDATE OF status ON app_public.outbound_order_lines FOR EACH ROW WHEN (((new.status = 'CANCELLED'::app_public.order_line_status) AND (old.status <> 'CANCELLED'::app_public.order_line_status))) EXECUTE FUNCTION app_private.tg_outbound_order_lines__cross_dock_cancellation();

--
-- Name: locations _600_occupancy; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy AFTER INSERT ON app_public.locations FOR EACH ROW EXECUTE FUNCTION app_private.tg_locations__occupancy();

--
-- Name: lots _600_occupancy; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy AFTER INSERT OR DELETE OR UPDATE OF quantity_on_hand, location_id, unit_cubic_feet, unit_weight_lbs ON app_public.lots FOR EACH ROW EXECUTE FUNCTION app_private.tg_lots__occupancy();

--
-- Name: materials _600_occupancy; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy AFTER UPDATE OF unit_cubic_feet, unit_weight_lbs ON app_public.materials FOR EACH ROW WHEN (((old.unit_cubic_feet IS DISTINCT FROM new.unit_cubic_feet) OR (old.unit_weight_lbs IS DISTINCT FROM new.unit_weight_lbs))) EXECUTE FUNCTION app_private.tg_materials__occupancy();

--
-- Name: move_tasks _600_occupancy_delete; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy_delete AFTER DELETE ON app_public.move_tasks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_move_tasks__occupancy();

--
-- Name: putaway_recommendations _600_occupancy_delete; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy_delete AFTER DELETE ON app_public.putaway_recommendations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_putaway_recommendations__occupancy();

--
-- Name: move_tasks _600_occupancy_insert; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy_insert AFTER INSERT ON app_public.move_tasks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_move_tasks__occupancy();

--
-- Name: putaway_recommendations _600_occupancy_insert; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy_insert AFTER INSERT ON app_public.putaway_recommendations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_putaway_recommendations__occupancy();

--
-- Name: move_tasks _600_occupancy_update; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy_update AFTER UPDATE ON app_public.move_tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_move_tasks__occupancy();

--
-- Name: putaway_recommendations _600_occupancy_update; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _600_occupancy_update AFTER UPDATE ON app_public.putaway_recommendations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_putaway_recommendations__occupancy();

--
-- Name: facilities _700_layout_version; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _700_layout_version AFTER INSERT ON app_public.facilities FOR EACH ROW EXECUTE FUNCTION app_private.tg_facilities__layout_version();

--
-- Name: locations _700_layout_version_insert; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _700_layout_version_insert AFTER INSERT ON app_public.locations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_locations__bump_layout_version();

--
-- Name: locations _700_layout_version_update; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _700_layout_version_update AFTER UPDATE ON app_public.locations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_locations__bump_layout_version();

--
-- Name: zones _700_layout_version_update; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER _700_layout_version_update AFTER UPDATE ON app_public.zones REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.tg_locations__bump_layout_version();

--
-- Name: lots refresh_bin_utilization_on_lot_change; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER refresh_bin_utilization_on_lot_change AFTER INSERT OR DELETE OR UPDATE ON app_public.lots FOR EACH ROW EXECUTE FUNCTION app_private.tg__queue_bin_utilization_refresh();

--
-- Name: TRIGGER refresh_bin_utilization_on_lot_change ON lots; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TRIGGER refresh_bin_utilization_on_lot_change ON app_public.lots IS 'Queues the debounced utilization refresh of the lot''s facility. Named as runbooks know it, outside the _NNN_ scheme; fires after every numbered trigger of lots, since "r" sorts after "_".';

--
-- Name: inventory_transactions refresh_bin_utilization_on_transaction; Type: TRIGGER; Schema: app_public; Owner: -
--

CREATE TRIGGER refresh_bin_utilization_on_transaction AFTER INSERT ON app_public.inventory_transactions FOR EACH ROW EXECUTE FUNCTION app_private.tg__queue_bin_utilization_refresh();

--
-- Name: TRIGGER refresh_bin_utilization_on_transaction ON inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON TRIGGER refresh_bin_utilization_on_transaction ON app_public.inventory_transactions IS 'Queues the debounced utilization refresh of the movement''s facility. Named as runbooks know it, outside the _NNN_ scheme; fires after every numbered trigger of inventory_transactions, since "r" sorts after "_".';

--
-- Name: aisle_congestion aisle_congestion_run_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.aisle_congestion
    ADD CONSTRAINT aisle_congestion_run_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_private.aisle_congestion_runs(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: aisle_congestion_runs aisle_congestion_runs_facility_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.aisle_congestion_runs
    ADD CONSTRAINT aisle_congestion_runs_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: bin_utilization_refreshes bin_utilization_refreshes_facility_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.bin_utilization_refreshes
    ADD CONSTRAINT bin_utilization_refreshes_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: data_quality_audit_runs data_quality_audit_runs_tenant_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.data_quality_audit_runs
    ADD CONSTRAINT data_quality_audit_runs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app_public.tenants(tenant_id) ON DELETE CASCADE;

--
-- Name: facility_layout_versions facility_layout_versions_facility_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.facility_layout_versions
    ADD CONSTRAINT facility_layout_versions_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: location_occupancy location_occupancy_location_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.location_occupancy
    ADD CONSTRAINT location_occupancy_location_fkey FOREIGN KEY (tenant_id, facility_id, location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE CASCADE;

--
-- Name: material_slotting material_slotting_facility_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.material_slotting
    ADD CONSTRAINT material_slotting_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: material_slotting material_slotting_material_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.material_slotting
    ADD CONSTRAINT material_slotting_material_fkey FOREIGN KEY (tenant_id, material_id) REFERENCES app_public.materials(tenant_id, material_id) ON DELETE CASCADE;

--
-- Name: putaway_idempotency_keys putaway_idempotency_keys_tenant_fkey; Type: FK CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.putaway_idempotency_keys
    ADD CONSTRAINT putaway_idempotency_keys_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app_public.tenants(tenant_id) ON DELETE CASCADE;

--
-- Name: bin_optimization_ab_test_results bin_optimization_ab_test_results_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_ab_test_results
    ADD CONSTRAINT bin_optimization_ab_test_results_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT bin_optimization_ab_test_results_facility_fkey ON bin_optimization_ab_test_results; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT bin_optimization_ab_test_results_facility_fkey ON app_public.bin_optimization_ab_test_results IS '@fieldName facility
@foreignFieldName abTestResults';

--
-- Name: bin_optimization_correlation_analysis bin_optimization_correlation_analysis_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_correlation_analysis
    ADD CONSTRAINT bin_optimization_correlation_analysis_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT bin_optimization_correlation_analysis_facility_fkey ON bin_optimization_correlation_analysis; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT bin_optimization_correlation_analysis_facility_fkey ON app_public.bin_optimization_correlation_analysis IS '@fieldName facility
@foreignFieldName correlationAnalyses';

--
-- Name: bin_optimization_outliers bin_optimization_outliers_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_outliers
    ADD CONSTRAINT bin_optimization_outliers_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT bin_optimization_outliers_facility_fkey ON bin_optimization_outliers; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT bin_optimization_outliers_facility_fkey ON app_public.bin_optimization_outliers IS '@fieldName facility
@foreignFieldName outliers';

--
-- Name: bin_optimization_remediation_log bin_optimization_remediation_log_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_remediation_log
    ADD CONSTRAINT bin_optimization_remediation_log_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT bin_optimization_remediation_log_facility_fkey ON bin_optimization_remediation_log; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT bin_optimization_remediation_log_facility_fkey ON app_public.bin_optimization_remediation_log IS '@fieldName facility
@foreignFieldName remediations';

--
-- Name: bin_optimization_remediation_log bin_optimization_remediation_log_tenant_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_remediation_log
    ADD CONSTRAINT bin_optimization_remediation_log_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app_public.tenants(tenant_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT bin_optimization_remediation_log_tenant_fkey ON bin_optimization_remediation_log; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT bin_optimization_remediation_log_tenant_fkey ON app_public.bin_optimization_remediation_log IS '@fieldName tenant
@foreignFieldName remediations';

--
-- Name: bin_optimization_statistical_metrics bin_optimization_statistical_metrics_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_statistical_metrics
    ADD CONSTRAINT bin_optimization_statistical_metrics_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT bin_optimization_statistical_metrics_facility_fkey ON bin_optimization_statistical_metrics; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT bin_optimization_statistical_metrics_facility_fkey ON app_public.bin_optimization_statistical_metrics IS '@fieldName facility
@foreignFieldName statisticalMetrics';

--
-- Name: bin_optimization_statistical_validations bin_optimization_statistical_validations_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.bin_optimization_statistical_validations
    ADD CONSTRAINT bin_optimization_statistical_validations_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT bin_optimization_statistical_validations_facility_fkey ON bin_optimization_statistical_validations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT bin_optimization_statistical_validations_facility_fkey ON app_public.bin_optimization_statistical_validations IS '@fieldName facility
@foreignFieldName statisticalValidations';

--
-- Name: capacity_validation_failures capacity_validation_failures_location_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.capacity_validation_failures
    ADD CONSTRAINT capacity_validation_failures_location_fkey FOREIGN KEY (tenant_id, facility_id, location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT capacity_validation_failures_location_fkey ON capacity_validation_failures; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT capacity_validation_failures_location_fkey ON app_public.capacity_validation_failures IS '@fieldName location
@foreignFieldName capacityValidationFailures';

--
-- Name: capacity_validation_failures capacity_validation_failures_material_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.capacity_validation_failures
    ADD CONSTRAINT capacity_validation_failures_material_fkey FOREIGN KEY (tenant_id, material_id) REFERENCES app_public.materials(tenant_id, material_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT capacity_validation_failures_material_fkey ON capacity_validation_failures; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT capacity_validation_failures_material_fkey ON app_public.capacity_validation_failures IS '@fieldName material
@foreignFieldName capacityValidationFailures';

--
-- Name: cross_dock_cancellations cross_dock_cancellations_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.cross_dock_cancellations
    ADD CONSTRAINT cross_dock_cancellations_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT cross_dock_cancellations_facility_fkey ON cross_dock_cancellations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT cross_dock_cancellations_facility_fkey ON app_public.cross_dock_cancellations IS '@fieldName facility
@foreignFieldName crossDockCancellations';

--
-- Name: cross_dock_cancellations cross_dock_cancellations_line_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.cross_dock_cancellations
    ADD CONSTRAINT cross_dock_cancellations_line_fkey FOREIGN KEY (tenant_id, outbound_order_line_id) REFERENCES app_public.outbound_order_lines(tenant_id, outbound_order_line_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT cross_dock_cancellations_line_fkey ON cross_dock_cancellations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT cross_dock_cancellations_line_fkey ON app_public.cross_dock_cancellations IS '@fieldName outboundOrderLine
@foreignFieldName crossDockCancellations';

--
-- Name: cross_dock_cancellations cross_dock_cancellations_recommendation_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.cross_dock_cancellations
    ADD CONSTRAINT cross_dock_cancellations_recommendation_fkey FOREIGN KEY (tenant_id, recommendation_id) REFERENCES app_public.putaway_recommendations(tenant_id, recommendation_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT cross_dock_cancellations_recommendation_fkey ON cross_dock_cancellations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT cross_dock_cancellations_recommendation_fkey ON app_public.cross_dock_cancellations IS '@fieldName recommendation
@foreignFieldName crossDockCancellations';

--
-- Name: cross_dock_cancellations cross_dock_cancellations_replacement_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.cross_dock_cancellations
    ADD CONSTRAINT cross_dock_cancellations_replacement_fkey FOREIGN KEY (tenant_id, replacement_recommendation_id) REFERENCES app_public.putaway_recommendations(tenant_id, recommendation_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT cross_dock_cancellations_replacement_fkey ON cross_dock_cancellations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT cross_dock_cancellations_replacement_fkey ON app_public.cross_dock_cancellations IS '@fieldName replacementRecommendation
@foreignFieldName replacedCrossDockCancellations';

--
-- Name: data_quality_findings data_quality_findings_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.data_quality_findings
    ADD CONSTRAINT data_quality_findings_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT data_quality_findings_facility_fkey ON data_quality_findings; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT data_quality_findings_facility_fkey ON app_public.data_quality_findings IS '@fieldName facility
@foreignFieldName dataQualityFindings';

--
-- Name: data_quality_findings data_quality_findings_tenant_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.data_quality_findings
    ADD CONSTRAINT data_quality_findings_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app_public.tenants(tenant_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT data_quality_findings_tenant_fkey ON data_quality_findings; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT data_quality_findings_tenant_fkey ON app_public.data_quality_findings IS '@fieldName tenant
@foreignFieldName dataQualityFindings';

--
-- Name: data_quality_settings data_quality_settings_tenant_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.data_quality_settings
    ADD CONSTRAINT data_quality_settings_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app_public.tenants(tenant_id) ON DELETE CASCADE;

--
-- Name: facilities facilities_tenant_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.facilities
    ADD CONSTRAINT facilities_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app_public.tenants(tenant_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT facilities_tenant_fkey ON facilities; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT facilities_tenant_fkey ON app_public.facilities IS '@fieldName tenant
@foreignFieldName facilities';

--
-- Name: inventory_transactions inventory_transactions_from_location_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.inventory_transactions
    ADD CONSTRAINT inventory_transactions_from_location_fkey FOREIGN KEY (tenant_id, facility_id, from_location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT inventory_transactions_from_location_fkey ON inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT inventory_transactions_from_location_fkey ON app_public.inventory_transactions IS '@fieldName fromLocation
@foreignFieldName inventoryTransactionsFrom
The source location does not exist in this facility.';

--
-- Name: inventory_transactions inventory_transactions_location_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.inventory_transactions
    ADD CONSTRAINT inventory_transactions_location_fkey FOREIGN KEY (tenant_id, facility_id, location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT inventory_transactions_location_fkey ON inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT inventory_transactions_location_fkey ON app_public.inventory_transactions IS '@fieldName location
@foreignFieldName inventoryTransactions
The location does not exist in this facility.';

--
-- Name: inventory_transactions inventory_transactions_material_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.inventory_transactions
    ADD CONSTRAINT inventory_transactions_material_fkey FOREIGN KEY (tenant_id, material_id) REFERENCES app_public.materials(tenant_id, material_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT inventory_transactions_material_fkey ON inventory_transactions; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT inventory_transactions_material_fkey ON app_public.inventory_transactions IS '@fieldName material
@foreignFieldName inventoryTransactions
The material does not exist.';

--
-- Name: locations locations_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.locations
    ADD CONSTRAINT locations_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT locations_facility_fkey ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT locations_facility_fkey ON app_public.locations IS '@fieldName facility
@foreignFieldName locations
The facility does not exist.';

--
-- Name: locations locations_zone_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.locations
    ADD CONSTRAINT locations_zone_fkey FOREIGN KEY (tenant_id, facility_id, zone_id) REFERENCES app_public.zones(tenant_id, facility_id, zone_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT locations_zone_fkey ON locations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT locations_zone_fkey ON app_public.locations IS '@fieldName zone
@foreignFieldName locations
The zone does not exist in the location''s facility.';

--
-- Name: lots lots_location_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.lots
    ADD CONSTRAINT lots_location_fkey FOREIGN KEY (tenant_id, facility_id, location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT lots_location_fkey ON lots; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT lots_location_fkey ON app_public.lots IS '@fieldName location
@foreignFieldName lots';

--
-- Name: lots lots_material_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.lots
    ADD CONSTRAINT lots_material_fkey FOREIGN KEY (tenant_id, material_id) REFERENCES app_public.materials(tenant_id, material_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT lots_material_fkey ON lots; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT lots_material_fkey ON app_public.lots IS '@fieldName material
@foreignFieldName lots';

--
-- Name: material_dimension_verifications material_dimension_verifications_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.material_dimension_verifications
    ADD CONSTRAINT material_dimension_verifications_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT material_dimension_verifications_facility_fkey ON material_dimension_verifications; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT material_dimension_verifications_facility_fkey ON app_public.material_dimension_verifications IS '@fieldName facility
@foreignFieldName dimensionVerifications
The facility does not exist.';

--
-- Name: material_dimension_verifications material_dimension_verifications_material_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.material_dimension_verifications
    ADD CONSTRAINT material_dimension_verifications_material_fkey FOREIGN KEY (tenant_id, material_id) REFERENCES app_public.materials(tenant_id, material_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT material_dimension_verifications_material_fkey ON material_dimension_verifications; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT material_dimension_verifications_material_fkey ON app_public.material_dimension_verifications IS '@fieldName material
@foreignFieldName dimensionVerifications
The material does not exist.';

--
-- Name: materials materials_tenant_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.materials
    ADD CONSTRAINT materials_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app_public.tenants(tenant_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT materials_tenant_fkey ON materials; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT materials_tenant_fkey ON app_public.materials IS '@fieldName tenant
@foreignFieldName materials';

--
-- Name: ml_model_weights ml_model_weights_tenant_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.ml_model_weights
    ADD CONSTRAINT ml_model_weights_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app_public.tenants(tenant_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT ml_model_weights_tenant_fkey ON ml_model_weights; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT ml_model_weights_tenant_fkey ON app_public.ml_model_weights IS '@fieldName tenant
@foreignFieldName mlModelWeights';

--
-- Name: move_tasks move_tasks_from_location_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.move_tasks
    ADD CONSTRAINT move_tasks_from_location_fkey FOREIGN KEY (tenant_id, facility_id, from_location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT move_tasks_from_location_fkey ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT move_tasks_from_location_fkey ON app_public.move_tasks IS '@fieldName fromLocation
@foreignFieldName moveTasksFrom';

--
-- Name: move_tasks move_tasks_material_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.move_tasks
    ADD CONSTRAINT move_tasks_material_fkey FOREIGN KEY (tenant_id, material_id) REFERENCES app_public.materials(tenant_id, material_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT move_tasks_material_fkey ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT move_tasks_material_fkey ON app_public.move_tasks IS '@fieldName material
@foreignFieldName moveTasks';

--
-- Name: move_tasks move_tasks_to_location_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.move_tasks
    ADD CONSTRAINT move_tasks_to_location_fkey FOREIGN KEY (tenant_id, facility_id, to_location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT move_tasks_to_location_fkey ON move_tasks; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT move_tasks_to_location_fkey ON app_public.move_tasks IS '@fieldName toLocation
@foreignFieldName moveTasksTo';

--
-- Name: outbound_order_lines outbound_order_lines_material_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.outbound_order_lines
    ADD CONSTRAINT outbound_order_lines_material_fkey FOREIGN KEY (tenant_id, material_id) REFERENCES app_public.materials(tenant_id, material_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT outbound_order_lines_material_fkey ON outbound_order_lines; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT outbound_order_lines_material_fkey ON app_public.outbound_order_lines IS '@fieldName material
@foreignFieldName outboundOrderLines
The material does not exist.';

--
-- Name: outbound_order_lines outbound_order_lines_order_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.outbound_order_lines
    ADD CONSTRAINT outbound_order_lines_order_fkey FOREIGN KEY (tenant_id, outbound_order_id) REFERENCES app_public.outbound_orders(tenant_id, outbound_order_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT outbound_order_lines_order_fkey ON outbound_order_lines; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT outbound_order_lines_order_fkey ON app_public.outbound_order_lines IS '@fieldName outboundOrder
@foreignFieldName lines
The outbound order does not exist.';

--
-- Name: outbound_orders outbound_orders_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.outbound_orders
    ADD CONSTRAINT outbound_orders_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT outbound_orders_facility_fkey ON outbound_orders; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT outbound_orders_facility_fkey ON app_public.outbound_orders IS '@fieldName facility
@foreignFieldName outboundOrders
The facility does not exist.';

--
-- Name: putaway_recommendations putaway_recommendations_actual_location_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.putaway_recommendations
    ADD CONSTRAINT putaway_recommendations_actual_location_fkey FOREIGN KEY (tenant_id, facility_id, actual_location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT putaway_recommendations_actual_location_fkey ON putaway_recommendations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT putaway_recommendations_actual_location_fkey ON app_public.putaway_recommendations IS '@fieldName actualLocation
@foreignFieldName putawayRecommendationsActual';

--
-- Name: putaway_recommendations putaway_recommendations_location_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.putaway_recommendations
    ADD CONSTRAINT putaway_recommendations_location_fkey FOREIGN KEY (tenant_id, facility_id, location_id) REFERENCES app_public.locations(tenant_id, facility_id, location_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT putaway_recommendations_location_fkey ON putaway_recommendations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT putaway_recommendations_location_fkey ON app_public.putaway_recommendations IS '@fieldName location
@foreignFieldName putawayRecommendations';

--
-- Name: putaway_recommendations putaway_recommendations_material_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.putaway_recommendations
    ADD CONSTRAINT putaway_recommendations_material_fkey FOREIGN KEY (tenant_id, material_id) REFERENCES app_public.materials(tenant_id, material_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT putaway_recommendations_material_fkey ON putaway_recommendations; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT putaway_recommendations_material_fkey ON app_public.putaway_recommendations IS '@fieldName material
@foreignFieldName putawayRecommendations';

--
-- Name: putaway_simulation_runs putaway_simulation_runs_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.putaway_simulation_runs
    ADD CONSTRAINT putaway_simulation_runs_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT putaway_simulation_runs_facility_fkey ON putaway_simulation_runs; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT putaway_simulation_runs_facility_fkey ON app_public.putaway_simulation_runs IS '@fieldName facility
@foreignFieldName putawaySimulationRuns';

--
-- Name: reslotting_plans reslotting_plans_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.reslotting_plans
    ADD CONSTRAINT reslotting_plans_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE CASCADE;

--
-- Name: CONSTRAINT reslotting_plans_facility_fkey ON reslotting_plans; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT reslotting_plans_facility_fkey ON app_public.reslotting_plans IS '@fieldName facility
@foreignFieldName reslottingPlans';

--
-- Name: zones zones_facility_fkey; Type: FK CONSTRAINT; Schema: app_public; Owner: -
--

ALTER TABLE ONLY app_public.zones
    ADD CONSTRAINT zones_facility_fkey FOREIGN KEY (tenant_id, facility_id) REFERENCES app_public.facilities(tenant_id, facility_id) ON DELETE RESTRICT;

--
-- Name: CONSTRAINT zones_facility_fkey ON zones; Type: COMMENT; Schema: app_public; Owner: -
--

COMMENT ON CONSTRAINT zones_facility_fkey ON app_public.zones IS '@fieldName facility
@foreignFieldName zones
The facility does not exist.';

--
-- Name: bin_optimization_ab_test_results; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.bin_optimization_ab_test_results ENABLE ROW LEVEL SECURITY;

--
-- Name: bin_optimization_correlation_analysis; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.bin_optimization_correlation_analysis ENABLE ROW LEVEL SECURITY;

--
-- Name: bin_optimization_outliers; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.bin_optimization_outliers ENABLE ROW LEVEL SECURITY;

--
-- Name: bin_optimization_remediation_log; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.bin_optimization_remediation_log ENABLE ROW LEVEL SECURITY;

--
-- Name: bin_optimization_statistical_metrics; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.bin_optimization_statistical_metrics ENABLE ROW LEVEL SECURITY;

--
-- Name: bin_optimization_statistical_validations; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.bin_optimization_statistical_validations ENABLE ROW LEVEL SECURITY;

--
-- Name: capacity_validation_failures; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.capacity_validation_failures ENABLE ROW LEVEL SECURITY;

--
-- Name: cross_dock_cancellations; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.cross_dock_cancellations ENABLE ROW LEVEL SECURITY;

--
-- Name: data_quality_findings; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.data_quality_findings ENABLE ROW LEVEL SECURITY;

--
-- Name: data_quality_settings; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.data_quality_settings ENABLE ROW LEVEL SECURITY;

--
-- Name: facilities; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.facilities ENABLE ROW LEVEL SECURITY;

--
-- Name: data_quality_settings insert_as_admin; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_as_admin ON app_public.data_quality_settings FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (( SELECT app_public.current_user_role() AS current_user_role) = 'admin'::text)));

--
-- Name: facilities insert_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_as_supervisor ON app_public.facilities FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: locations insert_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_as_supervisor ON app_public.locations FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: materials insert_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_as_supervisor ON app_public.materials FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: outbound_order_lines insert_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_as_supervisor ON app_public.outbound_order_lines FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: outbound_orders insert_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_as_supervisor ON app_public.outbound_orders FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: zones insert_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_as_supervisor ON app_public.zones FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: inventory_transactions insert_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_own_tenant ON app_public.inventory_transactions FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (( SELECT app_public.current_user_role() AS current_user_role) = ANY (ARRAY['operator'::text, 'supervisor'::text, 'admin'::text]))));

--
-- Name: material_dimension_verifications insert_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY insert_own_tenant ON app_public.material_dimension_verifications FOR INSERT WITH CHECK (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (( SELECT app_public.current_user_role() AS current_user_role) = ANY (ARRAY['operator'::text, 'supervisor'::text, 'admin'::text]))));

--
-- Name: inventory_transactions; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.inventory_transactions ENABLE ROW LEVEL SECURITY;

--
-- Name: locations; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.locations ENABLE ROW LEVEL SECURITY;

--
-- Name: lots; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.lots ENABLE ROW LEVEL SECURITY;

--
-- Name: material_dimension_verifications; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.material_dimension_verifications ENABLE ROW LEVEL SECURITY;

--
-- Name: materials; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.materials ENABLE ROW LEVEL SECURITY;

--
-- Name: ml_model_weights; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.ml_model_weights ENABLE ROW LEVEL SECURITY;

--
-- Name: move_tasks; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.move_tasks ENABLE ROW LEVEL SECURITY;

--
-- Name: outbound_order_lines; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.outbound_order_lines ENABLE ROW LEVEL SECURITY;

--
-- Name: outbound_orders; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.outbound_orders ENABLE ROW LEVEL SECURITY;

--
-- Name: putaway_recommendations; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.putaway_recommendations ENABLE ROW LEVEL SECURITY;

--
-- Name: putaway_simulation_runs; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.putaway_simulation_runs ENABLE ROW LEVEL SECURITY;

--
-- Name: reslotting_plans; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.reslotting_plans ENABLE ROW LEVEL SECURITY;

--
-- Name: tenants select_own; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own ON app_public.tenants FOR SELECT USING ((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)));

--
-- Name: bin_optimization_ab_test_results select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.bin_optimization_ab_test_results FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: bin_optimization_correlation_analysis select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.bin_optimization_correlation_analysis FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: bin_optimization_outliers select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.bin_optimization_outliers FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: bin_optimization_remediation_log select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.bin_optimization_remediation_log FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: bin_optimization_statistical_metrics select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.bin_optimization_statistical_metrics FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: bin_optimization_statistical_validations select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.bin_optimization_statistical_validations FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: capacity_validation_failures select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.capacity_validation_failures FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: cross_dock_cancellations select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.cross_dock_cancellations FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: data_quality_findings select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.data_quality_findings FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: data_quality_settings select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.data_quality_settings FOR SELECT USING ((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)));

--
-- Name: facilities select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.facilities FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ((deleted_at IS NULL) OR ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor))));

--
-- Name: inventory_transactions select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.inventory_transactions FOR SELECT USING ((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)));

--
-- Name: locations select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.locations FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ((deleted_at IS NULL) OR ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor))));

--
-- Name: lots select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.lots FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ((deleted_at IS NULL) OR ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor))));

--
-- Name: material_dimension_verifications select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.material_dimension_verifications FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: materials select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.materials FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ((deleted_at IS NULL) OR ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor))));

--
-- Name: ml_model_weights select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.ml_model_weights FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: move_tasks select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.move_tasks FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: outbound_order_lines select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.outbound_order_lines FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ((deleted_at IS NULL) OR ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor))));

--
-- Name: outbound_orders select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.outbound_orders FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ((deleted_at IS NULL) OR ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor))));

--
-- Name: putaway_recommendations select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.putaway_recommendations FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: putaway_simulation_runs select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.putaway_simulation_runs FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: reslotting_plans select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.reslotting_plans FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (deleted_at IS NULL)));

--
-- Name: zones select_own_tenant; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY select_own_tenant ON app_public.zones FOR SELECT USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ((deleted_at IS NULL) OR ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor))));

--
-- Name: tenants; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.tenants ENABLE ROW LEVEL SECURITY;

--
-- Name: data_quality_settings update_as_admin; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_admin ON app_public.data_quality_settings FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND (( SELECT app_public.current_user_role() AS current_user_role) = 'admin'::text)));

--
-- Name: facilities update_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_supervisor ON app_public.facilities FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: locations update_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_supervisor ON app_public.locations FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: lots update_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_supervisor ON app_public.lots FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: material_dimension_verifications update_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_supervisor ON app_public.material_dimension_verifications FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: materials update_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_supervisor ON app_public.materials FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: outbound_order_lines update_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_supervisor ON app_public.outbound_order_lines FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: outbound_orders update_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_supervisor ON app_public.outbound_orders FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: zones update_as_supervisor; Type: POLICY; Schema: app_public; Owner: -
--

CREATE POLICY update_as_supervisor ON app_public.zones FOR UPDATE USING (((tenant_id = ( SELECT app_public.current_tenant_id() AS current_tenant_id)) AND ( SELECT app_hidden.current_user_is_supervisor() AS current_user_is_supervisor)));

--
-- Name: zones; Type: ROW SECURITY; Schema: app_public; Owner: -
--

ALTER TABLE app_public.zones ENABLE ROW LEVEL SECURITY;

--
-- Name: SCHEMA app_hidden; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA app_hidden TO :DATABASE_VISITOR;

--
-- Name: SCHEMA app_public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA app_public TO :DATABASE_VISITOR;

--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

REVOKE USAGE ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO :DATABASE_OWNER;
GRANT USAGE ON SCHEMA public TO :DATABASE_VISITOR;

--
-- Name: FUNCTION claim_putaway_idempotency(p_key text, p_operation text, p_request jsonb); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.claim_putaway_idempotency(p_key text, p_operation text, p_request jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.claim_putaway_idempotency(p_key text, p_operation text, p_request jsonb) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION current_tenant_id(); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.current_tenant_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.current_tenant_id() TO :DATABASE_VISITOR;

--
-- Name: FUNCTION current_user_id(); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.current_user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.current_user_id() TO :DATABASE_VISITOR;

--
-- Name: FUNCTION uuid_generate_v7(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.uuid_generate_v7() FROM PUBLIC;
GRANT ALL ON FUNCTION public.uuid_generate_v7() TO :DATABASE_VISITOR;

--
-- Name: TABLE move_tasks; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.move_tasks TO :DATABASE_VISITOR;

--
-- Name: FUNCTION confirm_move(p_move_task_id uuid); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.confirm_move(p_move_task_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.confirm_move(p_move_task_id uuid) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION confirm_putaway(p_recommendation_id uuid, p_actual_location_id uuid, p_reason_code text); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.confirm_putaway(p_recommendation_id uuid, p_actual_location_id uuid, p_reason_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.confirm_putaway(p_recommendation_id uuid, p_actual_location_id uuid, p_reason_code text) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION create_move_tasks(p_facility_id uuid, p_moves json, p_ttl interval); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.create_move_tasks(p_facility_id uuid, p_moves json, p_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.create_move_tasks(p_facility_id uuid, p_moves json, p_ttl interval) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION current_user_is_supervisor(); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.current_user_is_supervisor() FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.current_user_is_supervisor() TO :DATABASE_VISITOR;

--
-- Name: FUNCTION first_mixing_conflict(p_tenant_id uuid, p_rows json); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.first_mixing_conflict(p_tenant_id uuid, p_rows json) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.first_mixing_conflict(p_tenant_id uuid, p_rows json) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION location_accepts(p_tenant_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_count_reservations boolean, p_except_recommendation_id uuid); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.location_accepts(p_tenant_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_count_reservations boolean, p_except_recommendation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.location_accepts(p_tenant_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_count_reservations boolean, p_except_recommendation_id uuid) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION optimization_health(); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.optimization_health() FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.optimization_health() TO :DATABASE_VISITOR;

--
-- Name: FUNCTION optimization_metrics(); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.optimization_metrics() FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.optimization_metrics() TO :DATABASE_VISITOR;

--
-- Name: FUNCTION putaway_factor_data(p_facility_id uuid, p_material_ids uuid[]); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.putaway_factor_data(p_facility_id uuid, p_material_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.putaway_factor_data(p_facility_id uuid, p_material_ids uuid[]) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION putaway_layout_json(p_tenant_id uuid, p_facility_id uuid); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.putaway_layout_json(p_tenant_id uuid, p_facility_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION putaway_snapshot(p_facility_id uuid, p_material_ids uuid[], p_layout_version bigint, p_since xid8, p_cross_dock_horizon interval, p_seen pg_snapshot); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.putaway_snapshot(p_facility_id uuid, p_material_ids uuid[], p_layout_version bigint, p_since xid8, p_cross_dock_horizon interval, p_seen pg_snapshot) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.putaway_snapshot(p_facility_id uuid, p_material_ids uuid[], p_layout_version bigint, p_since xid8, p_cross_dock_horizon interval, p_seen pg_snapshot) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION record_putaway_idempotency(p_key text, p_operation text, p_request jsonb, p_response jsonb, p_keep interval); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.record_putaway_idempotency(p_key text, p_operation text, p_request jsonb, p_response jsonb, p_keep interval) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.record_putaway_idempotency(p_key text, p_operation text, p_request jsonb, p_response jsonb, p_keep interval) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION reserve_putaway(p_facility_id uuid, p_algorithm app_public.putaway_algorithm, p_rows json, p_ttl interval, p_batch_id uuid, p_processing_time_ms numeric); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.reserve_putaway(p_facility_id uuid, p_algorithm app_public.putaway_algorithm, p_rows json, p_ttl interval, p_batch_id uuid, p_processing_time_ms numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.reserve_putaway(p_facility_id uuid, p_algorithm app_public.putaway_algorithm, p_rows json, p_ttl interval, p_batch_id uuid, p_processing_time_ms numeric) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION reslotting_input(p_facility_id uuid); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.reslotting_input(p_facility_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.reslotting_input(p_facility_id uuid) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION room_cubic_feet(p_quantity numeric, p_unit_cubic_feet numeric, p_master_unit_cubic_feet numeric); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.room_cubic_feet(p_quantity numeric, p_unit_cubic_feet numeric, p_master_unit_cubic_feet numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.room_cubic_feet(p_quantity numeric, p_unit_cubic_feet numeric, p_master_unit_cubic_feet numeric) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION room_weight_lbs(p_quantity numeric, p_unit_weight_lbs numeric, p_master_unit_weight_lbs numeric); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.room_weight_lbs(p_quantity numeric, p_unit_weight_lbs numeric, p_master_unit_weight_lbs numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.room_weight_lbs(p_quantity numeric, p_unit_weight_lbs numeric, p_master_unit_weight_lbs numeric) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_check_array(p_values double precision[], p_context text); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_check_array(p_values double precision[], p_context text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_check_array(p_values double precision[], p_context text) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_correlation_coefficient(p_covariance double precision, p_variance_x double precision, p_variance_y double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_correlation_coefficient(p_covariance double precision, p_variance_x double precision, p_variance_y double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_correlation_coefficient(p_covariance double precision, p_variance_x double precision, p_variance_y double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_correlation_p_value(p_r double precision, p_n integer); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_correlation_p_value(p_r double precision, p_n integer) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_correlation_p_value(p_r double precision, p_n integer) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_expm1(p_x double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_expm1(p_x double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_expm1(p_x double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_incomplete_beta(p_a double precision, p_b double precision, p_x double precision, p_upper boolean, p_y double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_incomplete_beta(p_a double precision, p_b double precision, p_x double precision, p_upper boolean, p_y double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_incomplete_beta(p_a double precision, p_b double precision, p_x double precision, p_upper boolean, p_y double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_incomplete_gamma(p_a double precision, p_x double precision, p_upper boolean); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_incomplete_gamma(p_a double precision, p_x double precision, p_upper boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_incomplete_gamma(p_a double precision, p_x double precision, p_upper boolean) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_log1p(p_x double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_log1p(p_x double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_log1p(p_x double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_log_beta(p_a double precision, p_b double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_log_beta(p_a double precision, p_b double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_log_beta(p_a double precision, p_b double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_log_gamma(p_x double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_log_gamma(p_x double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_log_gamma(p_x double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_log_gamma_1p(p_a double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_log_gamma_1p(p_a double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_log_gamma_1p(p_a double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_log_gamma_correction(p_x double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_log_gamma_correction(p_x double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_log_gamma_correction(p_x double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_normal_mills_ratio(p_x double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_normal_mills_ratio(p_x double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_normal_mills_ratio(p_x double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_paired_moments(x double precision[], y double precision[], p_function text, OUT n integer, OUT mean_x double precision, OUT mean_y double precision, OUT scale_x double precision, OUT scale_y double precision, OUT covariance double precision, OUT variance_x double precision, OUT variance_y double precision); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_paired_moments(x double precision[], y double precision[], p_function text, OUT n integer, OUT mean_x double precision, OUT mean_y double precision, OUT scale_x double precision, OUT scale_y double precision, OUT covariance double precision, OUT variance_x double precision, OUT variance_y double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_paired_moments(x double precision[], y double precision[], p_function text, OUT n integer, OUT mean_x double precision, OUT mean_y double precision, OUT scale_x double precision, OUT scale_y double precision, OUT covariance double precision, OUT variance_x double precision, OUT variance_y double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_t_probability(p_log_t double precision, p_df double precision, p_central boolean); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.stat_t_probability(p_log_t double precision, p_df double precision, p_central boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.stat_t_probability(p_log_t double precision, p_df double precision, p_central boolean) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION tenant_is_live(p_tenant_id uuid); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.tenant_is_live(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.tenant_is_live(p_tenant_id uuid) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION unit_fits(p_length numeric, p_width numeric, p_height numeric, p_inner_length numeric, p_inner_width numeric, p_inner_height numeric); Type: ACL; Schema: app_hidden; Owner: -
--

REVOKE ALL ON FUNCTION app_hidden.unit_fits(p_length numeric, p_width numeric, p_height numeric, p_inner_length numeric, p_inner_width numeric, p_inner_height numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION app_hidden.unit_fits(p_length numeric, p_width numeric, p_height numeric, p_inner_length numeric, p_inner_width numeric, p_inner_height numeric) TO :DATABASE_VISITOR;

--
-- Name: TABLE material_dimension_verifications; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: COLUMN material_dimension_verifications.material_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(material_id) ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: COLUMN material_dimension_verifications.facility_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(facility_id) ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: COLUMN material_dimension_verifications.measured_length_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(measured_length_in) ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: COLUMN material_dimension_verifications.measured_width_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(measured_width_in) ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: COLUMN material_dimension_verifications.measured_height_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(measured_height_in) ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: COLUMN material_dimension_verifications.measured_weight_lbs; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(measured_weight_lbs) ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: COLUMN material_dimension_verifications.outcome; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(outcome) ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: COLUMN material_dimension_verifications.notes; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE app_public.material_dimension_verifications TO :DATABASE_VISITOR;

--
-- Name: FUNCTION apply_measured_dimensions(p_verification app_public.material_dimension_verifications, p_reason text); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.apply_measured_dimensions(p_verification app_public.material_dimension_verifications, p_reason text) FROM PUBLIC;

--
-- Name: FUNCTION apply_stock_change(p_tenant_id uuid, p_facility_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_quantity numeric, p_expiry_date date, p_at timestamp with time zone, p_unit_cubic_feet numeric, p_unit_weight_lbs numeric); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.apply_stock_change(p_tenant_id uuid, p_facility_id uuid, p_location_id uuid, p_material_id uuid, p_lot_number text, p_quantity numeric, p_expiry_date date, p_at timestamp with time zone, p_unit_cubic_feet numeric, p_unit_weight_lbs numeric) FROM PUBLIC;

--
-- Name: FUNCTION change_location_reservations(p_tenant_ids uuid[], p_location_ids uuid[], p_cubic_feet numeric[], p_weight_lbs numeric[]); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.change_location_reservations(p_tenant_ids uuid[], p_location_ids uuid[], p_cubic_feet numeric[], p_weight_lbs numeric[]) FROM PUBLIC;

--
-- Name: FUNCTION change_location_usage(p_tenant_id uuid, p_location_id uuid, p_cubic_on_hand numeric, p_weight_on_hand numeric, p_cubic_reserved numeric, p_weight_reserved numeric, p_enforce boolean); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.change_location_usage(p_tenant_id uuid, p_location_id uuid, p_cubic_on_hand numeric, p_weight_on_hand numeric, p_cubic_reserved numeric, p_weight_reserved numeric, p_enforce boolean) FROM PUBLIC;

--
-- Name: FUNCTION compute_recommendation_statistics(p_tenant_id uuid, p_window interval); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.compute_recommendation_statistics(p_tenant_id uuid, p_window interval) FROM PUBLIC;

--
-- Name: FUNCTION expire_move_tasks(p_limit integer); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.expire_move_tasks(p_limit integer) FROM PUBLIC;

--
-- Name: FUNCTION facility_data_quality(p_tenant_id uuid, p_facility_id uuid); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.facility_data_quality(p_tenant_id uuid, p_facility_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION facility_storage_capacity(p_tenant_id uuid); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.facility_storage_capacity(p_tenant_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION log_remediation(p_tenant_id uuid, p_facility_id uuid, p_action text, p_target_table text, p_target_id uuid, p_reason text, p_outcome text, p_details jsonb); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.log_remediation(p_tenant_id uuid, p_facility_id uuid, p_action text, p_target_table text, p_target_id uuid, p_reason text, p_outcome text, p_details jsonb) FROM PUBLIC;

--
-- Name: FUNCTION merged_unit_room(p_quantity numeric, p_unit numeric, p_added numeric, p_added_unit numeric, p_master numeric); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.merged_unit_room(p_quantity numeric, p_unit numeric, p_added numeric, p_added_unit numeric, p_master numeric) FROM PUBLIC;

--
-- Name: FUNCTION promote_waiting_move_tasks(p_tenant_id uuid, p_batch_id uuid); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.promote_waiting_move_tasks(p_tenant_id uuid, p_batch_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION prune_history(p_keep interval, p_batch integer); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.prune_history(p_keep interval, p_batch integer) FROM PUBLIC;

--
-- Name: FUNCTION rebuild_location_occupancy(p_tenant_id uuid); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.rebuild_location_occupancy(p_tenant_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION reclassify_abc(p_tenant_id uuid, p_window interval, p_a_share numeric, p_b_share numeric); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.reclassify_abc(p_tenant_id uuid, p_window interval, p_a_share numeric, p_b_share numeric) FROM PUBLIC;

--
-- Name: FUNCTION refresh_aisle_congestion(p_window interval); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.refresh_aisle_congestion(p_window interval) FROM PUBLIC;

--
-- Name: FUNCTION refresh_bin_utilization_after(p_xid xid8); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.refresh_bin_utilization_after(p_xid xid8) FROM PUBLIC;

--
-- Name: FUNCTION refresh_data_quality(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.refresh_data_quality() FROM PUBLIC;

--
-- Name: FUNCTION refresh_sku_affinity(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.refresh_sku_affinity() FROM PUBLIC;

--
-- Name: FUNCTION refresh_statistical_summary(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.refresh_statistical_summary() FROM PUBLIC;

--
-- Name: FUNCTION replace_material_slotting(p_tenant_id uuid, p_facility_id uuid, p_window_days integer, p_material_ids uuid[], p_picks_per_day numeric[], p_stock_cubic_feet numeric[], p_slot_shares numeric[]); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.replace_material_slotting(p_tenant_id uuid, p_facility_id uuid, p_window_days integer, p_material_ids uuid[], p_picks_per_day numeric[], p_stock_cubic_feet numeric[], p_slot_shares numeric[]) FROM PUBLIC;

--
-- Name: FUNCTION run_data_quality_audit(p_tenant_id uuid); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.run_data_quality_audit(p_tenant_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION scheduled_refresh_bin_utilization(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.scheduled_refresh_bin_utilization() FROM PUBLIC;

--
-- Name: FUNCTION set_database_defaults(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.set_database_defaults() FROM PUBLIC;

--
-- Name: FUNCTION slotting_demand(p_tenant_id uuid, p_window interval); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.slotting_demand(p_tenant_id uuid, p_window interval) FROM PUBLIC;

--
-- Name: FUNCTION store_reslotting_plan(p_tenant_id uuid, p_facility_id uuid, p_objective text, p_max_moves integer, p_moves jsonb, p_summary jsonb); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.store_reslotting_plan(p_tenant_id uuid, p_facility_id uuid, p_objective text, p_max_moves integer, p_moves jsonb, p_summary jsonb) FROM PUBLIC;

--
-- Name: FUNCTION tg__audit_update(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg__audit_update() FROM PUBLIC;

--
-- Name: FUNCTION tg__queue_bin_utilization_refresh(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg__queue_bin_utilization_refresh() FROM PUBLIC;

--
-- Name: FUNCTION tg_check_text_lengths(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_check_text_lengths() FROM PUBLIC;

--
-- Name: FUNCTION tg_facilities__layout_version(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_facilities__layout_version() FROM PUBLIC;

--
-- Name: FUNCTION tg_inventory_transactions__apply_to_lots(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_inventory_transactions__apply_to_lots() FROM PUBLIC;

--
-- Name: FUNCTION tg_inventory_transactions__check_location(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_inventory_transactions__check_location() FROM PUBLIC;

--
-- Name: FUNCTION tg_inventory_transactions__check_mixing(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_inventory_transactions__check_mixing() FROM PUBLIC;

--
-- Name: FUNCTION tg_locations__bump_layout_version(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_locations__bump_layout_version() FROM PUBLIC;

--
-- Name: FUNCTION tg_locations__keep_what_they_hold(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_locations__keep_what_they_hold() FROM PUBLIC;

--
-- Name: FUNCTION tg_locations__occupancy(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_locations__occupancy() FROM PUBLIC;

--
-- Name: FUNCTION tg_lots__occupancy(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_lots__occupancy() FROM PUBLIC;

--
-- Name: FUNCTION tg_material_dimension_verifications__review(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_material_dimension_verifications__review() FROM PUBLIC;

--
-- Name: FUNCTION tg_material_dimension_verifications__verify(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_material_dimension_verifications__verify() FROM PUBLIC;

--
-- Name: FUNCTION tg_materials__occupancy(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_materials__occupancy() FROM PUBLIC;

--
-- Name: FUNCTION tg_move_tasks__occupancy(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_move_tasks__occupancy() FROM PUBLIC;

--
-- Name: FUNCTION tg_outbound_order_lines__cross_dock_cancellation(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_outbound_order_lines__cross_dock_cancellation() FROM PUBLIC;

--
-- Name: FUNCTION tg_outbound_orders__cancel_lines(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_outbound_orders__cancel_lines() FROM PUBLIC;

--
-- Name: FUNCTION tg_putaway_recommendations__occupancy(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_putaway_recommendations__occupancy() FROM PUBLIC;

--
-- Name: FUNCTION tg_zones_facilities__keep_what_they_hold(); Type: ACL; Schema: app_private; Owner: -
--

REVOKE ALL ON FUNCTION app_private.tg_zones_facilities__keep_what_they_hold() FROM PUBLIC;

--
-- Name: TABLE tenants; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.tenants TO :DATABASE_VISITOR;

--
-- Name: FUNCTION current_tenant(); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.current_tenant() FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.current_tenant() TO :DATABASE_VISITOR;

--
-- Name: FUNCTION current_user_role(); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.current_user_role() FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.current_user_role() TO :DATABASE_VISITOR;

--
-- Name: TABLE facilities; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.facilities TO :DATABASE_VISITOR;

--
-- Name: COLUMN facilities.code; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(code),UPDATE(code) ON TABLE app_public.facilities TO :DATABASE_VISITOR;

--
-- Name: COLUMN facilities.name; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE app_public.facilities TO :DATABASE_VISITOR;

--
-- Name: COLUMN facilities.dock_x_ft; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(dock_x_ft),UPDATE(dock_x_ft) ON TABLE app_public.facilities TO :DATABASE_VISITOR;

--
-- Name: COLUMN facilities.dock_y_ft; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(dock_y_ft),UPDATE(dock_y_ft) ON TABLE app_public.facilities TO :DATABASE_VISITOR;

--
-- Name: COLUMN facilities.deleted_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE app_public.facilities TO :DATABASE_VISITOR;

--
-- Name: FUNCTION facility_by_code(code text); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.facility_by_code(code text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.facility_by_code(code text) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION facility_floor_map(facility_id uuid); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.facility_floor_map(facility_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.facility_floor_map(facility_id uuid) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION get_data_quality_metrics(tenant_id uuid, facility_id uuid); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.get_data_quality_metrics(tenant_id uuid, facility_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.get_data_quality_metrics(tenant_id uuid, facility_id uuid) TO :DATABASE_VISITOR;

--
-- Name: TABLE locations; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.facility_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(facility_id) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.zone_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(zone_id),UPDATE(zone_id) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.code; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(code),UPDATE(code) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.aisle; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(aisle),UPDATE(aisle) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.bay; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(bay),UPDATE(bay) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.level; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(level),UPDATE(level) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations."position"; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT("position"),UPDATE("position") ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.x_ft; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(x_ft),UPDATE(x_ft) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.y_ft; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(y_ft),UPDATE(y_ft) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.pick_sequence; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(pick_sequence),UPDATE(pick_sequence) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.inner_length_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(inner_length_in),UPDATE(inner_length_in) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.inner_width_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(inner_width_in),UPDATE(inner_width_in) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.inner_height_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(inner_height_in),UPDATE(inner_height_in) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.max_cubic_feet; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(max_cubic_feet),UPDATE(max_cubic_feet) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.max_weight_lbs; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(max_weight_lbs),UPDATE(max_weight_lbs) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.allowed_abc_classes; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(allowed_abc_classes),UPDATE(allowed_abc_classes) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.temperature_class; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(temperature_class),UPDATE(temperature_class) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.hazmat_allowed; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(hazmat_allowed),UPDATE(hazmat_allowed) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.mixing_rule; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(mixing_rule),UPDATE(mixing_rule) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.is_active; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(is_active),UPDATE(is_active) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.is_blocked; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(is_blocked),UPDATE(is_blocked) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.blocked_reason; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(blocked_reason),UPDATE(blocked_reason) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: COLUMN locations.deleted_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE app_public.locations TO :DATABASE_VISITOR;

--
-- Name: FUNCTION location_by_code(facility_id uuid, code text); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.location_by_code(facility_id uuid, code text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.location_by_code(facility_id uuid, code text) TO :DATABASE_VISITOR;

--
-- Name: TABLE materials; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.code; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(code),UPDATE(code) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.description; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(description),UPDATE(description) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.unit_length_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(unit_length_in),UPDATE(unit_length_in) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.unit_width_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(unit_width_in),UPDATE(unit_width_in) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.unit_height_in; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(unit_height_in),UPDATE(unit_height_in) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.unit_cubic_feet; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(unit_cubic_feet),UPDATE(unit_cubic_feet) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.unit_weight_lbs; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(unit_weight_lbs),UPDATE(unit_weight_lbs) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.abc_class; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(abc_class),UPDATE(abc_class) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.temperature_requirement; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(temperature_requirement),UPDATE(temperature_requirement) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.hazmat_class; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(hazmat_class),UPDATE(hazmat_class) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: COLUMN materials.deleted_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE app_public.materials TO :DATABASE_VISITOR;

--
-- Name: FUNCTION material_by_code(code text); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.material_by_code(code text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.material_by_code(code text) TO :DATABASE_VISITOR;

--
-- Name: TABLE ml_model_weights; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.ml_model_weights TO :DATABASE_VISITOR;

--
-- Name: FUNCTION ml_model_by_version(model_version integer); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.ml_model_by_version(model_version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.ml_model_by_version(model_version integer) TO :DATABASE_VISITOR;

--
-- Name: TABLE outbound_orders; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.outbound_orders TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_orders.facility_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(facility_id) ON TABLE app_public.outbound_orders TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_orders.order_number; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(order_number) ON TABLE app_public.outbound_orders TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_orders.customer_name; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(customer_name),UPDATE(customer_name) ON TABLE app_public.outbound_orders TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_orders.status; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(status),UPDATE(status) ON TABLE app_public.outbound_orders TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_orders.due_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(due_at),UPDATE(due_at) ON TABLE app_public.outbound_orders TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_orders.deleted_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE app_public.outbound_orders TO :DATABASE_VISITOR;

--
-- Name: FUNCTION outbound_order_by_number(order_number text); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.outbound_order_by_number(order_number text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.outbound_order_by_number(order_number text) TO :DATABASE_VISITOR;

--
-- Name: TABLE putaway_recommendations; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.putaway_recommendations TO :DATABASE_VISITOR;

--
-- Name: FUNCTION pending_putaway_recommendations(facility_id uuid); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.pending_putaway_recommendations(facility_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.pending_putaway_recommendations(facility_id uuid) TO :DATABASE_VISITOR;

--
-- Name: TABLE putaway_simulation_runs; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.putaway_simulation_runs TO :DATABASE_VISITOR;

--
-- Name: FUNCTION run_putaway_simulation(facility_id uuid, days integer, seed integer, algorithms app_public.putaway_algorithm[]); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.run_putaway_simulation(facility_id uuid, days integer, seed integer, algorithms app_public.putaway_algorithm[]) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.run_putaway_simulation(facility_id uuid, days integer, seed integer, algorithms app_public.putaway_algorithm[]) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION search_locations(facility_id uuid, query text); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.search_locations(facility_id uuid, query text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.search_locations(facility_id uuid, query text) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION search_materials(query text); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.search_materials(query text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.search_materials(query text) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_chi_square_cdf(x double precision, df double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_chi_square_cdf(x double precision, df double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_chi_square_cdf(x double precision, df double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_chi_square_sf(x double precision, df double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_chi_square_sf(x double precision, df double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_chi_square_sf(x double precision, df double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_chi_square_test(observed bigint[], OUT statistic double precision, OUT df integer, OUT p_value double precision, OUT cramers_v double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_chi_square_test(observed bigint[], OUT statistic double precision, OUT df integer, OUT p_value double precision, OUT cramers_v double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_chi_square_test(observed bigint[], OUT statistic double precision, OUT df integer, OUT p_value double precision, OUT cramers_v double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_correlation(x double precision[], y double precision[], OUT n integer, OUT pearson_r double precision, OUT pearson_p double precision, OUT spearman_rho double precision, OUT spearman_p double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_correlation(x double precision[], y double precision[], OUT n integer, OUT pearson_r double precision, OUT pearson_p double precision, OUT spearman_rho double precision, OUT spearman_p double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_correlation(x double precision[], y double precision[], OUT n integer, OUT pearson_r double precision, OUT pearson_p double precision, OUT spearman_rho double precision, OUT spearman_p double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_describe("values" double precision[], OUT n integer, OUT mean double precision, OUT median double precision, OUT stddev double precision, OUT p25 double precision, OUT p75 double precision, OUT p95 double precision, OUT min double precision, OUT max double precision, OUT ci95_low double precision, OUT ci95_high double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_describe("values" double precision[], OUT n integer, OUT mean double precision, OUT median double precision, OUT stddev double precision, OUT p25 double precision, OUT p75 double precision, OUT p95 double precision, OUT min double precision, OUT max double precision, OUT ci95_low double precision, OUT ci95_high double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_describe("values" double precision[], OUT n integer, OUT mean double precision, OUT median double precision, OUT stddev double precision, OUT p25 double precision, OUT p75 double precision, OUT p95 double precision, OUT min double precision, OUT max double precision, OUT ci95_low double precision, OUT ci95_high double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_linear_regression(x double precision[], y double precision[], OUT n integer, OUT slope double precision, OUT intercept double precision, OUT r_squared double precision, OUT slope_p_value double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_linear_regression(x double precision[], y double precision[], OUT n integer, OUT slope double precision, OUT intercept double precision, OUT r_squared double precision, OUT slope_p_value double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_linear_regression(x double precision[], y double precision[], OUT n integer, OUT slope double precision, OUT intercept double precision, OUT r_squared double precision, OUT slope_p_value double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_normal_cdf(z double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_normal_cdf(z double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_normal_cdf(z double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_normal_quantile(p double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_normal_quantile(p double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_normal_quantile(p double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_outliers("values" double precision[]); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_outliers("values" double precision[]) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_outliers("values" double precision[]) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_t_cdf(t double precision, df double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_t_cdf(t double precision, df double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_t_cdf(t double precision, df double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_t_quantile(p double precision, df double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_t_quantile(p double precision, df double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_t_quantile(p double precision, df double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_t_sf(t double precision, df double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_t_sf(t double precision, df double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_t_sf(t double precision, df double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_welch_t_test(a double precision[], b double precision[], OUT t double precision, OUT df double precision, OUT p_value double precision, OUT cohens_d double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_welch_t_test(a double precision[], b double precision[], OUT t double precision, OUT df double precision, OUT p_value double precision, OUT cohens_d double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_welch_t_test(a double precision[], b double precision[], OUT t double precision, OUT df double precision, OUT p_value double precision, OUT cohens_d double precision) TO :DATABASE_VISITOR;

--
-- Name: FUNCTION stat_wilson_interval(successes bigint, total bigint, confidence double precision, OUT low double precision, OUT high double precision); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.stat_wilson_interval(successes bigint, total bigint, confidence double precision, OUT low double precision, OUT high double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.stat_wilson_interval(successes bigint, total bigint, confidence double precision, OUT low double precision, OUT high double precision) TO :DATABASE_VISITOR;

--
-- Name: TABLE zones; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.zones TO :DATABASE_VISITOR;

--
-- Name: COLUMN zones.facility_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(facility_id) ON TABLE app_public.zones TO :DATABASE_VISITOR;

--
-- Name: COLUMN zones.code; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(code),UPDATE(code) ON TABLE app_public.zones TO :DATABASE_VISITOR;

--
-- Name: COLUMN zones.name; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE app_public.zones TO :DATABASE_VISITOR;

--
-- Name: COLUMN zones.zone_type; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(zone_type),UPDATE(zone_type) ON TABLE app_public.zones TO :DATABASE_VISITOR;

--
-- Name: COLUMN zones.temperature_class; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(temperature_class),UPDATE(temperature_class) ON TABLE app_public.zones TO :DATABASE_VISITOR;

--
-- Name: COLUMN zones.deleted_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE app_public.zones TO :DATABASE_VISITOR;

--
-- Name: FUNCTION zone_by_code(facility_id uuid, code text); Type: ACL; Schema: app_public; Owner: -
--

REVOKE ALL ON FUNCTION app_public.zone_by_code(facility_id uuid, code text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_public.zone_by_code(facility_id uuid, code text) TO :DATABASE_VISITOR;

--
-- Name: TABLE outbound_order_lines; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.outbound_order_lines TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_order_lines.outbound_order_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(outbound_order_id) ON TABLE app_public.outbound_order_lines TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_order_lines.line_number; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(line_number) ON TABLE app_public.outbound_order_lines TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_order_lines.material_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(material_id) ON TABLE app_public.outbound_order_lines TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_order_lines.quantity; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(quantity),UPDATE(quantity) ON TABLE app_public.outbound_order_lines TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_order_lines.due_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(due_at),UPDATE(due_at) ON TABLE app_public.outbound_order_lines TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_order_lines.status; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(status),UPDATE(status) ON TABLE app_public.outbound_order_lines TO :DATABASE_VISITOR;

--
-- Name: COLUMN outbound_order_lines.deleted_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE app_public.outbound_order_lines TO :DATABASE_VISITOR;

--
-- Name: TABLE bin_optimization_ab_test_results; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.bin_optimization_ab_test_results TO :DATABASE_VISITOR;

--
-- Name: TABLE bin_optimization_correlation_analysis; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.bin_optimization_correlation_analysis TO :DATABASE_VISITOR;

--
-- Name: TABLE bin_optimization_outliers; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.bin_optimization_outliers TO :DATABASE_VISITOR;

--
-- Name: TABLE bin_optimization_remediation_log; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.bin_optimization_remediation_log TO :DATABASE_VISITOR;

--
-- Name: TABLE bin_optimization_statistical_metrics; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.bin_optimization_statistical_metrics TO :DATABASE_VISITOR;

--
-- Name: TABLE bin_optimization_statistical_validations; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.bin_optimization_statistical_validations TO :DATABASE_VISITOR;

--
-- Name: TABLE bin_optimization_statistics; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.bin_optimization_statistics TO :DATABASE_VISITOR;

--
-- Name: TABLE lots; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.lots TO :DATABASE_VISITOR;

--
-- Name: COLUMN lots.expiry_date; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(expiry_date) ON TABLE app_public.lots TO :DATABASE_VISITOR;

--
-- Name: COLUMN lots.status; Type: ACL; Schema: app_public; Owner: -
--

GRANT UPDATE(status) ON TABLE app_public.lots TO :DATABASE_VISITOR;

--
-- Name: TABLE bin_utilization; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.bin_utilization TO :DATABASE_VISITOR;

--
-- Name: TABLE capacity_validation_failures; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.capacity_validation_failures TO :DATABASE_VISITOR;

--
-- Name: TABLE cross_dock_cancellations; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.cross_dock_cancellations TO :DATABASE_VISITOR;

--
-- Name: TABLE data_quality_findings; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.data_quality_findings TO :DATABASE_VISITOR;

--
-- Name: TABLE data_quality_settings; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.data_quality_settings TO :DATABASE_VISITOR;

--
-- Name: COLUMN data_quality_settings.dimension_tolerance_pct; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(dimension_tolerance_pct),UPDATE(dimension_tolerance_pct) ON TABLE app_public.data_quality_settings TO :DATABASE_VISITOR;

--
-- Name: COLUMN data_quality_settings.auto_remediation_enabled; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(auto_remediation_enabled),UPDATE(auto_remediation_enabled) ON TABLE app_public.data_quality_settings TO :DATABASE_VISITOR;

--
-- Name: TABLE inventory_transactions; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.facility_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(facility_id) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.transaction_type; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(transaction_type) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.material_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(material_id) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.lot_number; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(lot_number) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.location_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(location_id) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.from_location_id; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(from_location_id) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.quantity; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(quantity) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.expiry_date; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(expiry_date) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.reference; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(reference) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: COLUMN inventory_transactions.occurred_at; Type: ACL; Schema: app_public; Owner: -
--

GRANT INSERT(occurred_at) ON TABLE app_public.inventory_transactions TO :DATABASE_VISITOR;

--
-- Name: TABLE reslotting_plans; Type: ACL; Schema: app_public; Owner: -
--

GRANT SELECT ON TABLE app_public.reslotting_plans TO :DATABASE_VISITOR;

--
-- Name: DEFAULT PRIVILEGES FOR SEQUENCES; Type: DEFAULT ACL; Schema: app_hidden; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE :DATABASE_OWNER IN SCHEMA app_hidden GRANT SELECT,USAGE ON SEQUENCES  TO :DATABASE_VISITOR;

--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: app_hidden; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE :DATABASE_OWNER IN SCHEMA app_hidden GRANT ALL ON FUNCTIONS  TO :DATABASE_VISITOR;

--
-- Name: DEFAULT PRIVILEGES FOR SEQUENCES; Type: DEFAULT ACL; Schema: app_public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE :DATABASE_OWNER IN SCHEMA app_public GRANT SELECT,USAGE ON SEQUENCES  TO :DATABASE_VISITOR;

--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: app_public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE :DATABASE_OWNER IN SCHEMA app_public GRANT ALL ON FUNCTIONS  TO :DATABASE_VISITOR;

--
-- Name: DEFAULT PRIVILEGES FOR SEQUENCES; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE :DATABASE_OWNER IN SCHEMA public GRANT SELECT,USAGE ON SEQUENCES  TO :DATABASE_VISITOR;

--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE :DATABASE_OWNER IN SCHEMA public GRANT ALL ON FUNCTIONS  TO :DATABASE_VISITOR;

--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: -; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE :DATABASE_OWNER REVOKE ALL ON FUNCTIONS  FROM PUBLIC;

--
-- PostgreSQL database dump complete
--
