// The notebook's first reads, started as soon as the page's head is read: a classic script, so it does not wait, as
// the modules do, for some thirty files to be fetched or revalidated (six at a time) before it runs. It asks for the
// runbook, the user's settings and the page's two message catalogues, and opens the session's socket; http.js and
// lib/live-socket.js take each answer and the socket instead of asking again (bench/ui: the 500-cell notebook).
(function early() {
  const name = new URLSearchParams(window.location.search).get('runbook');
  const started = new Map();
  window.tejunEarly = started;
  const api = { Accept: 'application/json', 'X-Tejun-Client': 'web' };
  const get = (path, headers) => fetch(path, { credentials: 'same-origin', headers, priority: 'high' });
  // the catalogues under this script's versioned name (/v/ID/i18n/), as lib/i18n.js asks for them
  const catalogues = new URL('../i18n/', document.currentScript.src).pathname;
  if (name) {
    const path = `/api/runbooks/${name.split('/').map(encodeURIComponent).join('/')}`;
    started.set(path, get(path, api));
    // the session's socket too (the server opens the session meanwhile); what it hears before lib/live-socket.js
    // takes it over is kept and handed over in order
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/session?runbook=${encodeURIComponent(name)}`;
    const ws = new WebSocket(url);
    const heard = [];
    const hear = (e) => heard.push(e);
    for (const type of ['open', 'message', 'close']) ws.addEventListener(type, hear);
    started.set(url, {
      ws,
      handOver() {
        for (const type of ['open', 'message', 'close']) ws.removeEventListener(type, hear);
        for (const e of heard) ws[`on${e.type}`]?.(e);
      },
    });
  }
  const settings = get('/api/me/settings', api);
  started.set('/api/me/settings', settings);
  // the language lib/i18n.js will choose when the server names one; null when it has to decide itself
  const language = settings
    .then((r) => (r.ok ? r.clone().json() : null))
    .then((s) => (s && ['en', 'ja'].includes(s.language) ? s.language : null), () => null);
  // The catalogues of the language this browser had last (lib/i18n.js keeps it) are asked for at once; those of the
  // other language when the settings name it. One of a language nobody chose answers null: lib/i18n.js asks itself.
  const last = localStorage.getItem('tejun.lang');
  for (const lang of ['en', 'ja']) {
    for (const ns of ['common', 'notebook']) {
      const path = `${catalogues}${lang}/${ns}.json`;
      const catalogue = () => get(path, { Accept: 'application/json' });
      started.set(path, lang === last ? catalogue() : language.then((chosen) => (chosen === lang ? catalogue() : null)));
    }
  }
}());
