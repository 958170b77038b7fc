/**
 * `npm run lint:deps`: the layering DESIGN.md describes, checked on every import of apps/ and libs/.
 * Libs are reached through their `@app/*` alias (tsconfig paths), never by a relative path into `src/`.
 */
module.exports = {
  forbidden: [
    {
      name: 'lib-imports-app',
      severity: 'error',
      comment: 'Libs are shared by every app; what they need lives in a lib, never in an app.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'jobs-imports-db',
      severity: 'error',
      comment: 'The job contract (libs/jobs) knows no persistence: gateway and worker agree on it without the database.',
      from: { path: '^libs/jobs/' },
      to: { path: '^libs/db/' },
    },
    {
      name: 'app-imports-other-app',
      severity: 'error',
      comment: 'Apps run as separate processes; code two of them need belongs in a lib.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'app-imports-lib-by-relative-path',
      severity: 'error',
      comment: 'Import a lib as @app/<name> (its index), not by a relative path into its src/.',
      from: { path: '^apps/' },
      to: { path: '^libs/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'lib-imports-other-lib-by-relative-path',
      severity: 'error',
      comment: 'A lib reaches another lib through its @app/<name> alias too; relative paths stay inside one lib.',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$1/', dependencyTypesNot: ['aliased'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
