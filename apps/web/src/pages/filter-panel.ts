import { h, uid } from '../ui/dom';
import { typeLabel } from '../ui/format';
import { EMPTY_FILTER_VALUES, type FilterValues } from './search-filters';

const TYPES = ['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL'] as const;
const SEASONS = ['WINTER', 'SPRING', 'SUMMER', 'FALL'] as const;

/** The filter form: read and fill its values; `onApply` runs on submit. */
export interface FilterPanel {
  element: HTMLElement;
  read(): FilterValues;
  fill(values: FilterValues): void;
}

const TEXT_FIELDS = ['yearMin', 'yearMax', 'tagsInclude', 'tagsExclude', 'studios', 'episodesMin', 'episodesMax', 'scoreMin', 'scoreMax'] as const;

/**
 * The filter panel of the search page (type, season, year range, tags include/exclude, studios,
 * episodes, score), mapped to `search_anime` filters by {@link toSearchFilters}. Every control
 * has a visible label; checkbox groups are fieldsets with a legend.
 */
export function filterPanel(onApply: () => void, onClear: () => void): FilterPanel {
  const inputs = {} as Record<(typeof TEXT_FIELDS)[number], HTMLInputElement>;
  const field = (key: (typeof TEXT_FIELDS)[number], label: string, attrs: Record<string, string>): HTMLElement => {
    const id = uid(key);
    const input = h('input', { id, name: key, ...attrs });
    inputs[key] = input;
    return h('div', { class: 'field' }, h('label', { for: id }, label), input);
  };
  const checkboxes = (legend: string, name: string, options: readonly string[], label: (o: string) => string): HTMLElement =>
    h(
      'fieldset',
      { class: 'checks' },
      h('legend', null, legend),
      options.map((o) => h('label', null, h('input', { type: 'checkbox', name, value: o }), ' ', label(o))),
    );
  const number = (min: string, max: string, step = '1'): Record<string, string> => ({ type: 'number', inputmode: 'decimal', min, max, step });

  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filters' },
    checkboxes('Type', 'type', TYPES, typeLabel),
    checkboxes('Season', 'season', SEASONS, (s) => s.charAt(0) + s.slice(1).toLowerCase()),
    h('fieldset', { class: 'pair' }, h('legend', null, 'Year'), field('yearMin', 'From', number('1900', '2100')), field('yearMax', 'To', number('1900', '2100'))),
    field('tagsInclude', 'Tags to include', { type: 'text', placeholder: 'e.g. supernatural, comedy', autocomplete: 'off' }),
    field('tagsExclude', 'Tags to exclude', { type: 'text', placeholder: 'e.g. isekai', autocomplete: 'off' }),
    field('studios', 'Studios (any of)', { type: 'text', placeholder: 'e.g. bones, kyoto animation', autocomplete: 'off' }),
    h('fieldset', { class: 'pair' }, h('legend', null, 'Episodes'), field('episodesMin', 'Min', number('0', '10000')), field('episodesMax', 'Max', number('0', '10000'))),
    h('fieldset', { class: 'pair' }, h('legend', null, 'Score (1–10)'), field('scoreMin', 'Min', number('0', '10', '0.1')), field('scoreMax', 'Max', number('0', '10', '0.1'))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Apply filters'), h('button', { type: 'button', onclick: () => (fill(EMPTY_FILTER_VALUES), onClear()) }, 'Clear')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply();
  });

  const checked = (name: string): string[] => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
  const read = (): FilterValues => {
    const values: FilterValues = { ...EMPTY_FILTER_VALUES, types: checked('type'), seasons: checked('season') };
    for (const key of TEXT_FIELDS) values[key] = inputs[key].value.trim();
    return values;
  };
  const fill = (values: FilterValues): void => {
    for (const box of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
      box.checked = (box.name === 'type' ? values.types : values.seasons).includes(box.value);
    }
    for (const key of TEXT_FIELDS) inputs[key].value = values[key];
  };
  return { element: h('details', { class: 'filter-panel', open: true }, h('summary', null, 'Filters'), form), read, fill };
}
