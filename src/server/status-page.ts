/**
 * The operators' status page: one self-contained HTML document (no external assets: MPP
 * networks are often offline) that polls /status.json every few seconds.
 */
export const STATUS_REFRESH_MS = 2_000;

export const STATUS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MPP Gateway status</title>
<style>
  :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #f4f6f9; }
  body { margin: 0; padding: 1rem; }
  h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
  #updated { color: #5b6474; font-size: .85rem; margin-bottom: 1rem; }
  .grid { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); }
  .row { background: #fff; border-radius: 10px; padding: .75rem 1rem; border-left: 8px solid #9aa3b2; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .row[data-state="closed"], .row[data-state="forced-closed"] { border-left-color: #1f9d55; }
  .row[data-state="half-open"] { border-left-color: #d69e2e; }
  .row[data-state="open"], .row[data-state="forced-open"] { border-left-color: #c53030; background: #fff5f5; }
  .name { font-weight: 600; }
  .state { float: right; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .15rem .75rem; margin: .5rem 0 0; font-size: .9rem; }
  dt { color: #5b6474; }
  dd { margin: 0; font-variant-numeric: tabular-nums; }
  #error { color: #c53030; }
</style>
</head>
<body>
<h1>MPP Gateway: agency connectors</h1>
<div id="updated">loading...</div>
<div id="error" role="alert"></div>
<div class="grid" id="rows"></div>
<script>
(function () {
  var REFRESH = ${STATUS_REFRESH_MS};
  function pct(v) { return v == null ? '-' : (v * 100).toFixed(1) + ' %'; }
  function ms(v) { return v == null ? '-' : v.toFixed(1) + ' ms'; }
  function text(tag, cls, value) { var el = document.createElement(tag); if (cls) el.className = cls; el.textContent = value; return el; }
  function render(list) {
    var rows = document.getElementById('rows');
    rows.textContent = '';
    list.forEach(function (c) {
      var row = document.createElement('section');
      row.className = 'row';
      row.setAttribute('data-connector', c.name);
      row.setAttribute('data-state', c.breakerState);
      row.appendChild(text('span', 'state', c.breakerState));
      row.appendChild(text('div', 'name', c.title));
      var dl = document.createElement('dl');
      [['since', new Date(c.since).toLocaleTimeString()], ['p50 / p95', ms(c.p50Ms) + ' / ' + ms(c.p95Ms)],
       ['error rate', c.successRate == null ? '-' : pct(1 - c.successRate)], ['cache hits', pct(c.cacheHitRatio)],
       ['in flight', String(c.inFlight)], ['last error', c.lastError ? c.lastError.code + ' at ' + new Date(c.lastError.at).toLocaleTimeString() : '-']]
        .forEach(function (p) { dl.appendChild(text('dt', '', p[0])); dl.appendChild(text('dd', '', p[1])); });
      row.appendChild(dl);
      rows.appendChild(row);
    });
  }
  function tick() {
    fetch('status.json', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (body) {
      render(body.connectors);
      document.getElementById('error').textContent = '';
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString() + ' (every ' + REFRESH / 1000 + ' s)';
    }).catch(function () {
      document.getElementById('error').textContent = 'gateway unreachable';
    }).then(function () { setTimeout(tick, REFRESH); });
  }
  tick();
})();
</script>
</body>
</html>`;
