// This file implements the frame of Rewind's HTML reports: the page, its style sheet and the small
// tooltip script. Colours are the Okabe-Ito palette (distinguishable with every common colour
// vision deficiency); measurement phases also differ by shape, so colour is never the only cue.
#include "render/html_document.h"

namespace rwd::render {

namespace {

constexpr std::string_view kStyle = R"css(
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1c2230; --muted: #5a6475; --faint: #8a93a3; --card: #f6f7f9; --border: #dde1e7;
  --grid: #e6e9ee; --axis: #b9c0cc; --series: #0072b2; --series-2: #56b4e9; --ok: #009e73; --fail: #d55e00;
  --error: #cc79a7; --inconclusive: #e69f00; --running: #56b4e9; --weight: #0072b2; --weight-fill: #0072b21f;
  --step-weight: #e3eef7; --step-pause: #f1f1f1; --step-analysis: #e4f3ee; --step-other: #eeeaf4;
  --decision: #1c2230;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12151a; --fg: #e6e9ef; --muted: #a3acbb; --faint: #7d8696; --card: #1a1e25; --border: #2c333e;
    --grid: #262c35; --axis: #4a5261; --series: #56b4e9; --series-2: #9ad3f3; --ok: #2ec79b; --fail: #ff7f3f;
    --error: #e7a0c9; --inconclusive: #f2b33d; --running: #56b4e9; --weight: #56b4e9; --weight-fill: #56b4e926;
    --step-weight: #1c2a38; --step-pause: #23272e; --step-analysis: #19302a; --step-other: #272334;
    --decision: #e6e9ef;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 2px; letter-spacing: -0.01em; }
h2 { font-size: 1.05rem; margin: 28px 0 10px; color: var(--muted); font-weight: 600;
  text-transform: uppercase; letter-spacing: 0.06em; }
h3 { font-size: 1rem; margin: 0; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; font-size: 0.9em; }
.case + .case { margin-top: 48px; padding-top: 24px; border-top: 2px solid var(--border); }
.meta { color: var(--muted); margin: 0 0 16px; overflow-wrap: anywhere; }
.summary { display: grid; grid-template-columns: auto 1fr; gap: 16px 24px; align-items: start;
  background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 18px 20px; }
.badge { display: inline-flex; align-items: center; gap: 8px; padding: 8px 14px; border-radius: 999px;
  font-weight: 700; font-size: 1.05rem; color: #fff; white-space: nowrap; }
.badge.promoted { background: var(--ok); } .badge.rolled_back { background: var(--fail); }
.badge.paused { background: var(--inconclusive); color: #1c2230; } .badge.incomplete { background: var(--faint); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 14px 16px 10px; }
.card + .card { margin-top: 16px; }
.card-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 16px; align-items: baseline; }
.conditions { margin: 4px 0 6px; color: var(--muted); font-size: 0.88rem; }
.conditions div { overflow-wrap: anywhere; }
.plot { overflow-x: auto; -webkit-overflow-scrolling: touch; }
svg.chart { display: block; width: 100%; height: auto; min-width: 560px; font-size: 12px; }
svg text { fill: var(--muted); }
.grid { stroke: var(--grid); stroke-width: 1; }
.axis-line { stroke: var(--axis); stroke-width: 1; }
.axis-title { fill: var(--muted); font-weight: 600; }
.series { fill: none; stroke: var(--series); stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
.series.alt { stroke: var(--series-2); stroke-width: 1.5; }
.threshold { stroke-width: 1.5; stroke-dasharray: 7 5; }
.threshold.success { stroke: var(--ok); } .threshold.failure { stroke: var(--fail); }
text.threshold-label { font-weight: 600; paint-order: stroke; stroke: var(--card); stroke-width: 4px; }
text.threshold-label.success { fill: var(--ok); } text.threshold-label.failure { fill: var(--fail); }
.decision { stroke: var(--decision); stroke-width: 1.5; stroke-dasharray: 2 3; }
text.decision-label { fill: var(--fg); font-weight: 700; paint-order: stroke; stroke: var(--card); stroke-width: 4px; }
.mark { cursor: default; outline: none; }
.mark .shape { stroke: var(--card); stroke-width: 1.5; }
.mark.Successful .shape { fill: var(--ok); } .mark.Failed .shape { fill: var(--fail); }
.mark.Error .shape { fill: var(--error); } .mark.Inconclusive .shape { fill: var(--inconclusive); }
.mark.Running .shape, .mark.Pending .shape { fill: var(--running); }
.mark.nodata .shape { fill: var(--card); stroke-width: 2; }
.mark.nodata.Successful .shape { stroke: var(--ok); } .mark.nodata.Failed .shape { stroke: var(--fail); }
.mark.nodata.Error .shape { stroke: var(--error); } .mark.nodata.Inconclusive .shape { stroke: var(--inconclusive); }
.mark .ring { fill: none; stroke: var(--fg); stroke-width: 2; }
.mark:hover .shape, .mark:focus .shape { stroke: var(--fg); }
.weight-area { fill: var(--weight-fill); stroke: var(--weight); stroke-width: 2; stroke-linejoin: round; }
.block rect { stroke: var(--card); stroke-width: 2; }
.block.weight rect { fill: var(--step-weight); } .block.pause rect { fill: var(--step-pause); }
.block.analysis rect { fill: var(--step-analysis); } .block.other rect { fill: var(--step-other); }
.block.run rect { fill: var(--step-other); }
.block.run.Successful rect { fill: var(--ok); fill-opacity: 0.25; } .block.run.Failed rect { fill: var(--fail); fill-opacity: 0.3; }
.block.run.Error rect { fill: var(--error); fill-opacity: 0.3; } .block.run.Inconclusive rect { fill: var(--inconclusive); fill-opacity: 0.3; }
.block text { fill: var(--fg); font-size: 11.5px; }
text.weight-label { fill: var(--weight); font-weight: 600; font-size: 11px; }
.row-label { fill: var(--muted); font-weight: 600; }
.event .shape { fill: var(--fg); } .event.bad .shape { fill: var(--fail); } .event.good .shape { fill: var(--ok); }
.event.pause .shape { fill: var(--inconclusive); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 6px 0 2px; padding: 0; list-style: none;
  color: var(--muted); font-size: 0.85rem; }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.legend svg { width: 22px; height: 14px; flex: none; }
.nodata-note { color: var(--muted); font-style: italic; margin: 8px 0; }
details { margin-top: 8px; }
summary { cursor: pointer; color: var(--muted); font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 5px 10px 5px 0; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.failed td { color: var(--fail); }
a { color: var(--series); }
.tip { position: fixed; z-index: 10; display: none; max-width: 320px; padding: 8px 10px; border-radius: 8px;
  background: var(--fg); color: var(--bg); font-size: 12.5px; line-height: 1.4; white-space: pre-line;
  pointer-events: none; box-shadow: 0 4px 16px #0004; }
footer { margin-top: 40px; color: var(--faint); font-size: 0.8rem; }
@media (max-width: 640px) {
  main { padding: 16px 12px 32px; }
  h1 { font-size: 1.3rem; }
  .summary { grid-template-columns: 1fr; padding: 14px; }
  .facts { grid-template-columns: 1fr; gap: 0; } .facts dd { margin-bottom: 6px; }
  /* Charts keep a readable size and scroll sideways rather than shrink their text away. */
  svg.chart { min-width: 600px; font-size: 15px; }
  .card { padding: 12px 10px 8px; }
}
@media print {
  :root { --bg: #fff; --fg: #000; --card: #fff; --muted: #333; --faint: #555; --grid: #ddd; --border: #bbb; }
  main { max-width: none; padding: 0; }
  .card, .summary { break-inside: avoid; }
  .plot { overflow: visible; } svg.chart { min-width: 0; }
  .tip { display: none !important; }
}
)css";

/// Hover and keyboard focus show a mark's `data-tip` in a tooltip (its <title> is the fallback).
constexpr std::string_view kScript = R"js(
(() => {
  const tip = document.createElement('div');
  tip.className = 'tip';
  tip.setAttribute('role', 'tooltip');
  document.body.appendChild(tip);
  const show = (el, x, y) => {
    tip.textContent = el.getAttribute('data-tip');
    tip.style.display = 'block';
    const box = tip.getBoundingClientRect();
    let left = x + 14, top = y + 14;
    if (left + box.width > innerWidth - 8) left = Math.max(8, x - box.width - 14);
    if (top + box.height > innerHeight - 8) top = Math.max(8, y - box.height - 14);
    tip.style.left = left + 'px';
    tip.style.top = top + 'px';
  };
  const hide = () => { tip.style.display = 'none'; };
  document.addEventListener('pointermove', (e) => {
    const el = e.target.closest && e.target.closest('[data-tip]');
    if (el) show(el, e.clientX, e.clientY); else hide();
  });
  document.addEventListener('focusin', (e) => {
    const el = e.target.closest && e.target.closest('[data-tip]');
    if (el) { const r = el.getBoundingClientRect(); show(el, r.right, r.bottom); }
  });
  document.addEventListener('focusout', hide);
  document.documentElement.dataset.ready = 'true';
})();
)js";

} // namespace

std::string htmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string renderHtmlDocument(std::string_view title, std::string_view body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>";
  out += htmlEscape(title);
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<main>\n";
  out += body;
  out += "<footer>Written by <code>rewind</code>. Times are from the rollout start; hover or focus a "
         "mark for its details.</footer>\n</main>\n<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

} // namespace rwd::render
