import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createTestApp, type TestContext } from '../support/app.js';

// The images cannot be built here; what can be checked is that the deploy files agree with the code they run.

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string }; scripts: { start: string } };
const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
const compose = fs.readFileSync('compose.yaml', 'utf8');
const unit = fs.readFileSync('deploy/rejoinder.service', 'utf8');
const engineMajor = /^>=(\d+)\./.exec(pkg.engines.node)?.[1];
const defaultPort = loadConfig({}).port;
const hasSystemdAnalyze = !spawnSync('systemd-analyze', ['--version']).error;

/** A unit file's settings, each key with every value it is given. */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  return settings;
}

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('Dockerfile and compose.yaml', () => {
  it("use the official Node image of the engines' major in every stage", () => {
    const images = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(images).toHaveLength(2);
    for (const image of images) expect(image).toMatch(new RegExp(`^node:${engineMajor}-`));
  });

  it('run the command npm start runs, on the port the config defaults to, as a non-root user with the data in a volume', () => {
    expect(pkg.scripts.start).toBe('node dist/server/main.js');
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd.join(' ')).toBe(pkg.scripts.start);
    expect(dockerfile).toMatch(new RegExp(`^ENV .*\\bPORT=${defaultPort}\\b`, 'm'));
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${defaultPort}$`, 'm'));
    expect(compose).toContain(`- '${defaultPort}:${defaultPort}'`);
    expect(dockerfile).toMatch(/^USER node$/m);
    const dataFile = /DATABASE_URL=(\S+)/.exec(dockerfile)![1]!;
    expect(dockerfile).toContain(`VOLUME ${path.dirname(dataFile)}`);
  });

  it('build and prune as the production install does, copying every folder the build reads', () => {
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/RUN npm run build && npm prune --omit=dev/);
    for (const folder of ['server', 'migrations', 'views', 'static', 'tools/build']) expect(dockerfile).toContain(`COPY ${folder} ${folder}`);
  });

  it('check the health on the route the app serves', async () => {
    const healthPath = /HEALTHCHECK[\s\S]*?\/\/127\.0\.0\.1:\$\{process\.env\.PORT\}(\/\w+)/.exec(dockerfile)?.[1];
    expect(healthPath).toBe('/healthz');
    expect(t.app.hasRoute({ method: 'GET', url: healthPath! })).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: healthPath! })).statusCode).toBe(200);
  });
});

describe('deploy/rejoinder.service', () => {
  const settings = unitSettings(unit);

  it('starts what npm start runs, restarts on failure, reads an EnvironmentFile and is hardened', () => {
    expect(settings.get('ExecStart')?.[0]).toMatch(new RegExp(`^/\\S+/node ${pkg.scripts.start.replace(/^node /, '')}$`));
    expect(settings.get('Restart')).toEqual(['on-failure']);
    expect(settings.get('EnvironmentFile')?.[0]).toMatch(/^\//);
    expect(settings.get('NoNewPrivileges')).toEqual(['true']);
    expect(settings.get('ProtectSystem')).toEqual(['strict']);
    const dataDir = `/var/lib/${settings.get('StateDirectory')![0]}`;
    expect(settings.get('ReadWritePaths')).toEqual([dataDir]);
    expect(fs.readFileSync('deploy/rejoinder.env.example', 'utf8')).toMatch(new RegExp(`^DATABASE_URL=${dataDir}/`, 'm'));
  });

  // Debian's systemd package brings systemd-analyze (.ci/run's machine has it).
  it.skipIf(!hasSystemdAnalyze)('passes systemd-analyze verify without a warning', () => {
    // verify checks that ExecStart's binary exists: this machine's node stands in for /usr/bin/node.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-unit-'));
    const file = path.join(dir, 'rejoinder.service');
    fs.writeFileSync(file, unit.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
    try {
      // verify exits 0 on a setting it cannot parse, and says so on stderr.
      const verified = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect({ status: verified.status, stderr: verified.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
