import { adminKey, adminRequest, jobFraction, UPDATE_ROUTES } from '../api/admin';
import { ApiError, callTool, requestJson } from '../api/http';
import type { JobsResponse, QuarantineResponse, StatsResponse, SystemHealth, UpdateJob, UpdateKind, VersionsResponse } from '../api/types';
import type { PageContext } from '../router';
import { h, replace, uid, type Child } from '../ui/dom';
import { errorMessage, loading } from '../ui/feedback';
import { formatAge } from '../ui/format';

const POLL_MS = 400;
const CATALOG_WAIT_MS = 120_000;
const isActive = (job: UpdateJob): boolean => job.state === 'queued' || job.state === 'running';

/**
 * Admin: asks for the API key (kept for this tab only), then shows the dataset version and
 * lastUpdate, starts updates and rollbacks, follows the running job with a live progress bar, and
 * lists quarantined entries and the health of every service and live source.
 */
export function renderAdminPage(ctx: PageContext): void {
  const { outlet, signal } = ctx;
  const heading = h('h1', { tabindex: '-1' }, 'Admin');
  const keyId = uid('key');
  const keyInput = h('input', { id: keyId, type: 'password', autocomplete: 'off', required: true, minlength: 16, spellcheck: 'false' });
  const keyForm = h(
    'form',
    { class: 'key-form', 'aria-label': 'Admin API key' },
    h('label', { for: keyId }, 'Admin API key'),
    h('div', { class: 'row' }, keyInput, h('button', { type: 'submit', class: 'primary' }, 'Unlock')),
    h('p', { class: 'muted' }, 'Kept in this tab only (session storage); closing the tab forgets it. Keys come from ADMIN_API_KEYS on the server.'),
  );
  const body = h('div', { class: 'admin-body' });
  replace(outlet, heading, body);
  keyForm.addEventListener('submit', (e) => {
    e.preventDefault();
    adminKey.set(keyInput.value.trim());
    void unlock();
  });

  const unlock = async (): Promise<void> => {
    if (!adminKey.get()) return replace(body, keyForm);
    replace(body, loading('admin data'));
    try {
      await adminRequest<VersionsResponse>('versions', { signal });
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) adminKey.clear();
      return replace(body, errorMessage(error, 'Admin'), keyForm);
    }
    if (!signal.aborted) renderConsole(body, signal, () => (adminKey.clear(), void unlock()));
  };
  void unlock();
}

function renderConsole(body: HTMLElement, signal: AbortSignal, lock: () => void): void {
  const dataset = h('section', { class: 'panel', 'aria-labelledby': 'ds-h' });
  const update = h('section', { class: 'panel', 'aria-labelledby': 'up-h' });
  const jobs = h('section', { class: 'panel', 'aria-labelledby': 'jobs-h' });
  const quarantine = h('section', { class: 'panel', 'aria-labelledby': 'q-h' });
  const health = h('section', { class: 'panel', 'aria-labelledby': 'health-h' });
  replace(body, h('p', null, h('button', { type: 'button', onclick: lock }, 'Forget key')), dataset, update, jobs, quarantine, health);

  const progress = h('div', { class: 'job-progress', 'aria-live': 'polite' });
  let polling: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(polling));

  const refresh = (): void => {
    void loadDataset(dataset, signal, () => refresh());
    void loadJobs(jobs, signal);
    void loadQuarantine(quarantine, signal);
  };

  // The catalog loads a new version after ingest publishes it (seconds for a big release):
  // say so, and show the dataset once the catalog serves the new version.
  const awaitCatalog = (version: string, since: number): void => {
    refresh();
    const note = h('p', { class: 'muted', role: 'status' }, `The catalog is loading version ${version}…`);
    progress.append(note);
    const check = async (): Promise<void> => {
      const stats = await callTool<StatsResponse>('anime_catalog_stats', {}, signal).catch(() => undefined);
      if (signal.aborted) return;
      if (stats?.dataset.version === version) {
        note.textContent = `The catalog now serves version ${version}.`;
        refresh();
      } else if (Date.now() - since < CATALOG_WAIT_MS) polling = setTimeout(() => void check(), 1000);
      else note.textContent = `The catalog has not switched to ${version} yet; reload this page later.`;
    };
    polling = setTimeout(() => void check(), 500);
  };

  const follow = (jobId: string): void => {
    clearTimeout(polling);
    const poll = async (): Promise<void> => {
      try {
        const { job } = await adminRequest<{ job: UpdateJob }>(`jobs/${encodeURIComponent(jobId)}`, { signal });
        replace(progress, jobProgress(job));
        if (isActive(job)) polling = setTimeout(() => void poll(), POLL_MS);
        else if (job.outcome === 'activated' && job.version) awaitCatalog(job.version, Date.now());
        else refresh();
      } catch (error) {
        if (!signal.aborted) replace(progress, errorMessage(error, 'Job progress'));
      }
    };
    void poll();
  };

  replace(update, h('h2', { id: 'up-h' }, 'Update the dataset'), updateForm(signal, follow, progress), progress);
  replace(health, h('h2', { id: 'health-h' }, 'Services and live sources'), loading('health'));
  void loadHealth(health, signal);
  refresh();
  // A job already running (started elsewhere, or before a reload): show its progress at once.
  adminRequest<JobsResponse>('jobs?limit=1', { signal }).then(
    ({ jobs: [latest] }) => latest && isActive(latest) && follow(latest.id),
    () => undefined,
  );
}

function updateForm(signal: AbortSignal, follow: (jobId: string) => void, progress: HTMLElement): HTMLElement {
  const ids = { kind: uid('kind'), source: uid('source'), force: uid('force') };
  const kind = h(
    'select',
    { id: ids.kind },
    h('option', { value: 'smart' }, 'Smart (only if a newer release passes the safety checks)'),
    h('option', { value: 'incremental' }, 'Incremental (re-index changed entries)'),
    h('option', { value: 'full' }, 'Full rebuild'),
    h('option', { value: 'safety-check' }, 'Safety check only (never switches)'),
  );
  const source = h('input', { id: ids.source, type: 'text', placeholder: 'default: ANIME_DB_SOURCE', autocomplete: 'off', spellcheck: 'false' });
  const force = h('input', { id: ids.force, type: 'checkbox' });
  const form = h(
    'form',
    { class: 'update-form', 'aria-label': 'Start an update' },
    h('div', { class: 'field' }, h('label', { for: ids.kind }, 'Kind'), kind),
    h('div', { class: 'field' }, h('label', { for: ids.source }, 'Release (URL or server path, optional)'), source),
    h('div', { class: 'field inline' }, force, h('label', { for: ids.force }, 'Switch even if a safety check fails')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Start update')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body: Record<string, unknown> = { force: force.checked };
    if (source.value.trim()) body['source'] = source.value.trim();
    try {
      const { job } = await adminRequest<{ job: UpdateJob }>(UPDATE_ROUTES[kind.value as UpdateKind], { method: 'POST', body: JSON.stringify(body), signal });
      follow(job.id);
    } catch (error) {
      if (!signal.aborted) replace(progress, errorMessage(error, 'Update not started'));
    }
  });
  return form;
}

/** The live progress of one job: a real progressbar (value, or indeterminate while the size is unknown). */
function jobProgress(job: UpdateJob): HTMLElement {
  const finished = !isActive(job);
  const fraction = jobFraction(job.progress, job.state === 'succeeded');
  const percent = fraction === undefined ? undefined : Math.round(fraction * 100);
  const counts = job.progress.total ? `${job.progress.processed.toLocaleString()} / ${job.progress.total.toLocaleString()} entries` : `${job.progress.processed.toLocaleString()} entries`;
  return h(
    'div',
    { class: `job job-${job.state}`, 'data-job': job.id, 'data-state': job.state },
    h('p', null, h('strong', null, `${job.kind} update ${job.state}`), ` · phase ${job.progress.phase} · ${counts}`),
    h(
      'div',
      { class: 'progressbar', role: 'progressbar', 'aria-label': 'Update progress', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent, 'aria-valuetext': percent === undefined ? `${job.progress.phase}, ${counts}` : `${percent}%, ${job.progress.phase}` },
      bar(percent),
    ),
    finished
      ? h(
          'p',
          { class: job.state === 'succeeded' ? 'ok' : 'alert error', role: job.state === 'succeeded' ? null : 'alert' },
          job.state === 'succeeded' ? `Done: ${job.outcome ?? 'finished'}${job.version ? `, version ${job.version}` : ''}.` : `Failed: ${job.error?.message ?? job.state}`,
          job.counts ? ` Entries ${job.counts.entries}, added ${job.counts.added}, changed ${job.counts.changed}, removed ${job.counts.removed}, quarantined ${job.counts.quarantined}.` : '',
        )
      : null,
    job.safety?.length ? h('ul', { class: 'safety' }, job.safety.map((s) => h('li', null, s.ok ? '✓ ' : '✗ ', `${s.name}: ${s.detail}`))) : null,
  );
}

/** The filled part of the bar; its width set through the CSSOM (the CSP blocks style attributes). */
function bar(percent: number | undefined): HTMLElement {
  const el = h('span', { class: `bar${percent === undefined ? ' indeterminate' : ''}` });
  el.style.width = `${percent ?? 100}%`;
  return el;
}

async function loadDataset(target: HTMLElement, signal: AbortSignal, changed: () => void): Promise<void> {
  const title = h('h2', { id: 'ds-h' }, 'Dataset');
  try {
    const [stats, { versions }] = await Promise.all([
      callTool<StatsResponse>('anime_catalog_stats', {}, signal).catch((error: unknown) => error as Error),
      adminRequest<VersionsResponse>('versions', { signal }),
    ]);
    const rollback = async (version?: string): Promise<void> => {
      try {
        await adminRequest('rollback', { method: 'POST', body: JSON.stringify(version ? { version } : {}), signal });
        changed();
      } catch (error) {
        target.append(errorMessage(error, 'Rollback'));
      }
    };
    replace(
      target,
      title,
      stats instanceof Error
        ? errorMessage(stats, 'Catalog')
        : h('dl', { class: 'fields' }, [
            [h('dt', null, 'Version'), h('dd', { 'data-field': 'version' }, stats.dataset.version)],
            [h('dt', null, 'lastUpdate'), h('dd', { 'data-field': 'lastUpdate' }, stats.dataset.lastUpdate)],
            [h('dt', null, 'Entries'), h('dd', null, stats.total.toLocaleString())],
            [h('dt', null, 'Quarantined'), h('dd', null, String(stats.quarantined))],
            [h('dt', null, 'Loaded'), h('dd', null, `${formatAge(stats.dataset.loadedAt, Date.now())} from ${stats.dataset.source}`)],
          ]),
      versions.length
        ? table(
            'Stored versions',
            ['Version', 'Release', 'Entries', 'Created', ''],
            versions.map((v) => [
              v.version,
              v.lastUpdate,
              String(v.counts.entries),
              formatAge(v.createdAt, Date.now()),
              v.current ? h('strong', null, 'current') : h('button', { type: 'button', onclick: () => void rollback(v.version) }, `Roll back to ${v.lastUpdate}`),
            ]),
          )
        : h('p', { class: 'muted' }, 'No dataset version stored yet: start an update below.'),
      versions.length > 1 ? h('button', { type: 'button', onclick: () => void rollback() }, 'Roll back to the previous version') : null,
    );
  } catch (error) {
    if (!signal.aborted) replace(target, title, errorMessage(error, 'Dataset'));
  }
}

async function loadJobs(target: HTMLElement, signal: AbortSignal): Promise<void> {
  const title = h('h2', { id: 'jobs-h' }, 'Recent jobs');
  try {
    const { jobs } = await adminRequest<JobsResponse>('jobs?limit=10', { signal });
    replace(
      target,
      title,
      jobs.length
        ? table('Recent update jobs', ['Started', 'Kind', 'State', 'Outcome', 'Entries', 'Source'], jobs.map((j) => [formatAge(j.createdAt, Date.now()), j.kind, j.state, j.outcome ?? j.error?.message ?? '—', String(j.counts?.entries ?? j.progress.processed), j.source]))
        : h('p', { class: 'muted' }, 'No jobs yet.'),
    );
  } catch (error) {
    if (!signal.aborted) replace(target, title, errorMessage(error, 'Jobs'));
  }
}

async function loadQuarantine(target: HTMLElement, signal: AbortSignal): Promise<void> {
  const title = h('h2', { id: 'q-h' }, 'Quarantined entries');
  try {
    const q = await adminRequest<QuarantineResponse>('quarantine?limit=100', { signal });
    replace(
      target,
      title,
      q.total === 0
        ? h('p', { class: 'muted' }, `None${q.version ? ` in version ${q.version}` : ''}: every entry passed validation.`)
        : [h('p', null, `${q.total} entr${q.total === 1 ? 'y' : 'ies'} of version ${q.version ?? '?'} failed validation (kept out of the catalog):`), table('Quarantined entries', ['#', 'Title', 'Reason'], q.entries.map((e) => [String(e.index), e.title ?? '—', e.reason]))],
    );
  } catch (error) {
    if (!signal.aborted) replace(target, title, errorMessage(error, 'Quarantine'));
  }
}

/** Every service from `/health`; connectors' checks carry the breaker state and the last error. */
async function loadHealth(target: HTMLElement, signal: AbortSignal): Promise<void> {
  const title = h('h2', { id: 'health-h' }, 'Services and live sources');
  try {
    const health = await requestJson<SystemHealth>('/health', { signal });
    replace(
      target,
      title,
      h('p', null, `${health.mode} mode · ${health.status} · checked ${new Date(health.checkedAt).toLocaleTimeString()}`),
      table(
        'Service health',
        ['Service', 'Status', 'Latency', 'Checks'],
        health.services.map((s) => [
          s.name,
          h('span', { class: `badge status-${s.status}` }, s.status),
          `${s.latencyMs} ms`,
          s.error ? `${s.error.code}: ${s.error.message}` : h('ul', { class: 'checks-list' }, (s.checks ?? []).filter((c) => c.name !== 'traffic').map((c) => h('li', null, h('span', { class: `badge status-${c.status}` }, c.name), ' ', c.detail ?? c.status))),
        ]),
      ),
      h('h3', null, 'Live sources'),
      table('Live source traffic since each connector started', ['Source', 'Breaker / last error', 'Requests', 'Success', 'Limiter waits', 'Stale served', 'Failed fast'], sourceRows(health)),
    );
  } catch (error) {
    if (!signal.aborted) replace(target, title, errorMessage(error, 'Health'));
  }
}

/** One row per live source from the connectors' `traffic` checks, with its service's breaker check beside it. */
function sourceRows(health: SystemHealth): Child[][] {
  const rows: Child[][] = [];
  for (const service of health.services) {
    const stats = service.checks?.find((c) => c.name === 'traffic')?.stats ?? {};
    const upstream = service.checks?.find((c) => c.name === 'upstream');
    const sources = [...new Set(Object.keys(stats).map((key) => key.slice(0, key.lastIndexOf('.'))))];
    for (const source of sources) {
      const stat = (name: string) => stats[`${source}.${name}`];
      const rate = stat('successRate');
      rows.push([
        source,
        upstream ? h('span', null, h('span', { class: `badge status-${upstream.status}` }, upstream.status), ' ', upstream.detail ?? '') : '—',
        String(stat('requests') ?? 0),
        rate === undefined ? '—' : `${Math.round(rate * 100)} %`,
        `${stat('limiterWaits') ?? 0} (${stat('limiterWaitSeconds') ?? 0} s)`,
        String(stat('staleServed') ?? 0),
        String(stat('breakerRejections') ?? 0),
      ]);
    }
  }
  return rows.length ? rows : [[h('span', { class: 'muted' }, 'No connector reported traffic (are the connectors running?)'), '', '', '', '', '', '']];
}

function table(caption: string, headings: string[], rows: Child[][]): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, headings.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map((r) => h('tr', null, r.map((cell) => h('td', null, cell))))),
    ),
  );
}
