-- Every version of an agency's tier rules, so a change can be seen and undone (the rules history).

create table public.segmentation_settings_history (
  id bigint generated always as identity primary key,
  agency_id uuid not null references public.agencies (id) on delete cascade,
  version integer not null,
  rules jsonb not null,
  changed_by uuid references auth.users (id) on delete set null,
  changed_at timestamptz not null default now(),
  unique (agency_id, version)
);

alter table public.segmentation_settings_history enable row level security;

create policy segmentation_settings_history_select on public.segmentation_settings_history for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy segmentation_settings_history_insert on public.segmentation_settings_history for insert to authenticated
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')) and changed_by = (select auth.uid()));

grant select, insert on public.segmentation_settings_history to authenticated;
grant select, insert, update, delete on public.segmentation_settings_history to service_role;
