import { createHash } from 'node:crypto';

/**
 * The operators' status page: one self-contained HTML document (no external assets: MPP
 * networks are often offline or behind strict proxies) that polls `status.json` every
 * `STATUS_REFRESH_MS` and renders one row per agency connector: breaker state as colour AND
 * text (colour alone fails colour-blind readers and monochrome phones), latency, error rate,
 * cache hit ratio, last error. Its inline script and style are allowed by hash in the
 * Content-Security-Policy, so nothing else can run on the page.
 */
export const STATUS_REFRESH_MS = 2_000;

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #f4f6f9; }
  body { margin: 0; padding: 1rem; max-width: 72rem; margin-inline: auto; }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1rem; margin-bottom: .75rem; }
  h1 { font-size: 1.25rem; margin: 0; }
  .pill { display: inline-block; border-radius: 999px; padding: .1rem .6rem; font-size: .8rem; font-weight: 600; background: #9aa3b2; color: #fff; }
  .pill[data-ready="true"] { background: #1f7a44; }
  .pill[data-ready="false"] { background: #c53030; }
  #updated { color: #5b6474; font-size: .85rem; }
  #summary { font-weight: 600; margin-bottom: .5rem; }
  #summary[data-down]:not([data-down="0"]) { color: #c53030; }
  #error { color: #c53030; font-weight: 600; min-height: 1.2em; }
  body[data-stale="true"] .row { opacity: .55; }
  .grid { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); }
  .row { background: #fff; border-radius: 10px; padding: .75rem 1rem; border-left: 10px solid #9aa3b2; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .row[data-state="closed"], .row[data-state="forced-closed"] { border-left-color: #1f9d55; }
  .row[data-state="half-open"] { border-left-color: #d69e2e; background: #fffbeb; }
  .row[data-state="open"], .row[data-state="forced-open"] { border-left-color: #c53030; background: #fff5f5; }
  .row[data-state="disabled"] { border-left-color: #5b6474; }
  .top { display: flex; justify-content: space-between; gap: .5rem; align-items: baseline; }
  .name { font-weight: 600; }
  .key { color: #5b6474; font-size: .8rem; }
  .state { font-size: .8rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
  .row[data-state="open"] .state, .row[data-state="forced-open"] .state { color: #c53030; }
  .row[data-state="half-open"] .state { color: #975a16; }
  .row[data-state="closed"] .state, .row[data-state="forced-closed"] .state { color: #1f7a44; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .15rem .75rem; margin: .5rem 0 0; font-size: .9rem; }
  dt { color: #5b6474; }
  dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
  footer { color: #5b6474; font-size: .8rem; margin-top: 1rem; }
`;

const SCRIPT = `
(function () {
  var REFRESH = ${STATUS_REFRESH_MS};
  var STATE_TEXT = { 'closed': 'up', 'half-open': 'recovering', 'open': 'down', 'forced-open': 'forced down', 'forced-closed': 'forced up', 'disabled': 'no breaker' };
  function pct(v) { return v == null ? '-' : (v * 100).toFixed(1) + ' %'; }
  function ms(v) { return v == null ? '-' : v.toFixed(1) + ' ms'; }
  function ago(iso) {
    var s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (s < 90) return s + ' s ago';
    if (s < 5400) return Math.round(s / 60) + ' min ago';
    return Math.round(s / 3600) + ' h ago';
  }
  function el(tag, cls, value) { var e = document.createElement(tag); if (cls) e.className = cls; if (value != null) e.textContent = value; return e; }
  function row(c) {
    var r = el('section', 'row');
    r.setAttribute('data-connector', c.name);
    r.setAttribute('data-state', c.breakerState);
    r.setAttribute('aria-label', c.title + ': ' + (STATE_TEXT[c.breakerState] || c.breakerState));
    var top = el('div', 'top');
    var name = el('div', 'name', c.title);
    name.appendChild(el('div', 'key', c.name));
    top.appendChild(name);
    top.appendChild(el('span', 'state', c.breakerState + ' (' + (STATE_TEXT[c.breakerState] || '?') + ')'));
    r.appendChild(top);
    var dl = el('dl');
    [['latency p50 / p95', ms(c.p50Ms) + ' / ' + ms(c.p95Ms)],
     ['error rate', c.successRate == null ? '-' : pct(1 - c.successRate) + ' of ' + c.recentCalls + ' calls'],
     ['cache hit ratio', pct(c.cacheHitRatio)],
     ['in flight', String(c.inFlight)],
     ['state since', ago(c.since)],
     ['last error', c.lastError ? c.lastError.code + ', ' + ago(c.lastError.at) : '-'],
     ['last probe', c.lastProbe ? (c.lastProbe.ok ? 'ok' : c.lastProbe.code) + ', ' + ago(c.lastProbe.at) : '-']]
      .forEach(function (p) { dl.appendChild(el('dt', '', p[0])); var dd = el('dd', '', p[1]); dd.setAttribute('data-field', p[0]); dl.appendChild(dd); });
    r.appendChild(dl);
    return r;
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
    var rows = document.getElementById('rows');
    rows.textContent = '';
    body.connectors.forEach(function (c) { rows.appendChild(row(c)); });
    if (body.payments) rows.appendChild(bankRow(body.payments));
    var pill = document.getElementById('ready');
    pill.setAttribute('data-ready', String(body.gateway.ready));
    pill.textContent = body.gateway.ready ? 'ready' : 'not ready: ' + body.gateway.reason;
    var down = body.connectors.filter(function (c) { return c.breakerState === 'open' || c.breakerState === 'forced-open'; }).length;
    var summary = document.getElementById('summary');
    summary.textContent = down === 0 ? 'all ' + body.connectors.length + ' agencies up' : down + ' of ' + body.connectors.length + ' agencies down';
    summary.setAttribute('data-down', String(down));
    document.getElementById('window').textContent = 'Rates and latencies over the last ' + Math.round(body.windowSeconds / 60) + ' min; gateway ' + body.gateway.version + '.';
  }
  function tick() {
    fetch('status.json', { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (body) {
      render(body);
      document.body.removeAttribute('data-stale');
      document.getElementById('error').textContent = '';
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString() + ', every ' + REFRESH / 1000 + ' s';
    }).catch(function () {
      document.body.setAttribute('data-stale', 'true');
      document.getElementById('error').textContent = 'gateway unreachable: figures below are out of date';
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

export const STATUS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>MPP Gateway status</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>MPP Gateway: agency connectors</h1>
<span class="pill" id="ready">loading</span>
<span id="updated">loading...</span>
</header>
<div id="summary"></div>
<div id="error" role="alert"></div>
<main class="grid" id="rows"></main>
<footer id="window"></footer>
<script>${SCRIPT}</script>
</body>
</html>`;
