/*
 * app_hidden.tenant_is_live(uuid): the API's question for every bearer token. True for a live tenant, false
 * for an archived or unknown one, the same answer for a request with no claims yet, and callable by the
 * visitor role alone among the application roles.
 */
begin;
select plan(7);

select tests.create_tenant_fixture('live_t');
select tests.create_tenant_fixture('gone_t');
update app_public.tenants set deleted_at = now() where code = 'gone_t';
-- The ids, read before acting as the visitor (who sees no tenant row without claims).
select set_config('tests.live_t', tests.tenant_id('live_t')::text, true),
       set_config('tests.gone_t', tests.tenant_id('gone_t')::text, true);

select ok(has_function_privilege(tests.visitor_role(), 'app_hidden.tenant_is_live(uuid)', 'execute'),
  'the visitor can execute tenant_is_live');
select ok(not has_function_privilege('public', 'app_hidden.tenant_is_live(uuid)', 'execute'),
  'PUBLIC cannot execute tenant_is_live');

select tests.authenticate_anonymous();
select is(app_hidden.tenant_is_live(current_setting('tests.live_t')::uuid), true,
  'as the visitor with no claims: a live tenant is live');
select is(app_hidden.tenant_is_live(current_setting('tests.gone_t')::uuid), false,
  'as the visitor with no claims: an archived tenant is not');
select is(app_hidden.tenant_is_live('00000000-0000-4000-8000-00000000dead'), false,
  'as the visitor with no claims: an unknown tenant is not');

select tests.authenticate_as('live_t', 'operator');
select is(app_hidden.tenant_is_live(current_setting('tests.gone_t')::uuid), false,
  'as an operator of another tenant: the archived tenant is still not live (rows hidden by RLS do not matter)');
select tests.clear_authentication();
update app_public.tenants set deleted_at = null where code = 'gone_t';
select is(app_hidden.tenant_is_live(current_setting('tests.gone_t')::uuid), true, 'a restored tenant is live again');

select * from finish();
rollback;
