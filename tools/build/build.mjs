// npm run build: compiles server/ and migrations/ to dist/ with tsc (tsconfig.build.json) and copies beside the
// compiled code what it reads at run time (views, static files, the shipped base model), so dist/ resolves
// everything the way the source tree does. Plain JavaScript: it runs where neither tsx nor a build exists yet.
//
// With --if-stale (npm start's and the CLIs' pre-step) it does nothing when no source is newer than the last
// build, and, after `npm prune --omit=dev` has removed TypeScript, runs the build that is there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const COMPILED = ['server', 'migrations'];
const COPIED = ['views', 'static', 'server/stance/models/base-model.json'];
const INPUTS = [...COMPILED, ...COPIED, 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

function hasTypeScript() {
  try {
    createRequire(import.meta.url).resolve('typescript/package.json');
    return true;
  } catch {
    return false;
  }
}

// A source file deleted since the last build (a migration above all) must not live on in dist/.
function removeOrphans(dir) {
  for (const name of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, name.name);
    if (name.isDirectory()) {
      removeOrphans(full);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
      continue;
    }
    const source = path.join(ROOT, path.relative(DIST, full)).replace(/\.js(\.map)?$/, '.ts');
    if (/\.js(\.map)?$/.test(name.name) && !fs.existsSync(source)) fs.rmSync(full);
  }
}

function build() {
  const tsc = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  for (const dir of COMPILED) removeOrphans(path.join(DIST, dir));
  for (const entry of COPIED) {
    fs.rmSync(path.join(DIST, entry), { recursive: true, force: true });
    fs.cpSync(path.join(ROOT, entry), path.join(DIST, entry), { recursive: true });
  }
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

const ifStale = process.argv.includes('--if-stale');
const built = fs.existsSync(STAMP);
if (ifStale && built && newestMtime(STAMP) >= Math.max(...INPUTS.map((entry) => newestMtime(path.join(ROOT, entry))))) process.exit(0);
if (!hasTypeScript()) {
  if (ifStale && built) {
    console.error('TypeScript is not installed (a production install): running the existing build in dist/.');
    process.exit(0);
  }
  console.error('Cannot build: TypeScript is not installed. Run `npm ci` (with development packages), then `npm run build`.');
  process.exit(1);
}
build();
