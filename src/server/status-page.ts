import { createHash } from 'node:crypto';

/**
 * The operators' status page: one self-contained HTML document (no external assets: MPP
 * networks are often offline or behind strict proxies) that polls `status.json` every
 * `STATUS_REFRESH_MS` and renders: a summary that counts degraded agencies as well as down
 * ones; the gateway's own traffic; the state of Redis, the audit log and rate limiting; and
 * one card per agency with breaker state and health as colour AND text (colour alone fails
 * colour-blind readers and monochrome phones), rolling figures, the last error with its
 * class, and inline-SVG sparklines of the last hour. Indonesian or English (Accept-Language
 * first, then a toggle remembered in the browser). Its inline script and style are allowed
 * by hash in the Content-Security-Policy, so nothing else can run on the page.
 */
export const STATUS_REFRESH_MS = 2_000;

/** Languages of the page. */
export type StatusLanguage = 'en' | 'id';

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #f4f6f9; }
  body { margin: 0; padding: 1rem; max-width: 72rem; margin-inline: auto; }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1rem; margin-bottom: .75rem; }
  h1 { font-size: 1.25rem; margin: 0; }
  h2 { font-size: 1rem; margin: 0 0 .25rem; }
  .pill { display: inline-block; border-radius: 999px; padding: .1rem .6rem; font-size: .8rem; font-weight: 600; background: #9aa3b2; color: #fff; }
  .pill[data-ready="true"] { background: #1f7a44; }
  .pill[data-ready="false"] { background: #c53030; }
  #updated { color: #5b6474; font-size: .85rem; }
  #lang { font: inherit; font-size: .8rem; border: 1px solid #9aa3b2; background: #fff; border-radius: 6px; padding: .1rem .5rem; cursor: pointer; }
  #summary { font-weight: 600; margin-bottom: .5rem; color: #1f7a44; }
  #summary[data-degraded]:not([data-degraded="0"]) { color: #975a16; }
  #summary[data-down]:not([data-down="0"]) { color: #c53030; }
  #error { color: #c53030; font-weight: 600; min-height: 1.2em; }
  body[data-stale="true"] .row, body[data-stale="true"] .card { opacity: .55; }
  .grid { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); margin-bottom: .75rem; }
  .card, .row { background: #fff; border-radius: 10px; padding: .75rem 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); min-width: 0; }
  .row { border-left: 10px solid #9aa3b2; }
  .row[data-health="up"] { border-left-color: #1f9d55; }
  .row[data-health="degraded"] { border-left-color: #d69e2e; background: #fffbeb; }
  .row[data-health="down"] { border-left-color: #c53030; background: #fff5f5; }
  .top { display: flex; justify-content: space-between; gap: .5rem; align-items: baseline; }
  .name { font-weight: 600; }
  .key { color: #5b6474; font-size: .8rem; }
  .badges { text-align: right; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
  .state { display: block; font-size: .8rem; }
  .health { display: block; font-size: .75rem; }
  .row[data-health="down"] .badges { color: #c53030; }
  .row[data-health="degraded"] .badges { color: #975a16; }
  .row[data-health="up"] .badges { color: #1f7a44; }
  .reasons { font-size: .85rem; color: #975a16; margin-top: .25rem; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .15rem .75rem; margin: .5rem 0 0; font-size: .9rem; }
  dt { color: #5b6474; }
  dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
  dd[data-bad="true"] { color: #c53030; font-weight: 600; }
  .sparks { display: grid; grid-template-columns: 1fr 1fr; gap: .25rem .75rem; margin-top: .5rem; }
  figure { margin: 0; min-width: 0; }
  figcaption { font-size: .75rem; color: #5b6474; }
  svg.spark { display: block; width: 100%; height: 28px; background: #f7f8fa; border-radius: 4px; }
  svg.spark path { fill: none; stroke-width: 1.5; stroke-linecap: round; stroke-linejoin: round; stroke: #2b6cb0; }
  svg.spark path.p50 { stroke: #90cdf4; }
  svg.spark path.bad { stroke: #c53030; }
  svg.spark path.good { stroke: #1f9d55; }
  footer { color: #5b6474; font-size: .8rem; margin-top: 1rem; }
`;

const SCRIPT = `
(function () {
  var REFRESH = ${STATUS_REFRESH_MS};
  var T = {
    en: {
      title: 'MPP Gateway: agency connectors', other: 'Bahasa Indonesia', loading: 'loading',
      ready: 'ready', notReady: 'not ready: ', updated: 'updated {t}, every {s} s',
      unreachable: 'gateway unreachable: figures below are out of date',
      allUp: 'all {n} agencies up', down: '{k} of {n} agencies down', degraded: '{k} of {n} agencies degraded',
      state: { 'closed': 'up', 'half-open': 'recovering', 'open': 'down', 'forced-open': 'forced down', 'forced-closed': 'forced up', 'disabled': 'no breaker' },
      health: { up: 'healthy', degraded: 'degraded', down: 'down' },
      reason: { 'breaker-open': 'breaker open', 'breaker-half-open': 'breaker half-open (testing recovery)', 'error-rate': 'error rate over threshold', 'stale-serving': 'serving stale cached data', 'probe-failed': 'health probe failed' },
      kind: { 'http-status': 'HTTP', 'timeout': 'timeout', 'reset': 'connection reset', 'refused': 'connection refused', 'bad-payload': 'bad payload', 'circuit-open': 'breaker open', 'rejected': 'too many in flight', 'other': 'other' },
      f: { latency: 'latency p50 / p95', errors: 'error rate', cache: 'cache hit ratio', inFlight: 'in flight', since: 'state since', lastError: 'last error', lastProbe: 'last probe', stale: 'stale serves (5 min)',
           requests: 'requests (5 min)', reqErrors: 'errors (5 min)', reqLatency: 'latency p50 / p95 (last min)',
           cacheStore: 'shared cache', audit: 'audit log', rateLimit: 'rate limiting', refusals: 'refused (401 / 429)' },
      s: { latency: 'latency p50/p95, 1 h', errors: 'error rate, 1 h', calls: 'calls/min, 1 h', cache: 'cache hits, 1 h', requests: 'requests/min, 1 h' },
      of: '{a} of {b} calls', gateway: 'Gateway', services: 'Redis, audit, limits', up: 'up', downWord: 'DOWN',
      writes: '{ok} written, {failed} failed', lastFail: ', last failure {t}', on: 'on ({store})', off: 'off',
      ago: { s: '{n} s ago', m: '{n} min ago', h: '{n} h ago' },
      window: 'Rates and latencies over the last {m} min, sparklines over the last hour; gateway {v}.'
    },
    id: {
      title: 'MPP Gateway: konektor instansi', other: 'English', loading: 'memuat',
      ready: 'siap', notReady: 'belum siap: ', updated: 'diperbarui {t}, setiap {s} dtk',
      unreachable: 'gateway tidak terjangkau: angka di bawah sudah usang',
      allUp: 'semua {n} instansi aktif', down: '{k} dari {n} instansi mati', degraded: '{k} dari {n} instansi terganggu',
      state: { 'closed': 'aktif', 'half-open': 'memulihkan', 'open': 'mati', 'forced-open': 'dipaksa mati', 'forced-closed': 'dipaksa aktif', 'disabled': 'tanpa pemutus' },
      health: { up: 'sehat', degraded: 'terganggu', down: 'mati' },
      reason: { 'breaker-open': 'pemutus terbuka', 'breaker-half-open': 'pemutus setengah terbuka (uji pemulihan)', 'error-rate': 'tingkat galat di atas ambang', 'stale-serving': 'menyajikan data cache usang', 'probe-failed': 'uji kesehatan gagal' },
      kind: { 'http-status': 'HTTP', 'timeout': 'batas waktu habis', 'reset': 'koneksi diputus', 'refused': 'koneksi ditolak', 'bad-payload': 'respons tidak valid', 'circuit-open': 'pemutus terbuka', 'rejected': 'terlalu banyak antrean', 'other': 'lainnya' },
      f: { latency: 'latensi p50 / p95', errors: 'tingkat galat', cache: 'rasio cache', inFlight: 'sedang berjalan', since: 'status sejak', lastError: 'galat terakhir', lastProbe: 'uji terakhir', stale: 'sajian usang (5 mnt)',
           requests: 'permintaan (5 mnt)', reqErrors: 'galat (5 mnt)', reqLatency: 'latensi p50 / p95 (1 mnt)',
           cacheStore: 'cache bersama', audit: 'log audit', rateLimit: 'pembatasan laju', refusals: 'ditolak (401 / 429)' },
      s: { latency: 'latensi p50/p95, 1 jam', errors: 'tingkat galat, 1 jam', calls: 'panggilan/mnt, 1 jam', cache: 'cache kena, 1 jam', requests: 'permintaan/mnt, 1 jam' },
      of: '{a} dari {b} panggilan', gateway: 'Gateway', services: 'Redis, audit, batas', up: 'aktif', downWord: 'MATI',
      writes: '{ok} tertulis, {failed} gagal', lastFail: ', gagal terakhir {t}', on: 'aktif ({store})', off: 'nonaktif',
      ago: { s: '{n} dtk lalu', m: '{n} mnt lalu', h: '{n} jam lalu' },
      window: 'Laju dan latensi selama {m} mnt terakhir, grafik selama 1 jam terakhir; gateway {v}.'
    }
  };
  var KEY = 'mpp-status-lang';
  var lang = T[safeStored()] ? safeStored() : (document.documentElement.lang === 'id' ? 'id' : 'en');
  var last = null;
  function safeStored() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function t() { return T[lang]; }
  function fill(s, v) { return s.replace(/\\{(\\w+)\\}/g, function (_, k) { return v[k] == null ? '' : String(v[k]); }); }
  function pct(v) { return v == null ? '-' : (v * 100).toFixed(1) + ' %'; }
  function ms(v) { return v == null ? '-' : v.toFixed(1) + ' ms'; }
  function ago(iso) {
    var s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (s < 90) return fill(t().ago.s, { n: s });
    if (s < 5400) return fill(t().ago.m, { n: Math.round(s / 60) });
    return fill(t().ago.h, { n: Math.round(s / 3600) });
  }
  function el(tag, cls, value) { var e = document.createElement(tag); if (cls) e.className = cls; if (value != null) e.textContent = value; return e; }
  // The SVG namespace, taken from a parsed element: the page holds no URL at all.
  var probe = document.createElement('div');
  probe.innerHTML = '<svg></svg>';
  var NS = probe.firstChild.namespaceURI;
  function spark(name, caption, points, series, max) {
    var w = 120, h = 28, n = points.length, drawn = 0, peak = 0, sum = 0;
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', caption);
    var top = max;
    if (top == null) { top = 0; series.forEach(function (s) { points.forEach(function (p) { if (p[s.key] != null && p[s.key] > top) top = p[s.key]; }); }); }
    if (!(top > 0)) top = 1;
    series.forEach(function (s) {
      var d = '', pen = false;
      points.forEach(function (p, i) {
        var v = p[s.key];
        if (v == null) { pen = false; return; }
        if (v > peak) peak = v;
        sum += v;
        var x = n > 1 ? (i * (w - 2)) / (n - 1) + 1 : w / 2, y = h - 2 - (Math.min(v, top) / top) * (h - 4);
        d += (pen ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1) + (pen ? '' : 'l0.01 0');
        pen = true; drawn++;
      });
      var path = document.createElementNS(NS, 'path');
      path.setAttribute('d', d || 'M0 0');
      if (s.cls) path.setAttribute('class', s.cls);
      svg.appendChild(path);
    });
    svg.setAttribute('data-spark', name);
    svg.setAttribute('data-points', String(drawn));
    svg.setAttribute('data-max', String(peak));
    svg.setAttribute('data-sum', String(sum));
    var fig = el('figure');
    fig.appendChild(svg);
    fig.appendChild(el('figcaption', '', caption));
    return fig;
  }
  function fields(dl, rows) {
    rows.forEach(function (p) {
      dl.appendChild(el('dt', '', p[1]));
      var dd = el('dd', '', p[2]);
      dd.setAttribute('data-field', p[0]);
      if (p[3]) dd.setAttribute('data-bad', 'true');
      dl.appendChild(dd);
    });
  }
  function lastError(e) {
    if (!e) return '-';
    var kind = e.kind === 'http-status' && e.httpStatus ? 'HTTP ' + e.httpStatus : (t().kind[e.kind] || e.kind);
    return e.code + ', ' + kind + ', ' + ago(e.at);
  }
  function row(c) {
    var L = t();
    var r = el('section', 'row');
    r.setAttribute('data-connector', c.name);
    r.setAttribute('data-state', c.breakerState);
    r.setAttribute('data-health', c.health);
    r.setAttribute('aria-label', c.title + ': ' + (L.health[c.health] || c.health));
    var top = el('div', 'top');
    var name = el('div', 'name', c.title);
    name.appendChild(el('div', 'key', c.name));
    top.appendChild(name);
    var badges = el('div', 'badges');
    badges.appendChild(el('span', 'state', c.breakerState + ' (' + (L.state[c.breakerState] || '?') + ')'));
    badges.appendChild(el('span', 'health', L.health[c.health] || c.health));
    top.appendChild(badges);
    r.appendChild(top);
    if (c.reasons.length > 0) r.appendChild(el('div', 'reasons', c.reasons.map(function (x) { return L.reason[x] || x; }).join('; ')));
    var dl = el('dl');
    fields(dl, [
      ['latency', L.f.latency, ms(c.p50Ms) + ' / ' + ms(c.p95Ms)],
      ['error rate', L.f.errors, c.successRate == null ? '-' : pct(1 - c.successRate) + ' (' + fill(L.of, { a: Math.round((1 - c.successRate) * c.recentCalls), b: c.recentCalls }) + ')', c.reasons.indexOf('error-rate') >= 0],
      ['cache hit ratio', L.f.cache, pct(c.cacheHitRatio)],
      ['stale', L.f.stale, String(c.staleServed), c.staleServed > 0],
      ['in flight', L.f.inFlight, String(c.inFlight)],
      ['state since', L.f.since, ago(c.since)],
      ['last error', L.f.lastError, lastError(c.lastError)],
      ['last probe', L.f.lastProbe, c.lastProbe ? (c.lastProbe.ok ? 'ok' : c.lastProbe.code) + ', ' + ago(c.lastProbe.at) : '-']
    ]);
    r.appendChild(dl);
    var sparks = el('div', 'sparks');
    sparks.appendChild(spark('latency', L.s.latency, c.history, [{ key: 'p50Ms', cls: 'p50' }, { key: 'p95Ms' }]));
    sparks.appendChild(spark('errors', L.s.errors, c.history, [{ key: 'errorRate', cls: 'bad' }], 1));
    sparks.appendChild(spark('calls', L.s.calls, c.history, [{ key: 'calls' }]));
    sparks.appendChild(spark('cache', L.s.cache, c.history, [{ key: 'cacheHitRatio', cls: 'good' }], 1));
    r.appendChild(sparks);
    return r;
  }
  function gatewayCard(g) {
    var L = t();
    var card = el('section', 'card');
    card.setAttribute('id', 'gateway');
    card.appendChild(el('h2', '', L.gateway));
    var recent = g.history.slice(-5), calls = 0, errors = 0;
    recent.forEach(function (p) { calls += p.calls; errors += p.errors; });
    var now = g.history[g.history.length - 1] || {};
    var dl = el('dl');
    fields(dl, [
      ['requests', L.f.requests, String(calls)],
      ['request errors', L.f.reqErrors, calls ? errors + ' (' + pct(errors / calls) + ')' : '0', errors > 0],
      ['request latency', L.f.reqLatency, ms(now.p50Ms) + ' / ' + ms(now.p95Ms)]
    ]);
    card.appendChild(dl);
    var sparks = el('div', 'sparks');
    sparks.appendChild(spark('requests', L.s.requests, g.history, [{ key: 'calls' }]));
    sparks.appendChild(spark('request latency', L.s.latency, g.history, [{ key: 'p50Ms', cls: 'p50' }, { key: 'p95Ms' }]));
    sparks.appendChild(spark('request errors', L.s.errors, g.history, [{ key: 'errorRate', cls: 'bad' }], 1));
    card.appendChild(sparks);
    return card;
  }
  function servicesCard(s) {
    var L = t();
    var card = el('section', 'card');
    card.setAttribute('id', 'services');
    card.appendChild(el('h2', '', L.services));
    var dl = el('dl');
    fields(dl, [
      ['cache store', L.f.cacheStore, s.cache.kind + ': ' + (s.cache.up ? L.up : L.downWord + ' (' + s.cache.check + ')'), !s.cache.up],
      ['audit', L.f.audit, fill(L.writes, { ok: s.audit.ok, failed: s.audit.failed }) + (s.audit.lastFailureAt ? fill(L.lastFail, { t: ago(s.audit.lastFailureAt) }) : ''), s.audit.failed > 0],
      ['rate limit', L.f.rateLimit, s.rateLimit.enabled ? fill(L.on, { store: s.rateLimit.store }) : L.off],
      ['refusals', L.f.refusals, s.rateLimit.authRefusals + ' / ' + s.rateLimit.limited]
    ]);
    card.appendChild(dl);
    return card;
  }
  function bankRow(p) {
    var state = p.bank.signedOn ? 'closed' : 'open';
    var r = el('section', 'row');
    r.setAttribute('data-connector', 'bank-aceh-link');
    r.setAttribute('data-state', state);
    var top = el('div', 'top');
    top.appendChild(el('div', 'name', 'Bank Aceh link (ISO 8583 payments)'));
    top.appendChild(el('span', 'state', p.bank.signedOn ? 'signed on' : (p.bank.connected ? 'connected, not signed on' : 'disconnected')));
    r.appendChild(top);
    var dl = el('dl');
    [['last sign-on', p.bank.lastSignOnAt ? ago(p.bank.lastSignOnAt) : '-'],
     ['last echo', p.bank.lastEchoAt ? ago(p.bank.lastEchoAt) : '-'],
     ['messages in flight', String(p.bank.inFlight)],
     ['reconnects', String(p.bank.reconnects)],
     ['payments in flight', p.paymentsInFlight == null ? 'ledger unreachable' : String(p.paymentsInFlight)]]
      .forEach(function (x) { dl.appendChild(el('dt', '', x[0])); var dd = el('dd', '', x[1]); dd.setAttribute('data-field', x[0]); dl.appendChild(dd); });
    r.appendChild(dl);
    return r;
  }
  function render(body) {
    var L = t();
    document.documentElement.lang = lang;
    document.getElementById('title').textContent = L.title;
    document.getElementById('lang').textContent = L.other;
    var top = document.getElementById('overview');
    top.textContent = '';
    top.appendChild(gatewayCard(body.gateway));
    top.appendChild(servicesCard(body.services));
    var rows = document.getElementById('rows');
    rows.textContent = '';
    body.connectors.forEach(function (c) { rows.appendChild(row(c)); });
    if (body.payments) rows.appendChild(bankRow(body.payments));
    var pill = document.getElementById('ready');
    pill.setAttribute('data-ready', String(body.gateway.ready));
    pill.textContent = body.gateway.ready ? L.ready : L.notReady + body.gateway.reason;
    var m = body.summary, parts = [];
    if (m.down > 0) parts.push(fill(L.down, { k: m.down, n: m.total }));
    if (m.degraded > 0) parts.push(fill(L.degraded, { k: m.degraded, n: m.total }));
    var summary = document.getElementById('summary');
    summary.textContent = parts.length === 0 ? fill(L.allUp, { n: m.total }) : parts.join('; ');
    summary.setAttribute('data-down', String(m.down));
    summary.setAttribute('data-degraded', String(m.degraded));
    document.getElementById('window').textContent = fill(L.window, { m: Math.round(body.windowSeconds / 60), v: body.gateway.version });
  }
  document.getElementById('lang').addEventListener('click', function () {
    lang = lang === 'en' ? 'id' : 'en';
    try { localStorage.setItem(KEY, lang); } catch (e) { /* private mode: toggle for this visit only */ }
    if (last) render(last);
    else document.getElementById('lang').textContent = t().other;
  });
  function tick() {
    fetch('status.json' + location.search, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (body) {
      last = body;
      render(body);
      document.body.removeAttribute('data-stale');
      document.getElementById('error').textContent = '';
      document.getElementById('updated').textContent = fill(t().updated, { t: new Date().toLocaleTimeString(lang === 'id' ? 'id-ID' : 'en-GB'), s: REFRESH / 1000 });
    }).catch(function () {
      document.body.setAttribute('data-stale', 'true');
      document.getElementById('error').textContent = t().unreachable;
    }).then(function () { setTimeout(tick, REFRESH); });
  }
  tick();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Allows exactly the page's own inline script and style, and fetches to this origin only. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The language an operator's browser prefers among ours: Indonesian when `id` (or the legacy
 * `in`) weighs more than English in Accept-Language, else English.
 */
export function statusPageLanguage(acceptLanguage: string | undefined): StatusLanguage {
  let id = 0;
  let en = 0;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(
      params
        .find((p) => p.trim().startsWith('q='))
        ?.trim()
        .slice(2) ?? '1',
    );
    const weight = Number.isFinite(q) ? q : 0;
    const base = tag.split('-')[0];
    if ((base === 'id' || base === 'in') && weight > id) id = weight;
    if ((base === 'en' || base === '*') && weight > en) en = weight;
  }
  return id > en ? 'id' : 'en';
}

/** The page in `lang` (the script may switch it; its choice is remembered in the browser). */
export function statusPage(lang: StatusLanguage): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>MPP Gateway status</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 id="title">MPP Gateway</h1>
<span class="pill" id="ready">...</span>
<span id="updated">...</span>
<button type="button" id="lang">${lang === 'id' ? 'English' : 'Bahasa Indonesia'}</button>
</header>
<div id="summary"></div>
<div id="error" role="alert"></div>
<div class="grid" id="overview"></div>
<main class="grid" id="rows"></main>
<footer id="window"></footer>
<script>${SCRIPT}</script>
</body>
</html>`;
}

/** The English page (kept for callers that do not negotiate the language). */
export const STATUS_PAGE = statusPage('en');
