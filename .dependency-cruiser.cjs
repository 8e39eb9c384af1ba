// The layering of ARCHITECTURE.md, checked on every import (npm run check:layers; .ci/run runs it).
// Layers are read off file names: *.repository.ts (the only SQL), *.service.ts (rules and transactions),
// *.routes.ts, *-page.ts and *.plugin.ts (the top); server/shared and server/db are the bottom.
const FEATURE = '^server/([^/]+)/';
const TOP = '(\\.routes|-page|\\.plugin)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules never import each other in a circle (folder cycles are checked by tools/ci/folder-cycles.ts).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'route-imports-route',
      severity: 'error',
      comment: 'A route file never imports another route file: what two routes share moves down a layer.',
      from: { path: '\\.routes\\.ts$' },
      to: { path: '\\.routes\\.ts$' },
    },
    {
      name: 'feature-imports-foreign-top',
      severity: 'error',
      comment: "A feature never imports another feature's routes, pages or plugins; only app.ts wires them.",
      from: { path: FEATURE },
      to: { path: TOP, pathNot: '^server/$1/' },
    },
    {
      name: 'bottom-imports-upper',
      severity: 'error',
      comment: 'shared/ and db/ are the bottom: they import only each other, errors and config, never a feature.',
      from: { path: '^server/(shared|db)/' },
      to: { path: '^server/', pathNot: ['^server/(shared|db)/', '^server/(errors|config)\\.ts$'] },
    },
    {
      name: 'repository-imports-upper',
      severity: 'error',
      comment: 'A repository (the only SQL) never imports a service, a route, a page or a plugin.',
      from: { path: '\\.repository\\.ts$' },
      to: { path: ['\\.service\\.ts$', TOP] },
    },
    {
      name: 'service-imports-top',
      severity: 'error',
      comment: 'A service never imports a route, a page or a plugin.',
      from: { path: '\\.service\\.ts$' },
      to: { path: TOP },
    },
    {
      name: 'migration-imports-app',
      severity: 'error',
      comment: 'Migrations repeat what they need on purpose: they must run the same after the app changes.',
      from: { path: '^migrations/' },
      to: { path: '^(server|test|bench|tools)/' },
    },
    {
      name: 'server-imports-offline',
      severity: 'error',
      comment: 'The serving tree never reaches into tests, benchmarks or offline tools.',
      from: { path: '^server/' },
      to: { path: '^(test|bench|tools)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|test-output)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
