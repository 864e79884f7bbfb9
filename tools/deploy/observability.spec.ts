import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildIntoTemp, expectEvery, spawnApp, type SpawnedApp, writeSampleRelease } from '@anime/testing';

// deploy/observability: the Grafana dashboard and the Prometheus alert rules may only name metrics
// the services really export. The embedded system (`standalone`, every service in one process) is
// started, a few requests make the lazily created series appear (live sources point at a dead port,
// which exercises breakers, limiters and retries), then GET /metrics is scraped and every metric
// named by a dashboard query or an alert expression is looked up in it.

const root = resolve(__dirname, '../..');
const dashboardFile = join(root, 'deploy/observability/anime-mcp-server.dashboard.json');
const rulesFile = join(root, 'deploy/observability/alerts.rules.yml');

const ROWS = ['Query intelligence', 'Source health', 'User experience', 'Catalog / ingest', 'Process'];
const ALERTS = ['AnimeLlmLatencyHigh', 'AnimeSourceSuccessRateLow', 'AnimeCircuitBreakerOpen', 'AnimeRpcErrorRateHigh', 'AnimeMemoryPressure'];

/**
 * Declared but legitimately without samples in this offline run: the LLM ones need a configured
 * provider (LLM_PROVIDER=none here), the others count rare events (limiter refusals and back-offs,
 * stale cache hits, coalesced calls).
 */
const NO_SAMPLES_OFFLINE = new Set([
  'agent_llm_tokens_total',
  'agent_llm_duration_seconds',
  'agent_llm_cost_usd_total',
  'upstream_ratelimit_rejected_total',
  'upstream_ratelimit_blocks_total',
  'upstream_cache_stale_served_total',
  'upstream_coalesced_total',
]);

const PROMQL_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan', 'atan2']);

/** Metric names referenced by a PromQL expression (functions, aggregators, keywords and label names excluded). */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`/g, '""') // string literals (label values, regexes)
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // grouping label lists
    .replace(/\[[^\]]*\]/g, ' ') // range and subquery selectors
    .replace(/\boffset\s+-?\S+/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ') // Grafana variables ($service, $__rate_interval)
    .replace(/(?<![\w:])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w:])/gi, ' '); // numbers
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const token = match[0];
    const rest = stripped.slice((match.index ?? 0) + token.length);
    if (/^\s*\(/.test(rest)) continue; // a function or aggregator
    if (PROMQL_KEYWORDS.has(token.toLowerCase())) continue;
    names.add(token);
  }
  return [...names];
}

interface Exposition {
  /** Names declared with `# TYPE` and their type. */
  readonly declared: Map<string, string>;
  /** Sample names as written (histograms with their _bucket/_sum/_count suffixes). */
  readonly samples: Set<string>;
}

/** Parses the Prometheus text exposition format just enough to know which metrics exist. */
export function parseExposition(text: string): Exposition {
  const declared = new Map<string, string>();
  const samples = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) declared.set(type[1] as string, type[2] as string);
    else if (line && !line.startsWith('#')) samples.add(line.replace(/[{\s].*$/, ''));
  }
  return { declared, samples };
}

/** The base name of a histogram/summary series (`x_bucket` → `x`), or the name itself. */
const baseName = (name: string, exposition: Exposition): string => {
  const base = name.replace(/_(?:bucket|sum|count)$/, '');
  return base !== name && ['histogram', 'summary'].includes(exposition.declared.get(base) ?? '') ? base : name;
};

/** Every metric the expressions name that the scraped output neither declares nor has samples of. */
export function missingMetrics(expressions: readonly string[], scrape: string): string[] {
  const exposition = parseExposition(scrape);
  const missing = new Set<string>();
  for (const name of expressions.flatMap(promqlMetricNames)) {
    if (exposition.samples.has(name) || exposition.declared.has(name) || exposition.declared.has(baseName(name, exposition))) continue;
    missing.add(name);
  }
  return [...missing].sort();
}

/* eslint-disable @typescript-eslint/no-explicit-any -- dashboard JSON and rules YAML are untyped */
type Any = any;

/** Every `expr` in the dashboard (panel targets, nested rows included) plus the variables' metrics. */
function dashboardExpressions(dashboard: Any): string[] {
  const exprs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'expr' && typeof value === 'string') exprs.push(value);
        else walk(value);
      }
    }
  };
  walk(dashboard.panels);
  for (const variable of dashboard.templating?.list ?? []) {
    const metric = /label_values\(\s*([a-zA-Z_:][\w:]*)/.exec(String(variable.definition ?? ''));
    if (metric) exprs.push(metric[1] as string);
  }
  return exprs;
}

const dashboard: Any = JSON.parse(readFileSync(dashboardFile, 'utf8'));
const rules: Any = parseYaml(readFileSync(rulesFile, 'utf8'));
const alertRules: Any[] = (rules.groups as Any[]).flatMap((g) => g.rules as Any[]).filter((r) => r.alert);
const allExpressions = [...dashboardExpressions(dashboard), ...alertRules.map((r) => String(r.expr))];

describe('PromQL metric-name extraction', () => {
  it('keeps metric names, drops functions, aggregators, keywords, labels, strings, variables', () => {
    expect(
      promqlMetricNames(
        'histogram_quantile(0.95, sum by (le, source) (rate(upstream_http_request_duration_seconds_bucket{service=~"$service", x="a b"}[$__rate_interval]))) > 0.9 * 536870912',
      ),
    ).toEqual(['upstream_http_request_duration_seconds_bucket']);
    expect(
      promqlMetricNames('sum(rate(a_total{code!="OK"}[5m])) / on (service) group_left sum without (code) (rate(b_total[5m] offset 1h)) and c == 2 unless bool d'),
    ).toEqual(['a_total', 'b_total', 'c', 'd']);
  });
});

describe('deploy/observability files', () => {
  it('the dashboard is a Grafana 10+ dashboard with the Prometheus datasource as an input and the five rows', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    const rows = (dashboard.panels as Any[]).filter((p) => p.type === 'row');
    expect(rows.map((r) => r.title)).toEqual(ROWS);
    // Every row has panels under it (the next panel after a row is not another row).
    const panels = dashboard.panels as Any[];
    const underRows = panels.flatMap((p, i) => (p.type === 'row' ? [{ row: p.title as string, next: panels[i + 1]?.type as string | undefined }] : []));
    expectEvery(underRows, ({ row, next }) => expect(next, `row "${row}" is empty`).not.toMatch(/^row$|^undefined$/), 'the rows');
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expectEvery(
      panels.filter((x) => x.type !== 'row' && x.type !== 'text'),
      (p) => {
        expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${DS_PROMETHEUS}' });
        expect(p.targets.length, p.title).toBeGreaterThan(0);
        expect(p.gridPos, p.title).toEqual(expect.objectContaining({ w: expect.any(Number), h: expect.any(Number) }));
      },
      'the metric panels',
    );
    // Cost and warnings are real panels on exported metrics (no placeholder text panels left).
    expect(panels.filter((p) => p.type === 'text')).toEqual([]);
    expect(panels.map((p) => p.title)).toEqual(expect.arrayContaining(['LLM cost (USD/h)', 'Answers with warnings']));
  });

  it('the alert rules parse as YAML and hold the five alerts, each with expr, for, severity and summary', () => {
    expect(alertRules.map((r) => r.alert)).toEqual(ALERTS);
    expectEvery(
      alertRules,
      (rule) => {
        expect(typeof rule.expr, rule.alert).toBe('string');
        expect(String(rule.for), rule.alert).toMatch(/^\d+[smh]$/);
        expect(rule.labels?.severity, rule.alert).toMatch(/^(warning|critical)$/);
        expect(typeof rule.annotations?.summary, rule.alert).toBe('string');
      },
      'the alert rules',
    );
    expect(alertRules.find((r) => r.alert === 'AnimeCircuitBreakerOpen').for).toBe('5m');
    expect(alertRules.find((r) => r.alert === 'AnimeSourceSuccessRateLow').expr).toMatch(/\[10m\][\s\S]*< 0\.8/);
  });
});

describe('every metric named by the dashboard and the alerts is exported (embedded system)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'observability-'));
  let app: SpawnedApp;
  let scrape = '';

  beforeAll(async () => {
    const release = join(dir, 'release.json');
    writeSampleRelease(release, '2025-07-21');
    const dead = 'http://127.0.0.1:1';
    app = await spawnApp({
      distDir: buildIntoTemp(),
      app: 'standalone',
      env: { DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: release, ANILIST_BASE_URL: dead, JIKAN_BASE_URL: dead, KITSU_BASE_URL: dead },
      readyPath: '/health/ready',
      timeoutMs: 30_000,
    });
    const post = async (path: string, body: unknown): Promise<number> =>
      (await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
    expect(await post('/api/query', { query: 'Dandadan' })).toBe(200);
    expect(await post('/api/tools/get_anime_details', { ref: 'mal:57334' })).toBe(200);
    expect(await post('/api/query', { query: 'mal:99999999' })).toBe(200); // a NOT_FOUND inside: an error code on an RPC
    const res = await fetch(`${app.url}/metrics`);
    expect(res.status).toBe(200);
    scrape = await res.text();
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the dashboard and the rules reference metrics at all', () => {
    expect(allExpressions.length).toBeGreaterThan(30);
    expect(new Set(allExpressions.flatMap(promqlMetricNames)).size).toBeGreaterThan(15);
  });

  it('no referenced metric is missing from GET /metrics', () => {
    expect(missingMetrics(allExpressions, scrape)).toEqual([]);
  });

  it('each referenced metric has samples, except the few that need an LLM or a rare event', () => {
    const exposition = parseExposition(scrape);
    const withSamples = new Set([...exposition.samples].map((s) => baseName(s, exposition)));
    const empty = [...new Set(allExpressions.flatMap(promqlMetricNames).map((n) => baseName(n, exposition)))].filter((n) => !withSamples.has(n));
    expect(empty.filter((n) => !NO_SAMPLES_OFFLINE.has(n))).toEqual([]);
    // The series carry the default `service` label the dashboard filters on.
    expect(scrape).toMatch(/process_resident_memory_bytes\{service="standalone"\}/);
    // Dead upstreams exercised the resilience metrics the source-health row and alerts use.
    expect(scrape).toMatch(/upstream_breaker_calls_total\{[^}]*outcome="failure"/);
  });

  it('the checker can fail: an invented metric in a copy of an expression is reported missing', () => {
    const real = alertRules.find((r) => r.alert === 'AnimeCircuitBreakerOpen').expr as string;
    const invented = real.replace('upstream_breaker_state', 'upstream_breaker_flapping_state');
    expect(invented).not.toBe(real);
    expect(missingMetrics([real], scrape)).toEqual([]);
    expect(missingMetrics([real, invented], scrape)).toEqual(['upstream_breaker_flapping_state']);
    // A histogram suffix only matches a real histogram.
    expect(missingMetrics(['rate(process_resident_memory_bytes_count[5m])', 'rate(rpc_server_duration_seconds_count[5m])'], scrape)).toEqual([
      'process_resident_memory_bytes_count',
    ]);
  });
});
