/*
 * Trigger order: PostgreSQL fires the triggers of one event in the order of their names (byte order). Every
 * trigger is named _NNN_what, but for the two names runbooks use, which must fire after the numbered ones.
 */
begin;
select plan(3);

select is_empty($$
  select c.relname || '.' || t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
   where not t.tgisinternal
     and c.relnamespace in ('app_public'::regnamespace, 'app_hidden'::regnamespace, 'app_private'::regnamespace)
     and t.tgname !~ '^_[0-9]{3}_[a-z0-9_]+$'
     and t.tgname not in ('refresh_bin_utilization_on_lot_change', 'refresh_bin_utilization_on_transaction')
$$, 'every trigger is named _NNN_what, but the two refresh triggers runbooks name');

select is_empty($$
  select r.tgname || ' before ' || o.tgname from pg_trigger r
    join pg_trigger o on o.tgrelid = r.tgrelid and not o.tgisinternal and o.tgname ~ '^_[0-9]{3}_'
   where r.tgname in ('refresh_bin_utilization_on_lot_change', 'refresh_bin_utilization_on_transaction')
     and not (o.tgname::text collate "C" < r.tgname::text collate "C")
$$, 'the refresh triggers fire after every numbered trigger of their table');

select is(
  (select count(*)::int from pg_trigger t
    where t.tgname in ('refresh_bin_utilization_on_lot_change', 'refresh_bin_utilization_on_transaction')
      and obj_description(t.oid, 'pg_trigger') like '%fires after every numbered trigger%'),
  2,
  'both refresh triggers say why they sit outside the numbered scheme and when they fire');

select * from finish();
rollback;
