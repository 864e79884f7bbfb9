import './styles.css';
import { h } from './ui/dom';
import { startRouter, type Route } from './router';
import { renderSearchPage } from './pages/search.page';
import { renderAnimePage } from './pages/anime.page';
import { renderImagePage } from './pages/image.page';
import { renderSchedulePage } from './pages/schedule.page';
import { renderAdminPage } from './pages/admin.page';

const routes: Route[] = [
  { pattern: /^\/search$/, title: 'Search', render: renderSearchPage },
  { pattern: /^\/anime\/(.+)$/, title: 'Anime', render: renderAnimePage },
  { pattern: /^\/image$/, title: 'Image search', render: renderImagePage },
  { pattern: /^\/schedule$/, title: 'Schedule', render: renderSchedulePage },
  { pattern: /^\/admin$/, title: 'Admin', render: renderAdminPage },
];
const NAV: Array<[href: string, label: string, route: Route | undefined]> = [
  ['#/search', 'Search', routes[0]],
  ['#/image', 'Image search', routes[2]],
  ['#/schedule', 'Schedule', routes[3]],
  ['#/admin', 'Admin', routes[4]],
];

const main = h('main', { id: 'main', tabindex: '-1' });
const links = NAV.map(([href, label]) => h('a', { href }, label));
document.body.replaceChildren(
  h('a', { class: 'skip-link', href: '#main', onclick: (e) => (e.preventDefault(), main.focus()) }, 'Skip to content'),
  h('header', { class: 'site-header' }, h('a', { class: 'brand', href: '#/search' }, 'Anime console'), h('nav', { 'aria-label': 'Main' }, links)),
  main,
  h('footer', { class: 'site-footer' }, 'Data: anime-offline-database and live sources · ', h('a', { href: '/docs' }, 'API docs')),
);

startRouter(routes, main, (route) => {
  document.title = `${route?.title ?? 'Search'} · Anime console`;
  NAV.forEach(([, , r], i) => (r === route ? links[i]?.setAttribute('aria-current', 'page') : links[i]?.removeAttribute('aria-current')));
});
