--! Previous: sha1:eb64656a72cbb5c4527b6801c902ee140fb8420f
--! Hash: sha1:cce036225293f04e0bc6ea85d97cc4f71098de98
--! Message: Console searches inlined: no SET clause on the invoker search functions, so a page stops the scan

-- The console's searches are plain SQL functions that run as the caller: without a SET clause PostgreSQL inlines
-- them into the query that calls them, so the API's page size (first: 12) reaches the scan and an index in
-- code order stops after a page. Every name in them is schema-qualified or in pg_catalog, which is always
-- searched first; security definer functions keep their pinned search_path (01_schema_contract checks it).
alter function app_public.search_materials(text) reset search_path;
alter function app_public.search_locations(uuid, text) reset search_path;
alter function app_public.pending_putaway_recommendations(uuid) reset search_path;
