import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database, Queryable } from '@/lib/db';
import { applyLocalCompat, supabaseDirectory } from '@/lib/db/migrate';

/**
 * The schema test's two halves: a database built from the current definitions (supabase/schemas,
 * on top of supabase/local exactly as the migrations are), and a normalized description of any
 * database read from its catalogs, one entry per object, so two databases compare entry by entry
 * and a difference reads as the object that differs and how.
 */

/** The .sql files under supabase/schemas, relative, in the order they are applied (path order). */
async function schemaFiles(directory = path.join(supabaseDirectory(), 'schemas')): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort();
}

export async function buildFromSchemaFiles(db: Database, directory = supabaseDirectory()): Promise<string[]> {
  const files = await schemaFiles(path.join(directory, 'schemas'));
  await db.transaction(async (tx) => {
    await applyLocalCompat(tx, directory);
    for (const file of files) {
      try {
        await tx.exec(await readFile(path.join(directory, 'schemas', file), 'utf8'));
      } catch (error) {
        throw new Error(`supabase/schemas/${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  return files;
}

// Every schema but the system's and the migration runner's bookkeeping. Supabase's own (auth,
// extensions) come from supabase/local on both sides, so they differ only if a migration alters them.
const APP_NAMESPACE = `n.nspname not in ('pg_catalog', 'information_schema', 'supabase_migrations') and n.nspname not like 'pg\\_%'`;
const NOT_EXTENSION_MEMBER = (catalog: string, oid: string) =>
  `not exists (select 1 from pg_depend e where e.classid = '${catalog}'::regclass and e.objid = ${oid} and e.deptype = 'e')`;

/**
 * Privileges as sorted "grantee:privilege" words (grantable marked *), the default privileges
 * spelled out when the ACL is null: the order grants were made in does not matter, what they add up to does.
 */
const privileges = (acl: string, defaultKind: string | null, owner: string) =>
  `(select coalesce(string_agg(word, ' ' order by word), '-') from (
      select format('%s:%s%s', case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee) end, a.privilege_type,
                    case when a.is_grantable then '*' else '' end) as word
      from aclexplode(${defaultKind ? `coalesce(${acl}, acldefault(${defaultKind}, ${owner}))` : acl}) a) words)`;

const RELATIONS = `
  select c.oid, n.nspname || '.' || c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where ${APP_NAMESPACE} and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'c') and ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}`;

interface Entry {
  key: string;
  line: string;
}

/** Each query returns (key, line); lines of one key are sorted and joined, so the entry does not depend on catalog order. */
const QUERIES: string[] = [
  `select 'schema ' || n.nspname as key,
          format('owner %s; privileges %s; comment %s', pg_get_userbyid(n.nspowner), ${privileges('n.nspacl', "'n'", 'n.nspowner')},
                 coalesce(obj_description(n.oid, 'pg_namespace'), '-')) as line
   from pg_namespace n where ${APP_NAMESPACE}`,
  `select 'extension ' || x.extname as key, format('schema %s, version %s', n.nspname, x.extversion) as line
   from pg_extension x join pg_namespace n on n.oid = x.extnamespace`,
  `select 'default privileges' as key, format('%s in %s on %s: %s', pg_get_userbyid(d.defaclrole), coalesce(n.nspname, 'every schema'),
          d.defaclobjtype, ${privileges('d.defaclacl', null, 'd.defaclrole')}) as line
   from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`,
  `select 'event trigger ' || evtname as key, format('%s %s %s %s', evtevent, evtfoid::regprocedure, evtenabled, evttags) as line
   from pg_event_trigger`,
  // Types other than tables' row types and arrays: enums with their labels in order, domains.
  `select 'type ' || n.nspname || '.' || t.typname as key,
          format('%s owner %s; privileges %s; %s', t.typtype, pg_get_userbyid(t.typowner), ${privileges('t.typacl', "'T'", 't.typowner')},
                 case t.typtype
                   when 'e' then (select 'labels ' || string_agg(l.enumlabel, ', ' order by l.enumsortorder) from pg_enum l where l.enumtypid = t.oid)
                   when 'd' then format('domain over %s%s default %s', format_type(t.typbasetype, t.typtypmod),
                                        case when t.typnotnull then ' not null' else '' end, coalesce(t.typdefault, '-'))
                   else '' end) as line
   from pg_type t join pg_namespace n on n.oid = t.typnamespace
   where ${APP_NAMESPACE} and t.typtype in ('e', 'd', 'b', 'r', 'm') and ${NOT_EXTENSION_MEMBER('pg_type', 't.oid')}
     and not exists (select 1 from pg_type element where element.typarray = t.oid)`,
  `select 'type ' || n.nspname || '.' || t.typname as key, 'constraint ' || c.conname || ': ' || pg_get_constraintdef(c.oid, true) as line
   from pg_constraint c join pg_type t on t.oid = c.contypid join pg_namespace n on n.oid = t.typnamespace where ${APP_NAMESPACE}`,
  // Relations: kind, persistence, row level security, owner, privileges, then their parts.
  `with rel as (${RELATIONS})
   select 'relation ' || rel.name as key,
          format(E'0 kind %s, persistence %s, row level security %s (forced %s), owner %s\\n0 privileges %s\\n0 options %s, comment %s%s',
                 c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner),
                 ${privileges('c.relacl', `(case when c.relkind = 'S' then 's' else 'r' end)::"char"`, 'c.relowner')},
                 coalesce(c.reloptions::text, '-'), coalesce(obj_description(c.oid, 'pg_class'), '-'),
                 case when c.relkind in ('v', 'm') then E'\\n  view ' || pg_get_viewdef(c.oid, true) else '' end) as line
   from rel join pg_class c on c.oid = rel.oid`,
  // Columns in their order (a dropped column leaves no gap here, but a column added later does come last).
  `with rel as (${RELATIONS})
   select 'relation ' || rel.name as key,
          format('1 column %s %s %s%s%s%s%s%s; privileges %s; comment %s',
                 lpad((row_number() over (partition by a.attrelid order by a.attnum))::text, 3, '0'), a.attname,
                 format_type(a.atttypid, a.atttypmod), case when a.attnotnull then ' not null' else '' end,
                 case when d.adbin is not null and a.attgenerated = '' then ' default ' || pg_get_expr(d.adbin, d.adrelid) else '' end,
                 case when a.attgenerated <> '' then ' generated always as (' || pg_get_expr(d.adbin, d.adrelid) || ') stored' else '' end,
                 case when a.attidentity <> '' then ' identity ' || a.attidentity::text else '' end,
                 case when a.attcollation <> t.typcollation then ' collate ' || a.attcollation::regcollation::text else '' end,
                 ${privileges('a.attacl', null, 'c.relowner')}, coalesce(col_description(a.attrelid, a.attnum), '-')) as line
   from rel join pg_class c on c.oid = rel.oid join pg_attribute a on a.attrelid = rel.oid join pg_type t on t.oid = a.atttypid
   left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
   where a.attnum > 0 and not a.attisdropped`,
  `with rel as (${RELATIONS})
   select 'relation ' || rel.name as key, '2 constraint ' || c.conname || ': ' || pg_get_constraintdef(c.oid, true) as line
   from rel join pg_constraint c on c.conrelid = rel.oid`,
  `with rel as (${RELATIONS})
   select 'relation ' || rel.name as key, '3 ' || pg_get_indexdef(i.indexrelid) as line
   from rel join pg_index i on i.indrelid = rel.oid`,
  `with rel as (${RELATIONS})
   select 'relation ' || rel.name as key, '4 ' || pg_get_triggerdef(g.oid, true) || ' (enabled ' || g.tgenabled::text || ')' as line
   from rel join pg_trigger g on g.tgrelid = rel.oid where not g.tgisinternal`,
  `with rel as (${RELATIONS})
   select 'relation ' || rel.name as key,
          format('5 policy %s %s for %s to %s using (%s) with check (%s)', p.polname,
                 case when p.polpermissive then 'permissive' else 'restrictive' end, p.polcmd,
                 (select string_agg(role, ', ' order by role)
                  from (select case when r = 0 then 'PUBLIC' else pg_get_userbyid(r) end as role from unnest(p.polroles) r) roles),
                 coalesce(pg_get_expr(p.polqual, p.polrelid), '-'), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-')) as line
   from rel join pg_policy p on p.polrelid = rel.oid`,
  `with rel as (${RELATIONS})
   select 'relation ' || rel.name as key, '6 ' || pg_get_ruledef(w.oid, true) as line
   from rel join pg_rewrite w on w.ev_class = rel.oid where w.rulename <> '_RETURN'`,
  `with rel as (${RELATIONS})
   select 'relation ' || rel.name as key,
          format('7 sequence %s start %s increment %s min %s max %s cache %s cycle %s', s.seqtypid::regtype, s.seqstart, s.seqincrement,
                 s.seqmin, s.seqmax, s.seqcache, s.seqcycle) as line
   from rel join pg_sequence s on s.seqrelid = rel.oid`,
  // Functions whole: pg_get_functiondef has the body, volatility, security definer and search_path.
  `select 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as key,
          format(E'kind %s, owner %s, comment %s\\nprivileges %s\\n%s', p.prokind, pg_get_userbyid(p.proowner),
                 coalesce(obj_description(p.oid, 'pg_proc'), '-'), ${privileges('p.proacl', "'f'", 'p.proowner')},
                 case when p.prokind in ('f', 'p', 'w') then pg_get_functiondef(p.oid) else '' end) as line
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where ${APP_NAMESPACE} and ${NOT_EXTENSION_MEMBER('pg_proc', 'p.oid')}`,
];

/** Object → its normalized description, for every object of the app's schemas. */
export async function describeSchema(db: Queryable): Promise<Record<string, string>> {
  const lines = new Map<string, string[]>();
  for (const sql of QUERIES) {
    for (const { key, line } of await db.query<Entry>(sql)) lines.set(key, [...(lines.get(key) ?? []), line]);
  }
  return Object.fromEntries(
    [...lines.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, parts]) => [key, parts.sort().join('\n')]),
  );
}

/** Only the entries that differ (absent on one side: undefined), for a diff that shows nothing else. */
export function differingEntries(fromMigrations: Record<string, string>, fromSchemas: Record<string, string>) {
  const keys = [...new Set([...Object.keys(fromMigrations), ...Object.keys(fromSchemas)])].filter(
    (key) => fromMigrations[key] !== fromSchemas[key],
  );
  const pick = (description: Record<string, string>) => Object.fromEntries(keys.sort().map((key) => [key, description[key]]));
  return { migrations: pick(fromMigrations), schemas: pick(fromSchemas) };
}
