// The message catalogue of the web pages: every UI string comes from web/i18n/LANG/NAMESPACE.json (common.json
// for what many pages share, one namespace per page named after it: flows.json for flows.html), in English and
// Japanese. A small loader rather than i18next (docs/i18n.md says why): two JSON files per page, {{name}}
// placeholders, plurals through Intl.PluralRules; dates, numbers and relative times through Intl.
//
// The module waits for its catalogues before any module that imports it runs, so `t()` answers at once.
import { request, staticJson, translateErrors } from './http.js';

export const LANGUAGES = ['en', 'ja'];
const STORED = 'tejun.lang';

/** The page's own namespace: its file name (index for /), shared by its scripts. */
export const PAGE = (location.pathname.split('/').pop() || 'index.html').replace(/\.html$/, '');

function fromBrowser() {
  for (const tag of navigator.languages || [navigator.language]) {
    const l = LANGUAGES.find((x) => tag.toLowerCase() === x || tag.toLowerCase().startsWith(`${x}-`));
    if (l) return l;
  }
  return LANGUAGES[0];
}

/** The user's settings: their choice on the server, else Accept-Language (the server answers that too). */
async function settings() {
  if (PAGE === 'login') {
    const stored = localStorage.getItem(STORED);
    return { language: LANGUAGES.includes(stored) ? stored : fromBrowser(), timeZone: null };
  }
  try {
    return await request('GET', '/api/me/settings');
  } catch {
    return { language: fromBrowser(), timeZone: null };
  }
}

/**
 * Where the catalogues are: the i18n folder beside this module's, so under the versioned name the page gave the
 * modules (/v/ID/i18n/), which the browser keeps without asking again as it keeps them.
 */
const CATALOGUES = new URL('../i18n/', import.meta.url).pathname;

async function load(lang, ns) {
  return (await staticJson(`${CATALOGUES}${lang}/${ns}.json`)) || {};
}

const chosen = await settings();
/** The language of this page: 'en' or 'ja'. */
export const lang = LANGUAGES.includes(chosen.language) ? chosen.language : LANGUAGES[0];
/** The time zone times are shown in: the user's setting, else the browser's. */
export const timeZone = chosen.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
const [common, own] = await Promise.all([load(lang, 'common'), PAGE === 'common' ? {} : load(lang, PAGE)]);
localStorage.setItem(STORED, lang); // the sign-in page, which cannot ask the server, speaks it next time

function lookup(key) {
  if (key.includes(':')) {
    const [ns, k] = key.split(':', 2);
    return ns === 'common' ? common[k] : own[k];
  }
  return own[key] ?? common[key];
}

/**
 * The text of `key` with `{{name}}` filled from `vars`; with `vars.count` the plural form `key_one`/`key_other`
 * (and the count formatted for the language). A missing key shows as itself: CatalogueTest keeps that from shipping.
 */
export function t(key, vars = {}) {
  let text;
  if (typeof vars.count === 'number') {
    text = lookup(`${key}_${new Intl.PluralRules(lang).select(vars.count)}`) ?? lookup(`${key}_other`);
  }
  text = text ?? lookup(key) ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (m, name) => {
    const v = vars[name];
    if (v === undefined || v === null) return '';
    return typeof v === 'number' ? formatNumber(v) : String(v);
  });
}

/** A run's or cell's status (OK, FAILED, timed_out …) in the page's language; an unknown one as it is. */
export function statusText(status) {
  const key = String(status || '').toLowerCase();
  return common[`status.${key}`] ?? String(status || '');
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

const dateTimeFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', timeZone });
const relativeFormat = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
const STEPS = [['second', 60], ['minute', 60], ['hour', 24], ['day', 30], ['month', 12], ['year', Infinity]];

/** A time as the user reads it: in their zone, their language, to the second (never raw UTC with nanoseconds). */
export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateTimeFormat.format(d);
}

/** "3 min ago" / "3 分前", or "in 2 hours" for a time to come. */
export function relativeTime(iso, now = Date.now()) {
  if (!iso) return '';
  let amount = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return relativeFormat.format(Math.round(amount), unit);
    amount /= size;
  }
  return '';
}

/** An element's content for a time: the local time, its relative form beside it, the ISO time as tooltip. */
export function timeElement(iso) {
  const node = document.createElement('time');
  if (!iso) return node;
  node.dateTime = iso;
  node.title = formatTime(iso);
  node.textContent = `${formatTime(iso)} (${relativeTime(iso)})`;
  return node;
}

/** 1.2 s, 3 min 4 s, 2 h 5 min: a duration in milliseconds, in the page's language. */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  const s = ms / 1000;
  if (s < 60) return t('common:duration.seconds', { n: Math.round(s * 10) / 10 });
  const m = Math.floor(s / 60);
  if (m < 60) return t('common:duration.minutes', { m, s: Math.round(s % 60) });
  return t('common:duration.hours', { h: Math.floor(m / 60), m: m % 60 });
}

/**
 * Puts the catalogue's text into the page's static HTML: `data-i18n="key"` sets the text,
 * `data-i18n-attr="placeholder:key title:key"` sets attributes. Pages call it again for HTML they add.
 */
export function translate(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(/\s+/).filter(Boolean)) {
      const [attr, key] = pair.split(':');
      node.setAttribute(attr, t(key));
    }
  }
}

/** Stores the language for this user (or, signed out, this browser) and shows the page in it. */
export async function setLanguage(next) {
  localStorage.setItem(STORED, next);
  if (PAGE !== 'login') await request('PUT', '/api/me/settings', { language: next, timeZone: chosen.timeZone });
  location.reload();
}

document.documentElement.lang = lang;
translate();

/**
 * A refusal's text from its codes (`{code, args}` each, server ErrorCodes), from the catalogue keys `error.CODE` in
 * common.json; an arg that is a refusal itself (a window's reason), or a list of them, is translated first. Null when
 * a code has no key, so the server's English shows instead.
 */
export function errorText(codes) {
  if (!Array.isArray(codes) || codes.length === 0) return null;
  const one = (coded) => {
    const key = `error.${coded && coded.code}`;
    if (common[key] === undefined) return null;
    const vars = {};
    for (const [k, v] of Object.entries(coded.args || {})) {
      // an arg may be a refusal itself, or a list of them (an ssh cell's hosts), joined as the language joins lists
      const items = Array.isArray(v) ? v.map(one) : null;
      if (items) vars[k] = items.includes(null) ? null : items.join(common['error.list-join'] ?? ', ');
      else vars[k] = v && typeof v === 'object' ? one(v) : v;
      if (vars[k] === null) return null;
    }
    return t(`common:${key}`, vars);
  };
  const parts = codes.map(one);
  return parts.includes(null) ? null : parts.join(common['error.join'] ?? '; ');
}
translateErrors(errorText);
