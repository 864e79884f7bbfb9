import { callTool } from '../api/http';
import type { ScheduleItem, ScheduleResponse } from '../api/types';
import type { PageContext } from '../router';
import { openToolPage } from './tool-gate';
import { h, replace, uid } from '../ui/dom';
import { errorMessage, warningList } from '../ui/feedback';
import { formatCountdown, labelOf, SOURCE_LABELS } from '../ui/format';
import { addDays, isValidZone, mondayOf, todayIn, zonedMidnight } from '../ui/timezone';
import { externalLink } from './provenance';

const AIR_TYPES = [
  ['sub', 'Subtitled'],
  ['dub', 'Dubbed'],
  ['raw', 'Raw (Japanese broadcast)'],
] as const;
const COMMON_ZONES = ['UTC', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Australia/Sydney'];

/**
 * The week's episodes in the viewer's time zone (switchable), sub/dub/raw, filtered by platform,
 * with a live countdown to the next episode. Reads `anime_schedule`; says so when this server
 * does not have it.
 */
export async function renderSchedulePage(ctx: PageContext): Promise<void> {
  const { outlet, signal, query } = ctx;
  const heading = h('h1', { tabindex: '-1' }, 'Schedule');
  if (!(await openToolPage(ctx, heading, 'anime_schedule', 'schedule', 'The schedule is not available on this server (no anime_schedule tool).'))) return;

  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const zoneParam = query.get('tz') ?? '';
  const zone0 = isValidZone(zoneParam) ? zoneParam : browserZone;
  const ids = { week: uid('week'), zone: uid('zone'), zones: uid('zones'), platform: uid('platform') };
  const weekInput = h('input', { id: ids.week, type: 'date', required: true, value: mondayOf(query.get('week') ?? todayIn(zone0, Date.now())) });
  const zoneInput = h('input', { id: ids.zone, type: 'text', list: ids.zones, required: true, value: zone0, autocomplete: 'off', spellcheck: 'false' });
  const air0 = AIR_TYPES.some(([a]) => a === query.get('air')) ? (query.get('air') as string) : 'sub';
  const platformSelect = h('select', { id: ids.platform }, h('option', { value: '' }, 'All platforms'));
  const countdown = h('p', { class: 'countdown', role: 'timer', 'aria-live': 'off' });
  const status = h('p', { role: 'status', class: 'result-status' });
  const week = h('div', { class: 'week', 'aria-busy': 'false' });
  const form = h(
    'form',
    { class: 'schedule-controls', 'aria-label': 'Schedule options' },
    h('div', { class: 'field' }, h('label', { for: ids.week }, 'Week of'), weekInput),
    h('div', { class: 'field' }, h('label', { for: ids.zone }, 'Time zone'), zoneInput, h('datalist', { id: ids.zones }, [...new Set([browserZone, ...COMMON_ZONES])].map((z) => h('option', { value: z })))),
    h('fieldset', { class: 'checks' }, h('legend', null, 'Version'), AIR_TYPES.map(([value, label]) => h('label', null, h('input', { type: 'radio', name: 'air', value, checked: value === air0 }), ' ', label))),
    h('div', { class: 'field' }, h('label', { for: ids.platform }, 'Platform'), platformSelect),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show week')),
  );
  replace(outlet, heading, form, countdown, status, week);

  let data: ScheduleResponse | undefined;
  let clockSkew = 0; // server clock − browser clock, so the countdown agrees with the server's "now"
  const timer = setInterval(() => tick(), 1000);
  signal.addEventListener('abort', () => clearInterval(timer));

  const tick = (): void => {
    if (!data) return;
    const now = Date.now() + clockSkew;
    const next = data.items.filter((i) => Date.parse(i.airingAt) > now).sort((a, b) => Date.parse(a.airingAt) - Date.parse(b.airingAt))[0];
    replace(countdown, next ? [h('strong', null, 'Next episode: '), `${next.title}${next.episode ? ` episode ${next.episode}` : ''} in `, h('span', { class: 'clock' }, formatCountdown(Date.parse(next.airingAt), now))] : 'No more episodes this week.');
  };

  const load = async (): Promise<void> => {
    const zone = zoneInput.value.trim();
    if (!isValidZone(zone)) {
      replace(status, errorMessage(new Error(`“${zone}” is not a time zone this browser knows; try e.g. Europe/Berlin`), 'Time zone'));
      return;
    }
    const monday = mondayOf(weekInput.value || todayIn(zone, Date.now()));
    weekInput.value = monday;
    const airType = (form.querySelector<HTMLInputElement>('input[name="air"]:checked')?.value ?? 'sub') as ScheduleItem['airType'];
    history.replaceState(null, '', `#/schedule?week=${monday}&tz=${encodeURIComponent(zone)}&air=${airType}`);
    const from = zonedMidnight(monday, zone);
    // The last second of Sunday: the window is the local week, not a minute of the next one.
    const to = Math.min(zonedMidnight(addDays(monday, 7), zone), from + 7 * 86_400_000) - 1000;
    week.setAttribute('aria-busy', 'true');
    replace(status, 'Loading the week…');
    try {
      const res = await callTool<ScheduleResponse>('anime_schedule', { from: new Date(from).toISOString(), to: new Date(to).toISOString(), timezone: zone, air_type: airType }, signal);
      data = res;
      clockSkew = Date.parse(res.now) - Date.now();
      showPlatforms(res.items);
      show();
      tick();
    } catch (error) {
      if (!signal.aborted) {
        replace(status, errorMessage(error, 'Schedule'));
        replace(week);
      }
    } finally {
      week.setAttribute('aria-busy', 'false');
    }
  };

  const showPlatforms = (items: readonly ScheduleItem[]): void => {
    const current = platformSelect.value;
    const platforms = [...new Set(items.flatMap((i) => i.platforms))].sort();
    replace(platformSelect, h('option', { value: '' }, 'All platforms'), platforms.map((p) => h('option', { value: p, selected: p === current }, p)));
  };

  const show = (): void => {
    if (!data) return;
    const platform = platformSelect.value;
    const items = platform ? data.items.filter((i) => i.platforms.includes(platform)) : data.items;
    replace(status, `${items.length} episode${items.length === 1 ? '' : 's'} · times in ${data.timezone}`, warningList(data.warnings), sourceLine(data));
    const monday = weekInput.value;
    replace(
      week,
      Array.from({ length: 7 }, (_, d) => addDays(monday, d)).map((date) => {
        const today = items.filter((i) => i.local.date === date).sort((a, b) => a.airingAt.localeCompare(b.airingAt));
        const id = `day-${date}`;
        const weekday = new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
        return h(
          'section',
          { class: 'day', 'aria-labelledby': id, 'data-date': date },
          h('h2', { id }, `${weekday} `, h('span', { class: 'muted' }, date)),
          today.length ? h('ol', { class: 'episodes' }, today.map(episodeRow)) : h('p', { class: 'muted' }, 'Nothing airs.'),
        );
      }),
    );
  };

  form.addEventListener('submit', (e) => (e.preventDefault(), void load()));
  platformSelect.addEventListener('change', show);
  await load();
}

function episodeRow(item: ScheduleItem): HTMLElement {
  const title = item.animeId ? h('a', { href: `#/anime/${encodeURIComponent(item.animeId)}` }, item.title) : h('span', null, item.title);
  return h(
    'li',
    { class: `episode${item.nextEpisode ? ' next' : ''}` },
    h('time', { datetime: item.airingAt, class: 'time' }, item.local.time),
    h(
      'div',
      null,
      h('span', { class: 'ep-title' }, title, item.episode ? ` · episode ${item.episode}` : ''),
      h('span', { class: 'muted' }, ` ${item.airType}`, item.delayed ? h('span', { class: 'stale-mark' }, ` · delayed${item.delayed.text ? `: ${item.delayed.text}` : ''}`) : ''),
      item.streams.length ? h('ul', { class: 'streams', 'aria-label': 'Watch on' }, item.streams.map((s) => h('li', null, externalLink(s.url, s.platform)))) : null,
      h('span', { class: 'ep-sources muted' }, 'from ', item.sources.map((s) => labelOf(SOURCE_LABELS, s.name)).join(', ')),
    ),
  );
}

function sourceLine(data: ScheduleResponse): HTMLElement {
  return h('ul', { class: 'source-status', 'aria-label': 'Schedule sources' }, data.sources.map((s) => h('li', { class: `badge status-${s.status}` }, `${labelOf(SOURCE_LABELS, s.name)}: ${s.status}`, s.reason ? ` — ${s.reason}` : '')));
}
