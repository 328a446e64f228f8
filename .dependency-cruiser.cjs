/**
 * Dependency rules, checked by `npm run lint` (`depcruise src`). Each rule says
 * why it exists; docs/ARCHITECTURE.md ("Boundaries") describes the layers they keep apart.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle means neither module can be read, tested or loaded without the other, and its load order decides which ' +
        'one sees the other half-initialized. Move the shared part down, or pass it in from the caller (as start-up ' +
        'hands the first-start seed to the database layer).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-not-http',
      severity: 'error',
      comment:
        'Domain code (src/lib/* except the HTTP layer in src/lib/api and src/lib/http) is called from routes, pages, ' +
        'scripts and jobs alike, so it must not depend on a request. It throws DomainError (src/lib/domain-error.ts); ' +
        'only the error mapper (src/lib/api/error-mapper.ts) turns that into a status and problem+json.',
      from: { path: '^src/lib/', pathNot: '^src/lib/(api|http)/' },
      to: { path: ['^src/lib/(api|http)/', '^node_modules/next/(server|headers|navigation)(\\.js)?$'] },
    },
    {
      name: 'db-layer-imports-no-domain',
      severity: 'error',
      comment:
        'The database layer (src/lib/db) sits below every domain module: it knows connections, roles, migrations and ' +
        'the data-folder lock, and nothing of customers, imports or insights. Importing domain code from it makes a ' +
        'cycle through every domain module that uses the database. It may use itself, config and observability.',
      from: { path: '^src/lib/db/' },
      to: { path: '^src/', pathNot: ['^src/lib/db/', '^src/lib/config\\.ts$', '^src/lib/observability/'] },
    },
    {
      name: 'routes-use-the-wrapper-database',
      severity: 'error',
      comment:
        'A route reaches the database only through the context withAgencyAuth gives it (ctx.db runs SQL as the ' +
        'signed-in user under RLS). Importing src/lib/db lets a route run SQL as the service role or outside the ' +
        "caller's transaction, which the wrapper's checks never see. Type-only imports are allowed: they run nothing.",
      from: { path: '^src/app/.+/route\\.ts$' },
      to: { path: '^src/lib/db/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: a type drawn from a layer above ties the two as surely as a value.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
