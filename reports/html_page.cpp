// The style sheet and the script are constants of this file, so every page carries them inline and
// opens offline. The script is small and optional to read a chart: the SVG is complete without it.
// It does three things: counts script errors (a listener installed first in <head>), draws a
// tooltip under the mouse from each line chart's <script type="application/json"> data, and checks
// after load that each chart holds at least one `.data` element with a non-empty bounding box. A
// failed check is logged with console.error, so a headless browser's log shows it too.
#include "reports/html_page.hpp"

namespace kds::reports {

namespace {
const char* const kStyle = R"css(
:root { --ink: #1d2733; --muted: #5b6675; --line: #d9dee5; --good: #1e7b34; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: #f5f7fa; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 60px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 6px; }
p.description, p.note { color: var(--muted); margin: 0 0 10px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px;
          margin: 16px 0; }
.glance { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px 16px; }
.glance div { border-left: 3px solid var(--line); padding-left: 8px; }
.glance b { display: block; font-size: 12px; color: var(--muted); font-weight: 500; }
.verdict { display: inline-block; padding: 4px 12px; border-radius: 6px; font-weight: 700;
           color: #fff; }
.verdict.met { background: var(--good); }
.verdict.violated { background: var(--bad); }
.verdict.none { background: var(--muted); }
table { border-collapse: collapse; margin: 8px 0; width: 100%; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { font-weight: 600; font-size: 12px; color: var(--muted); }
td:not(:first-child), th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart-box { position: relative; margin: 12px 0 0; }
figure.chart-box figcaption { font-weight: 600; }
svg.chart { width: 100%; height: auto; display: block; font-size: 11px; }
svg.chart .axis { stroke: #8892a0; stroke-width: 1; }
svg.chart .grid { stroke: #e6e9ee; stroke-width: 1; }
svg.chart text { fill: var(--muted); }
svg.chart .series { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
svg.chart .cursor { stroke: #8892a0; stroke-dasharray: 2 2; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 5px; }
.legend i.dashed { background: repeating-linear-gradient(90deg, currentColor 0 5px, transparent 5px 8px) !important; }
.legend i.box { height: 10px; }
.legend i.band { height: 10px; opacity: .35; }
.tip { position: absolute; pointer-events: none; display: none; background: rgba(29,39,51,.92);
       color: #fff; font-size: 12px; padding: 6px 8px; border-radius: 4px; white-space: nowrap; z-index: 2; }
)css";

// Installed first: counts errors thrown by any later script.
const char* const kErrorCounter = R"js(
window.kdsErrors = 0;
window.addEventListener('error', function () { window.kdsErrors++; });
)js";

const char* const kScript = R"js(
(function () {
  var BIN = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  function short(x) {
    var a = Math.abs(x);
    if (a >= 100 || a === 0) return x.toFixed(0);
    if (a < 0.01) return x.toPrecision(2);
    return String(parseFloat(x.toFixed(a >= 10 ? 1 : 2)));
  }
  function prefixed(v) {
    var a = Math.abs(v);
    if (a >= 999.5e6) return short(v / 1e9) + 'G';
    if (a >= 999.5e3) return short(v / 1e6) + 'M';
    if (a >= 999.5) return short(v / 1e3) + 'k';
    return short(v);
  }
  function duration(s) {
    if (s === 0) return '0';
    if (Math.abs(s) < 60) return short(s) + 's';
    var rest = Math.round(Math.abs(s)), out = s < 0 ? '-' : '', n = 0;
    [[86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']].forEach(function (u) {
      var c = Math.floor(rest / u[0]); rest -= c * u[0];
      if (c > 0 && n < 2) { out += c + u[1]; n++; } else if (n > 0) { n = 2; }
    });
    return out;
  }
  function fmt(unit, v) {
    if (v === null || !isFinite(v)) return '\u2013';
    if (unit === 'records_per_s') return prefixed(v) + '/s';
    if (unit === 'bytes' || unit === 'bytes_per_s') {
      var p = 0; while (p + 1 < BIN.length && Math.abs(v) >= Math.pow(1024, p + 1)) p++;
      return short(v / Math.pow(1024, p)) + ' ' + BIN[p] + (unit === 'bytes' ? '' : '/s');
    }
    if (unit === 'ms') return Math.abs(v) < 1000 ? short(v) + 'ms' : duration(v / 1000);
    if (unit === 'usd') return Math.abs(v) >= 999.5 ? '$' + prefixed(v) : '$' + v.toFixed(2);
    return prefixed(v);
  }
  function esc(t) {
    return String(t).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  function nearest(ts, t) {
    var lo = 0, hi = ts.length - 1;
    if (hi < 0) return -1;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (ts[mid] <= t) lo = mid; else hi = mid; }
    return Math.abs(ts[hi] - t) < Math.abs(ts[lo] - t) ? hi : lo;
  }
  document.querySelectorAll('figure.chart-box').forEach(function (fig) {
    var holder = fig.querySelector('script.chart-data');
    var svg = fig.querySelector('svg.chart');
    var tip = fig.querySelector('.tip');
    if (!holder || !svg || !tip) return;
    var d = JSON.parse(holder.textContent);
    var cursor = svg.querySelector('.cursor');
    function hide() { tip.style.display = 'none'; if (cursor) cursor.setAttribute('visibility', 'hidden'); }
    svg.addEventListener('mouseleave', hide);
    svg.addEventListener('mousemove', function (ev) {
      var pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
      var p = pt.matrixTransform(svg.getScreenCTM().inverse());
      if (p.x < d.x0 || p.x > d.x1 || !(d.t1 > d.t0)) { hide(); return; }
      var t = d.t0 + (p.x - d.x0) / (d.x1 - d.x0) * (d.t1 - d.t0);
      var rows = [];
      d.series.forEach(function (s) {
        var i = nearest(s.t, t);
        if (i < 0) return;
        if (rows.length === 0) t = s.t[i];
        if (s.v[i] === null) return;
        rows.push('<span style="color:' + s.c + '">\u25a0</span> ' + esc(s.n) + ': ' + fmt(d.unit, s.v[i]));
      });
      var x = d.x0 + (t - d.t0) / (d.t1 - d.t0) * (d.x1 - d.x0);
      if (cursor) { cursor.setAttribute('x1', x); cursor.setAttribute('x2', x); cursor.setAttribute('visibility', 'visible'); }
      tip.innerHTML = '<b>t = ' + duration(t) + '</b><br>' + rows.join('<br>');
      tip.style.display = 'block';
      var box = fig.getBoundingClientRect();
      var left = ev.clientX - box.left + 14;
      if (left + tip.offsetWidth > box.width) left = ev.clientX - box.left - tip.offsetWidth - 14;
      tip.style.left = Math.max(0, left) + 'px';
      tip.style.top = (ev.clientY - box.top + 10) + 'px';
    });
  });
  var charts = document.querySelectorAll('svg.chart'), empty = [];
  charts.forEach(function (svg) {
    var drawn = 0;
    svg.querySelectorAll('.data').forEach(function (e) {
      var b = e.getBBox();
      if (b.width > 0 || b.height > 0) drawn++;
    });
    svg.setAttribute('data-drawn', drawn);
    if (drawn === 0) empty.push(svg.id);
  });
  var body = document.body;
  body.setAttribute('data-charts', charts.length);
  body.setAttribute('data-chart-check', charts.length > 0 && empty.length === 0 ? 'ok' : 'empty: ' + empty.join(' '));
  if (empty.length > 0) console.error('charts without data: ' + empty.join(' '));
  body.setAttribute('data-js-errors', window.kdsErrors);
})();
)js";
}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_page(const std::string& title, const std::string& body_html) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Forbids every network request: the page is self-contained by construction and by policy.
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<title>" + escape_html(title) + "</title>\n<style>" + kStyle + "</style>\n";
  out += std::string("<script>") + kErrorCounter + "</script>\n</head>\n<body>\n<main>\n";
  out += body_html;
  out += "</main>\n<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table>\n<tr>";
  for (const auto& h : header) out += "<th>" + escape_html(h) + "</th>";
  out += "</tr>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& cell : row) out += "<td>" + escape_html(cell) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace kds::reports
