--! Previous: sha1:8388336f26781b8efbda2445f26a999b9fc297bd
--! Hash: sha1:75cff7d72d95b6801c9fd04cefe73af6b24ef375
--! Message: Idempotent putaway reservations

--! split: 0545-putaway-idempotency.sql
/*
 * Idempotency keys of the putaway mutations. A client that sends the same key again (a retry after a lost
 * answer) gets the first answer back and nothing is written again; the same key with another request is
 * refused (IDEMP). Keys belong to a tenant and are kept until expires_at (the service keeps them at least as
 * long as a reservation lasts). Claiming a key takes a transaction-scoped advisory lock on it, so a second
 * request with the same key waits for the first to commit (then answers from it) or to roll back (then
 * runs itself): never two writes. The answer is stored in the same transaction as the work it describes.
 */
drop function if exists app_hidden.record_putaway_idempotency(text, text, jsonb, jsonb, interval);
drop function if exists app_hidden.claim_putaway_idempotency(text, text, jsonb);
drop table if exists app_private.putaway_idempotency_keys;

create table app_private.putaway_idempotency_keys (
  tenant_id uuid not null,
  idempotency_key text not null,
  operation text not null,
  request_hash bytea not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  constraint putaway_idempotency_keys_pkey primary key (tenant_id, idempotency_key),
  constraint putaway_idempotency_keys_tenant_fkey foreign key (tenant_id)
    references app_public.tenants (tenant_id) on delete cascade
);
create index putaway_idempotency_keys_expiry_idx on app_private.putaway_idempotency_keys (tenant_id, expires_at);
comment on table app_private.putaway_idempotency_keys is
  E'The first answer to each idempotency key of the putaway mutations, per tenant, until it expires.';
comment on column app_private.putaway_idempotency_keys.request_hash is
  E'SHA-256 of the operation''s input (as jsonb text): the same key with another input is refused.';

create function app_hidden.claim_putaway_idempotency(p_key text, p_operation text, p_request jsonb) returns jsonb
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
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
comment on function app_hidden.claim_putaway_idempotency(text, text, jsonb) is
  E'Locks an idempotency key of the current tenant for this transaction; returns the stored answer when the key was '
  'used for the same request, null when it is new (or expired), raises IDEMP when it was used for another request.';

create function app_hidden.record_putaway_idempotency(p_key text, p_operation text, p_request jsonb, p_response jsonb,
  p_keep interval) returns void
  language sql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Expired keys of the tenant go first: a key used again after expiry is a new key.
  delete from app_private.putaway_idempotency_keys k
   where k.tenant_id = app_public.current_tenant_id() and k.expires_at <= now();
  insert into app_private.putaway_idempotency_keys (tenant_id, idempotency_key, operation, request_hash, response,
    expires_at)
  values (app_public.current_tenant_id(), p_key, p_operation, sha256(convert_to(p_request::text, 'UTF8')), p_response,
    now() + p_keep);
$$;
comment on function app_hidden.record_putaway_idempotency(text, text, jsonb, jsonb, interval) is
  E'Stores the answer to an idempotency key (claimed first in the same transaction) for p_keep.';
