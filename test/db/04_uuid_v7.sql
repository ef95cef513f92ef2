/*
 * uuid_generate_v7(): the RFC 9562 layout, the time it encodes, and ordering.
 */
begin;
select plan(7);

create temp table sample as
  select n, uuid_generate_v7() as id from generate_series(1, 10000) as n;

select is((select count(*) from sample where substr(id::text, 15, 1) <> '7'), 0::bigint,
  'every value has version 7 (the 13th hex digit)');
select is((select count(*) from sample where substr(id::text, 20, 1) not in ('8', '9', 'a', 'b')), 0::bigint,
  'every value has the RFC 9562 variant (bits 10)');
select is((select count(distinct id) from sample), 10000::bigint, '10,000 values are distinct');
select ok(
  (select bool_and(id > previous) from (select id, lag(id) over (order by n) as previous from sample) s
    where previous is not null),
  'values generated later sort later (10,000 in a row, strictly increasing)');
select ok(
  abs(('x' || lpad(replace(left(uuid_generate_v7()::text, 13), '-', ''), 16, '0'))::bit(64)::bigint
      - (extract(epoch from clock_timestamp()) * 1000)::bigint) < 1000,
  'the first 48 bits are the current Unix time in milliseconds');
select ok(
  (select count(distinct substr(replace(id::text, '-', ''), 17, 16)) from sample) = 10000,
  'the last 64 bits are random (no repeats in 10,000)');
create function pg_temp.increases_after_clock_step_back() returns boolean
  language plpgsql
as $$
declare
  v_first uuid;
  v_second uuid;
begin
  -- Pretend the last value was made an hour from now, as if the clock has since stepped back.
  perform set_config('buo.uuid_v7_last_ticks',
    ((extract(epoch from clock_timestamp()) + 3600) * 4096000)::bigint::text, false);
  v_first := uuid_generate_v7();
  v_second := uuid_generate_v7();
  return v_second > v_first and v_first > (select id from sample order by id desc limit 1);
end;
$$;
select ok(pg_temp.increases_after_clock_step_back(), 'when the clock steps back, values still increase');

select * from finish();
rollback;
