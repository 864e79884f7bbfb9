import { readFileSync } from 'node:fs';
import type { RepoFacts } from './repo';

const INSTRUCTIONS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

export interface Instruction {
  keyword: string;
  args: string;
  stage: string;
}

/** Dockerfile → instructions (continuations joined, comments and parser directives dropped), each tagged with its stage. */
export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) && !current) continue;
    if (/^\s*#/.test(line)) continue; // comment lines inside a continuation are skipped too
    const continued = /\\\s*$/.test(line);
    current += `${line.replace(/\\\s*$/, '')}${continued ? ' ' : ''}`;
    if (!continued) {
      if (current.trim()) logical.push(current.trim());
      current = '';
    }
  }
  let stage = '';
  return logical.map((l) => {
    const [keyword = '', ...rest] = l.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') stage = args.match(/\bAS\s+(\S+)/i)?.[1] ?? args;
    return { keyword: keyword.toUpperCase(), args, stage };
  });
}

/** The image recipe every app is built with: multi-stage, small runtime, non-root, health-checked. */
export function dockerfileProblems(file: string, facts: RepoFacts): string[] {
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  const fail = (msg: string): void => {
    problems.push(`deploy/Dockerfile: ${msg}`);
  };
  const first = text.split('\n')[0] ?? '';
  if (text.includes('# syntax=') && !/^# syntax=/.test(first)) fail('the "# syntax=" parser directive must be the first line');
  const ins = parseDockerfile(text);
  for (const i of ins) if (!INSTRUCTIONS.has(i.keyword)) fail(`unknown instruction ${i.keyword}`);
  const stages = ins.filter((i) => i.keyword === 'FROM');
  if (stages.length < 2) fail('must be multi-stage (build and runtime)');
  const runtime = stages.at(-1)?.stage ?? '';
  const inRuntime = ins.filter((i) => i.stage === runtime);
  const build = ins.filter((i) => i.stage !== runtime && i.keyword === 'COPY' && !i.args.startsWith('--from')).map((i) => i.args);
  for (const needed of ['tsconfig.base.json', 'tools', 'apps', 'libs', '.npmrc', 'package-lock.json']) {
    if (!build.some((a) => a.split(/\s+/).slice(0, -1).some((src) => src === needed || src.startsWith(`${needed}/`)))) fail(`a build stage must COPY ${needed}`);
  }
  if (!ins.some((i) => i.stage !== runtime && i.keyword === 'RUN' && i.args.includes('tools/build/build.mjs'))) fail('a build stage must run tools/build/build.mjs');
  if (!ins.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args))) fail('production dependencies must be installed with npm ci --omit=dev');
  const runtimeCopies = inRuntime.filter((i) => i.keyword === 'COPY').map((i) => i.args.replace(/--chown=\S+\s*/, ''));
  for (const c of runtimeCopies) {
    const sources = c.replace(/--from=\S+\s*/, '').split(/\s+/).slice(0, -1);
    if (!sources.every((s) => /(^|\/)(node_modules|dist|package\.json)$/.test(s))) fail(`runtime stage copies ${sources.join(' ')}: only prod node_modules, dist and package.json belong there`);
  }
  const user = inRuntime.filter((i) => i.keyword === 'USER').at(-1)?.args;
  if (!user || /^(root|0)(:|$)/.test(user)) fail('runtime stage must switch to a non-root USER');
  const health = inRuntime.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
  if (!health.includes('/health')) fail('runtime stage needs a HEALTHCHECK on /health');
  for (const app of facts.apps) {
    const mapped = health.match(new RegExp(`'?${app.name}'?:(\\d+)`))?.[1];
    if (Number(mapped) !== app.port) fail(`HEALTHCHECK's default port for ${app.name} is ${mapped}, the app's is ${app.port}`);
  }
  if (!inRuntime.some((i) => i.keyword === 'ARG' && i.args.split('=')[0] === 'APP')) fail('runtime stage needs ARG APP');
  return problems;
}
