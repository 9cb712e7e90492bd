// A cron expression in words, in the page's language: "every Monday at 03:00 (GMT+9)", "every 15 minutes",
// "on day 1 of the month at 04:30". Unix (5 fields) and Quartz (6–7 fields, seconds first) as the server takes
// them; an expression these words do not cover gives null and the page shows the expression alone. The server's
// cron-utils decides what runs; this only reads it out.

import { formatNumber, lang, t } from '../lib/i18n.js';

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const NUMBER = /^\d{1,2}$/;

/** Day names from Intl: 4–10 Jan 2026 were Sunday to Saturday. */
function dayName(i) {
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 4 + (i % 7)));
}

function monthName(i) {
  return new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, i - 1, 1));
}

function list(items) {
  return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
}

/** A field of names or numbers (a list of single values or ranges) as indexes; null when it is not that. */
function values(field, names, first) {
  const one = (v) => (NUMBER.test(v) ? Number(v) : names.indexOf(v.toUpperCase()) + first);
  const out = [];
  for (const part of field.split(',')) {
    const [a, b] = part.split('-');
    const from = one(a);
    const to = b === undefined ? from : one(b);
    if (Number.isNaN(from) || Number.isNaN(to) || from < first || to < from) return null;
    for (let v = from; v <= to; v += 1) out.push(v);
  }
  return out;
}

function timeOf(minute, hour) {
  const every = /^\*\/(\d+)$/;
  if (minute === '*' && hour === '*') return t('cron.every-minute');
  if (every.test(minute) && hour === '*') return t('cron.every-minutes', { count: Number(minute.match(every)[1]) });
  if (NUMBER.test(minute) && hour === '*') return t('cron.hourly', { minute: formatNumber(Number(minute)) });
  if (NUMBER.test(minute) && every.test(hour)) {
    return t('cron.every-hours', { count: Number(hour.match(every)[1]), minute: Number(minute) });
  }
  const hours = NUMBER.test(minute) ? values(hour, [], 0) : null;
  if (!hours) return null;
  const at = hours.map((h) => `${String(h).padStart(2, '0')}:${minute.padStart(2, '0')}`);
  return t('cron.at', { time: list(at) });
}

function daysOf(dom, month, dow) {
  const any = (f) => f === '*' || f === '?';
  const parts = [];
  if (!any(dow)) {
    const days = values(dow.replace(/\b7\b/g, '0'), DAYS, 0);
    if (!days) return null;
    parts.push(t('cron.weekdays', { days: list(days.map(dayName)) }));
  }
  if (!any(dom)) {
    const days = values(dom, [], 1);
    if (!days) return null;
    parts.push(t('cron.month-days', { days: list(days.map((d) => formatNumber(d))) }));
  }
  if (!any(month)) {
    const months = values(month, MONTHS, 1);
    if (!months) return null;
    parts.push(t('cron.months', { months: list(months.map(monthName)) }));
  }
  return parts.length === 0 ? t('cron.every-day') : parts.join(t('cron.joiner'));
}

/** The zone as its short name in the page's language (JST, GMT+9), or the zone id. */
export function zoneName(zone) {
  try {
    const parts = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date());
    return parts.find((p) => p.type === 'timeZoneName')?.value || zone;
  } catch {
    return zone;
  }
}

/** `cron` in words with its time zone, or null when these words cannot say it. */
export function cronInWords(cron, zone) {
  let fields = String(cron || '').trim().split(/\s+/);
  if (fields.length === 6 || fields.length === 7) {
    if (fields[0] !== '0' || (fields.length === 7 && fields[6] !== '*')) return null; // seconds or years: say nothing
    fields = fields.slice(1, 6);
  }
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = fields;
  const time = timeOf(minute, hour);
  let days = daysOf(dom, month, dow);
  if (time === null || days === null) return null;
  // "every 15 minutes", not "every day every 15 minutes": a time that repeats within the day says enough alone
  const repeats = !NUMBER.test(minute) || !NUMBER.test(hour.split(',')[0].split('-')[0]);
  if (repeats && days === t('cron.every-day')) days = '';
  return t('cron.phrase', { days, time, zone: zone ? zoneName(zone) : '' }).replace(/\s+/g, ' ').trim();
}
