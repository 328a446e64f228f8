-- An agency's own tier rules (absent: the default rules of SPEC §5, held in TypeScript).

create table public.segmentation_settings (
  agency_id uuid primary key references public.agencies (id) on delete cascade,
  rules jsonb not null,
  version integer not null default 1 check (version >= 1),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);

alter table public.segmentation_settings enable row level security;

-- Members read their agency's methodology; owners and admins change it (the settings API).
create policy segmentation_settings_select on public.segmentation_settings for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy segmentation_settings_insert on public.segmentation_settings for insert to authenticated
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy segmentation_settings_update on public.segmentation_settings for update to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')))
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));

grant select, insert, update on public.segmentation_settings to authenticated;
grant select, insert, update, delete on public.segmentation_settings to service_role;
