/**
 * Checks docker-compose.yml and the Dockerfiles without a Docker engine:
 *  - the Compose file is valid against the Compose Specification JSON Schema (vendored, see
 *    compose-spec.SOURCE.md), after YAML anchors and `<<:` merge keys are resolved as Compose does;
 *  - every `build` points at a Dockerfile that exists, is multi-stage, runs as a non-root USER and has a
 *    HEALTHCHECK in its final stage;
 *  - every depends_on names a service, every named volume is declared, every published port binds 127.0.0.1;
 *  - kafka-init creates every event topic and its .DLT;
 *  - every services/<name> with a package.json has a compose service, a Dockerfile and a gateway route,
 *    so that a new service cannot be forgotten here;
 *  - every workspace package an image's code imports is declared (turbo prune drops undeclared ones);
 *  - .dockerignore keeps node_modules, dist, .local, .git, secrets... out of the build context.
 * Each rule is a function returning the problems it finds; the last block breaks copies of the real file
 * to prove that each rule does catch what it is meant to.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { TOPIC_DECLARATIONS } from '@dangvien/contracts';
import { renderAcls, renderCompose, renderTopics } from './compose-file';

const ROOT = path.resolve(__dirname, '../..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const SCHEMA_FILE = path.join(__dirname, 'compose-spec.json');

/** sha256 of JSON.stringify(JSON.parse(upstream file)): the vendored copy is prettier-formatted, not edited. */
const SCHEMA_CANONICAL_SHA256 = '7aa341e4ee63c0058e7ff424581b56aacc7a0a6e5791060b74c70cc6ecc5046b';

/** The contract's topics (each also gets `<topic>.DLT`); services/<name> adds dangvien.<name>.events.v1. */
const CONTRACT_TOPICS = [
  'dangvien.organisations.events.v1',
  'dangvien.members.events.v1',
  'dangvien.recruitment.events.v1',
  'dangvien.emulation.events.v1',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Service = Record<string, Json>;
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, Json>;
  [key: string]: Json | Record<string, Service> | undefined;
}

const loadCompose = (text: string): Compose => parse(text, { merge: true, uniqueKeys: true }) as Compose;
const readText = (file: string): string => readFileSync(file, 'utf8');
const clone = <T>(value: T): T => structuredClone(value);
const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// ------------------------------------------------------------------------------------------------
// Schema
// ------------------------------------------------------------------------------------------------

const schema = JSON.parse(readText(SCHEMA_FILE)) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validateSchema = ajv.compile(schema);

function schemaProblems(compose: unknown): string[] {
  if (validateSchema(compose)) return [];
  return (validateSchema.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

// ------------------------------------------------------------------------------------------------
// Dockerfiles
// ------------------------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, with `\` continuations joined and comment lines dropped. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const match = /^(\S+)\s*(.*)$/.exec(full);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim() });
  }
  if (pending.trim() !== '') instructions.push({ keyword: 'UNTERMINATED', args: pending.trim() });
  return instructions;
}

function dockerfileProblems(text: string): string[] {
  const instructions = parseDockerfile(text);
  const problems: string[] = [];
  const froms = instructions.filter((i) => i.keyword === 'FROM');
  if (froms.length < 2) problems.push(`not multi-stage: ${froms.length} FROM`);
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  const finalStage = instructions.slice(lastFrom + 1);
  const user = finalStage.filter((i) => i.keyword === 'USER').at(-1);
  const userName = user?.args.split(':')[0];
  if (!user) problems.push('final stage has no USER (the image would run as root)');
  else if (userName === 'root' || userName === '0') problems.push(`final stage runs as ${user.args}`);
  const healthcheck = finalStage.filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
  if (!healthcheck) problems.push('final stage has no HEALTHCHECK');
  else if (/^NONE$/i.test(healthcheck.args)) problems.push('HEALTHCHECK NONE');
  if (!finalStage.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'))
    problems.push('final stage has no CMD or ENTRYPOINT');
  return problems;
}

/** Where a service's Dockerfile is, per Compose: `dockerfile` is relative to the build context. */
function dockerfileOf(service: Service): string | undefined {
  const build = service.build;
  if (build === undefined) return undefined;
  if (typeof build === 'string') return path.resolve(ROOT, build, 'Dockerfile');
  if (!isObject(build)) return undefined;
  const context = typeof build.context === 'string' ? build.context : '.';
  const dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  return path.resolve(ROOT, context, dockerfile);
}

function buildProblems(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const file = dockerfileOf(service);
    if (file === undefined) continue;
    if (!existsSync(file)) {
      problems.push(`${name}: Dockerfile ${path.relative(ROOT, file)} does not exist`);
      continue;
    }
    for (const p of dockerfileProblems(readText(file)))
      problems.push(`${name} (${path.relative(ROOT, file)}): ${p}`);
  }
  return problems;
}

// ------------------------------------------------------------------------------------------------
// Wiring: depends_on, volumes, ports, network mode
// ------------------------------------------------------------------------------------------------

function dependsOn(service: Service): string[] {
  const deps = service.depends_on;
  if (Array.isArray(deps)) return deps.map(String);
  if (isObject(deps)) return Object.keys(deps);
  return [];
}

function dependsOnProblems(compose: Compose): string[] {
  const problems: string[] = [];
  const names = new Set(Object.keys(compose.services));
  for (const [name, service] of Object.entries(compose.services)) {
    for (const dep of dependsOn(service)) {
      if (!names.has(dep)) problems.push(`${name}: depends_on unknown service "${dep}"`);
      const condition = isObject(service.depends_on) ? service.depends_on[dep] : undefined;
      const target = compose.services[dep];
      if (!isObject(condition) || !target) continue;
      if (condition.condition === 'service_healthy' && !hasHealthcheck(target))
        problems.push(`${name}: waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
      if (condition.condition === 'service_completed_successfully' && target.restart !== 'no')
        problems.push(`${name}: waits for ${dep} to complete, but ${dep} does not have restart "no"`);
    }
  }
  return problems;
}

function hasHealthcheck(service: Service): boolean {
  const hc = service.healthcheck;
  if (isObject(hc)) return hc.disable !== true && hc.test !== undefined;
  const file = dockerfileOf(service);
  return file !== undefined && existsSync(file) && /^\s*HEALTHCHECK\s+(?!NONE)/im.test(readText(file));
}

function volumeProblems(compose: Compose): string[] {
  const declared = new Set(Object.keys(compose.volumes ?? {}));
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    for (const volume of Array.isArray(service.volumes) ? service.volumes : []) {
      const source =
        typeof volume === 'string' ? volume.split(':')[0] : isObject(volume) ? volume.source : undefined;
      const type = isObject(volume) ? volume.type : undefined;
      if (typeof source !== 'string' || source === '') continue;
      const isBind = type === 'bind' || /^[./~]/.test(source);
      if (isBind) {
        if (!existsSync(path.resolve(ROOT, source)))
          problems.push(`${name}: bind mount source ${source} is missing`);
      } else if (!declared.has(source)) {
        problems.push(`${name}: named volume "${source}" is not declared under top-level volumes`);
      }
    }
  }
  return problems;
}

/** The host address of a published port, or undefined when it is published on every interface. */
function hostIpOf(port: Json): string | undefined {
  if (isObject(port)) return typeof port.host_ip === 'string' ? port.host_ip : undefined;
  const spec = String(port).replace(/\/(tcp|udp|sctp)$/, '');
  const v6 = /^\[([^\]]+)\]:/.exec(spec);
  if (v6) return v6[1];
  const parts = spec.split(':');
  return parts.length === 3 ? parts[0] : undefined;
}

function portProblems(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.network_mode === 'host') problems.push(`${name}: network_mode host publishes every port`);
    for (const port of Array.isArray(service.ports) ? service.ports : []) {
      const ip = hostIpOf(port);
      if (ip !== '127.0.0.1')
        problems.push(`${name}: port ${JSON.stringify(port)} binds ${ip ?? 'all interfaces'}`);
    }
  }
  return problems;
}

// ------------------------------------------------------------------------------------------------
// Topics
// ------------------------------------------------------------------------------------------------

/** Topics named in @dangvien/contracts' topics.ts, read as text so that this test does not need a build. */
function contractsTopics(): string[] {
  const file = path.join(ROOT, 'packages/contracts/src/topics.ts');
  if (!existsSync(file)) return [];
  return [...readText(file).matchAll(/'(dangvien\.[a-z0-9.-]+)'/g)].map((m) => m[1]!);
}

function serviceDirs(): string[] {
  const dir = path.join(ROOT, 'services');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'package.json')))
    .map((e) => e.name)
    .sort();
}

function expectedTopics(): string[] {
  const topics = new Set([
    ...CONTRACT_TOPICS,
    ...contractsTopics(),
    ...serviceDirs().map((s) => `dangvien.${s}.events.v1`),
  ]);
  return [...topics].flatMap((t) => [t, `${t}.DLT`]).sort();
}

/** The kafka-init command line and the text of every script it mounts: what decides the topics it makes. */
function kafkaInitText(compose: Compose): string | undefined {
  const init = compose.services['kafka-init'];
  if (!init) return undefined;
  const parts = [JSON.stringify(init.entrypoint ?? ''), JSON.stringify(init.command ?? '')];
  for (const volume of Array.isArray(init.volumes) ? init.volumes : []) {
    const source =
      typeof volume === 'string' ? volume.split(':')[0] : isObject(volume) ? volume.source : undefined;
    if (typeof source !== 'string') continue;
    const file = path.resolve(ROOT, source);
    if (existsSync(file) && statSync(file).isFile()) parts.push(readText(file));
  }
  return parts.join('\n');
}

function topicProblems(compose: Compose, topics = expectedTopics()): string[] {
  const text = kafkaInitText(compose);
  if (text === undefined) return ['no kafka-init service'];
  const problems: string[] = [];
  const tokens = new Set(text.split(/[\s"'`,;()[\]{}]+/));
  for (const topic of topics) if (!tokens.has(topic)) problems.push(`kafka-init does not create ${topic}`);
  if (!text.includes('--if-not-exists')) problems.push('kafka-init does not use --if-not-exists');
  return problems;
}

// ------------------------------------------------------------------------------------------------
// One compose service, Dockerfile and gateway route per services/<name>
// ------------------------------------------------------------------------------------------------

function serviceCoverageProblems(compose: Compose, dirs = serviceDirs()): string[] {
  const problems: string[] = [];
  const gateway = compose.services.gateway;
  const gatewayEnv = gateway && isObject(gateway.environment) ? gateway.environment : {};
  for (const dir of dirs) {
    const dockerfile = path.join(ROOT, 'services', dir, 'Dockerfile');
    if (!existsSync(dockerfile)) problems.push(`services/${dir} has no Dockerfile`);
    const service = compose.services[dir];
    if (!service) {
      problems.push(`services/${dir} has no compose service "${dir}"`);
      continue;
    }
    if (dockerfileOf(service) !== dockerfile)
      problems.push(`compose service ${dir} does not build ${dockerfile}`);
    const env = isObject(service.environment) ? service.environment : {};
    const port = env.PORT;
    if (port === undefined) problems.push(`compose service ${dir} sets no PORT`);
    const route = `SUBGRAPH_${dir.toUpperCase()}_URL`;
    if (gatewayEnv[route] !== `http://${dir}:${String(port)}/graphql`)
      problems.push(`gateway: ${route} should be http://${dir}:${String(port)}/graphql`);
    if (gateway && !dependsOn(gateway).includes(dir)) problems.push(`gateway does not depend on ${dir}`);
  }
  return problems;
}

// ------------------------------------------------------------------------------------------------
// Workspace imports: an image is built from `turbo prune`, which keeps only the workspace packages a
// package.json declares. An undeclared `@dangvien/x` import builds in the monorepo (every workspace is
// linked into node_modules) and fails only in `docker build`; this finds it without Docker.
// ------------------------------------------------------------------------------------------------

interface Workspace {
  dir: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function workspaces(): Map<string, Workspace> {
  const found = new Map<string, Workspace>();
  for (const parent of ['packages', 'services', '.']) {
    const dirs =
      parent === '.'
        ? ['gateway']
        : readdirSync(path.join(ROOT, parent), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => `${parent}/${e.name}`);
    for (const dir of dirs) {
      const file = path.join(ROOT, dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readText(file)) as {
        name: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      found.set(pkg.name, {
        dir,
        dependencies: pkg.dependencies ?? {},
        devDependencies: pkg.devDependencies ?? {},
      });
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Runtime imports need `dependencies`; `import type` ones are erased and may be devDependencies. */
function workspaceImportProblems(imageRoots: string[], all = workspaces()): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const queue = [...imageRoots];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const ws = all.get(name);
    if (!ws || seen.has(name)) continue;
    seen.add(name);
    for (const dep of Object.keys(ws.dependencies)) if (all.has(dep)) queue.push(dep);
    for (const file of sourceFiles(path.join(ROOT, ws.dir, 'src'))) {
      const text = readText(file);
      const imports = text.matchAll(
        /(import\s+type\b)?[^;'"]*?(?:from\s+|import\s*\(\s*|require\s*\(\s*)'(@dangvien\/[^/']+)/g,
      );
      for (const [, typeOnly, target] of imports) {
        if (target === name || !all.has(target!)) continue;
        const declared =
          target! in ws.dependencies || (typeOnly !== undefined && target! in ws.devDependencies);
        if (!declared)
          problems.push(
            `${name} (${path.relative(ROOT, file)}) imports ${target} but its package.json does not depend on it`,
          );
      }
    }
  }
  return [...new Set(problems)];
}

// ------------------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  const text = readText(COMPOSE_FILE);
  const compose = loadCompose(text);

  it('uses the vendored Compose Specification schema unchanged', () => {
    const canonical = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
    expect(canonical).toBe(SCHEMA_CANONICAL_SHA256);
  });

  it('is valid against the Compose Specification schema', () => {
    expect(schemaProblems(compose)).toEqual([]);
  });

  it('builds every image from a multi-stage Dockerfile with a non-root USER and a HEALTHCHECK', () => {
    expect(Object.values(compose.services).some((s) => s.build !== undefined)).toBe(true);
    expect(buildProblems(compose)).toEqual([]);
  });

  it('depends only on services that exist (and are healthy / complete as asked)', () => {
    expect(dependsOnProblems(compose)).toEqual([]);
  });

  it('declares every named volume and finds every bind-mount source', () => {
    expect(volumeProblems(compose)).toEqual([]);
  });

  it('publishes ports on 127.0.0.1 only', () => {
    expect(portProblems(compose)).toEqual([]);
  });

  it('creates every event topic and its dead-letter topic in kafka-init', () => {
    expect(expectedTopics()).toEqual(expect.arrayContaining(CONTRACT_TOPICS.map((t) => `${t}.DLT`)));
    expect(topicProblems(compose)).toEqual([]);
  });

  it('is the file rendered from the services list and the topic declarations (`npm run compose:docker`)', () => {
    expect(readText(COMPOSE_FILE)).toBe(renderCompose());
    expect(readText(path.join(__dirname, 'kafka', 'topics.txt'))).toBe(renderTopics());
    expect(readText(path.join(__dirname, 'kafka', 'acls.txt'))).toBe(renderAcls());
    // Every declared topic, with its partitions and configuration.
    for (const topic of TOPIC_DECLARATIONS) {
      expect(renderTopics()).toContain(
        `${topic.name} ${topic.partitions} cleanup.policy=delete,retention.ms=-1\n`,
      );
    }
  });

  it('has a compose service, a Dockerfile and a gateway route for every services/<name>', () => {
    expect(serviceDirs()).toContain('organisations');
    expect(serviceCoverageProblems(compose)).toEqual([]);
  });

  it('declares every workspace package an image imports (turbo prune keeps only declared ones)', () => {
    const roots = ['@dangvien/gateway', ...serviceDirs().map((s) => `@dangvien/${s}`)];
    expect(workspaceImportProblems(roots)).toEqual([]);
  });

  it('keeps dependencies, build output, local state, git and secrets out of the build context', () => {
    const lines = new Set(
      readText(path.join(ROOT, '.dockerignore'))
        .split(/\r?\n/)
        .map((l) => l.trim()),
    );
    const required = ['node_modules', 'dist', '.local', '.turbo', '.git', 'coverage', '*.log', '.env'];
    const missing = required.filter((p) => !lines.has(p) && !lines.has(`**/${p}`));
    expect(missing).toEqual([]);
  });

  it('has a multi-stage, non-root, health-checked Dockerfile for the gateway and every service', () => {
    const files = ['gateway/Dockerfile', ...serviceDirs().map((s) => `services/${s}/Dockerfile`)];
    for (const file of files) {
      expect({
        file,
        problems: existsSync(path.join(ROOT, file))
          ? dockerfileProblems(readText(path.join(ROOT, file)))
          : ['missing'],
      }).toEqual({ file, problems: [] });
    }
  });
});

describe('the checks catch a broken file', () => {
  const compose = loadCompose(readText(COMPOSE_FILE));
  const organisations = (c: Compose): Service => c.services.organisations!;

  it('schema: an unknown service key, a bad port type, depends_on as a string', () => {
    const broken = clone(compose);
    organisations(broken).imagee = 'typo';
    organisations(broken).ports = { 4001: 4001 };
    expect(schemaProblems(broken).length).toBeGreaterThanOrEqual(2);
    expect(schemaProblems({ services: { x: { image: 'a', depends_on: 'mongo' } } })).not.toEqual([]);
  });

  it('YAML: a duplicated key is an error, not a silent override', () => {
    expect(() => loadCompose('services:\n  a:\n    image: x\n  a:\n    image: y\n')).toThrow();
  });

  it('depends_on: a misspelt service', () => {
    const broken = clone(compose);
    organisations(broken).depends_on = { mongoo: { condition: 'service_healthy' } };
    expect(dependsOnProblems(broken)).toEqual([expect.stringContaining('"mongoo"')]);
  });

  it('ports: published on every interface or on another address', () => {
    const broken = clone(compose);
    organisations(broken).ports = [
      '4001:4001',
      '0.0.0.0:4002:4002',
      4003,
      { target: 4004, published: 4004 },
      '127.0.0.1:4005:4005/tcp',
    ];
    expect(portProblems(broken)).toHaveLength(4);
  });

  it('Dockerfile: single stage, root, no HEALTHCHECK', () => {
    expect(dockerfileProblems('FROM node:24-slim\nCMD ["node", "x.js"]\n')).toEqual([
      'not multi-stage: 1 FROM',
      'final stage has no USER (the image would run as root)',
      'final stage has no HEALTHCHECK',
    ]);
    const userOnlyInBuilder = 'FROM a AS b\nUSER node\nHEALTHCHECK CMD true\nFROM c\nCMD ["x"]\n';
    expect(dockerfileProblems(userOnlyInBuilder)).toEqual([
      'final stage has no USER (the image would run as root)',
      'final stage has no HEALTHCHECK',
    ]);
    expect(dockerfileProblems('FROM a AS b\nFROM c\nUSER root\nHEALTHCHECK NONE\nCMD ["x"]\n')).toEqual([
      'final stage runs as root',
      'HEALTHCHECK NONE',
    ]);
  });

  it('build: a Dockerfile that does not exist', () => {
    const broken = clone(compose);
    organisations(broken).build = { context: '.', dockerfile: 'services/organisations/Dockerfile.missing' };
    expect(buildProblems(broken)).toEqual([expect.stringContaining('does not exist')]);
  });

  it('topics: one the init job forgets, and a service without its topic', () => {
    const broken = clone(compose);
    broken.services['kafka-init']!.volumes = [];
    expect(topicProblems(broken)).toEqual(
      expect.arrayContaining(['kafka-init does not create dangvien.members.events.v1.DLT']),
    );
    expect(topicProblems(compose, ['dangvien.payments.events.v1'])).toEqual([
      'kafka-init does not create dangvien.payments.events.v1',
    ]);
  });

  it('services: a new services/<name> without compose service, Dockerfile or gateway route', () => {
    expect(serviceCoverageProblems(compose, ['organisations', 'payments'])).toEqual([
      'services/payments has no Dockerfile',
      'services/payments has no compose service "payments"',
    ]);
    const broken = clone(compose);
    delete (broken.services.gateway!.environment as Record<string, Json>).SUBGRAPH_ORGANISATIONS_URL;
    expect(serviceCoverageProblems(broken)).toEqual([expect.stringContaining('SUBGRAPH_ORGANISATIONS_URL')]);
  });

  it('workspace imports: a package that imports a workspace package it does not declare', () => {
    const all = workspaces();
    const organisations = all.get('@dangvien/organisations');
    expect(organisations).toBeDefined();
    const deps = { ...organisations!.dependencies };
    const imported = Object.keys(deps).find((d) => d.startsWith('@dangvien/'));
    expect(imported).toBeDefined();
    delete deps[imported!];
    all.set('@dangvien/organisations', { ...organisations!, dependencies: deps });
    expect(workspaceImportProblems(['@dangvien/organisations'], all)).toEqual(
      expect.arrayContaining([expect.stringContaining(`imports ${imported!} but`)]),
    );
  });

  it('volumes: an undeclared named volume', () => {
    const broken = clone(compose);
    broken.services.mongo!.volumes = ['mongo-dat:/data/db'];
    expect(volumeProblems(broken)).toEqual([expect.stringContaining('"mongo-dat"')]);
  });
});
