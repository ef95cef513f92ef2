-- Enter migration here. Keep it idempotent: it runs again on every save.

--! split: 0500-client-error-codes-in-comments.sql
/*
 * The comments of app_public's objects are the GraphQL documentation. Clients get the error code
 * INVALID_INPUT, never the internal SQLSTATE 'INVAL' the functions raise (src/server/errors.ts maps one to
 * the other), so the documentation names the code. Rewriting every such comment in place keeps the rest of
 * each text as it was written, and finds nothing to do on a second run.
 */
do $$
declare
  v_function regprocedure;
  v_comment text;
begin
  for v_function, v_comment in
    select p.oid::regprocedure, d.description
      from pg_catalog.pg_proc p
      join pg_catalog.pg_description d
        on d.objoid = p.oid and d.classoid = 'pg_catalog.pg_proc'::regclass and d.objsubid = 0
     where p.pronamespace = 'app_public'::regnamespace
       and d.description like '%''INVAL''%'
  loop
    execute format('comment on function %s is %L', v_function, replace(v_comment, '''INVAL''', 'INVALID_INPUT'));
  end loop;
end
$$;
