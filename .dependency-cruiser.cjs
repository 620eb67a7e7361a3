// Architecture rules, checked by `npm test`: the domain stays pure and dependencies point inward.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only domain/ (and zod for value validation): no I/O, no frameworks, no node: modules.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: ['^domain/', '^node_modules/zod/'] },
    },
    {
      name: 'db-only-domain',
      comment: 'db/ may use domain/ and its own drivers, never src/, bots/ or cards/.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(src|bots|cards)/' },
    },
    {
      name: 'cards-are-pure-renderers',
      severity: 'error',
      from: { path: '^cards/' },
      to: { path: '^(src|bots|db)/' },
    },
    {
      name: 'bots-do-not-reach-into-src-or-db',
      severity: 'error',
      from: { path: '^bots/' },
      to: { path: '^(src|db)/' },
    },
    {
      name: 'nothing-imports-src',
      comment: 'Only entries and tests import src/.',
      severity: 'error',
      from: { path: '^(domain|db|cards|bots)/' },
      to: { path: '^src/' },
    },
    {
      name: 'only-db-speaks-sql',
      comment: 'Queries live in db/repos, where every function takes the organisation (test/db/org-scope.test.ts checks it). Entries may build the driver.',
      severity: 'error',
      from: { path: '^(src|bots|cards)/', pathNot: ['^src/(worker|server)\\.ts$', '^src/cli/'] },
      to: { path: ['^node_modules/drizzle-orm', '^db/schema/'] },
    },
    {
      name: 'routes-are-thin',
      comment:
        'REST routes (src/api/*.routes.ts), web pages (src/web/) and chat channels (src/channels/) validate, call one use case and map its result: they take types from db/, never a repository or the driver. db/acting.ts is allowed: it only carries the acting credential (console-guard sets it), it reads no data. src/channels/slack-oauth.ts is the persistence adapter the Slack SDK asks for (its InstallationStore interface) and stays outside.',
      severity: 'error',
      from: { path: ['^src/api/.+\\.routes\\.ts$', '^src/web/', '^src/channels/'], pathNot: '^src/channels/slack-oauth\\.ts$' },
      to: { path: '^db/', pathNot: '^db/acting\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'usecases-and-chat-do-not-speak-sql',
      comment:
        'Use cases (src/usecases/) and the conversation (src/chat/) call repository functions (db/repos/*, which take the organisation); they never build queries: no drizzle-orm, no table definitions (db/schema/), no migrations, and only types from db/database.ts (its rowsOf / runStatement are raw-SQL helpers for repositories).',
      severity: 'error',
      from: { path: '^src/(usecases|chat)/' },
      to: { path: ['^node_modules/drizzle-orm', '^db/schema/', '^db/migrations/', '^db/open\\.ts$'] },
    },
    {
      name: 'usecases-and-chat-take-only-types-from-the-driver',
      comment: 'db/database.ts holds the executor types and the raw-SQL helpers: use cases and the conversation may import its types only.',
      severity: 'error',
      from: { path: '^src/(usecases|chat)/' },
      to: { path: '^db/database\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
