// The Activity page: page views and active users per day, top pages (the apps' own stats endpoint), analytics
// events per day by name and realtime connections now (GET dashboard/activity). Charts are small inline SVGs made
// here, each followed by a table of its numbers.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { api, appPath } from "./api.js";

const html = htm.bind(h);
const RANGES = [7, 30, 90];

/** Every UTC date from since (YYYY-MM-DD) to today, oldest first. */
function dates(since) {
  const out = [];
  const end = new Date().toISOString().slice(0, 10);
  for (let d = new Date(since + "T00:00:00Z"); out.length < 400; d.setUTCDate(d.getUTCDate() + 1)) {
    const s = d.toISOString().slice(0, 10);
    out.push(s);
    if (s >= end) break;
  }
  return out;
}

/**
 * A bar per day; the SVG is labelled with its total (or, for counts that do not add up across days such as distinct
 * users, its peak), the table under it gives every number.
 */
export function BarChart({ id, title, days, values, unit, additive = true }) {
  const max = Math.max(1, ...days.map((d) => values[d] || 0));
  const total = days.reduce((n, d) => n + (values[d] || 0), 0);
  const peak = days.reduce((best, d) => ((values[d] || 0) > (values[best] || 0) ? d : best), days[0]);
  const width = 400;
  const height = 90;
  const gap = days.length > 40 ? 0.5 : 1.5;
  const bar = width / days.length;
  const most = total ? `most on ${peak} (${values[peak]})` : "none";
  const summary = additive ? `${title}: ${total} ${unit} over ${days.length} days, ${most}`
    : `${title} over ${days.length} days: ${most}`;
  return html`<figure class="chart" id=${id}>
    <figcaption>${title} <small>(${additive ? `${total} in all` : `at most ${total ? values[peak] : 0} a day`})</small></figcaption>
    <svg viewBox="0 0 ${width} ${height + 24}" role="img" aria-label=${summary}>
      <text x="0" y="9">${max}</text>
      ${days.map((d, i) => {
        const v = values[d] || 0;
        const barHeight = v ? Math.max(2, (v / max) * height) : 0;
        return html`<rect x=${i * bar + gap / 2} y=${12 + height - barHeight} width=${Math.max(0.5, bar - gap)} height=${barHeight}>
          <title>${d}: ${v}</title></rect>`;
      })}
      <line x1="0" y1=${12 + height + 0.5} x2=${width} y2=${12 + height + 0.5} />
      <text x="0" y=${height + 23}>${days[0]}</text>
      <text x=${width} y=${height + 23} text-anchor="end">${days[days.length - 1]}</text>
    </svg>
    <details><summary>Numbers</summary>
      <table><caption class="sr-only">${title} per day</caption>
        <thead><tr><th scope="col">date</th><th scope="col">${unit}</th></tr></thead>
        <tbody>${days.filter((d) => values[d]).map((d) => html`<tr><td>${d}</td><td>${values[d]}</td></tr>`)}</tbody>
      </table>
    </details>
  </figure>`;
}

export function ActivityPage({ session }) {
  const [range, setRange] = useState(30);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    setError(null);
    (async () => {
      const activity = await api(session, "GET", appPath(session, `/dashboard/activity?days=${range}`));
      const stats = await api(session, "GET", `/api/app-logs/${encodeURIComponent(session.appId)}/stats?since=${activity.since}`);
      if (live) setData({ activity, stats, range });
    })().catch((err) => { if (live) setError(err.message); });
    return () => { live = false; };
  }, [range]);

  let body = html`<p>Loading…</p>`;
  if (data) {
    const { activity, stats } = data;
    const days = dates(activity.since);
    const views = {};
    const users = {};
    for (const d of stats.days) { views[d.date] = d.views; users[d.date] = d.users; }
    const byName = {};
    for (const e of activity.events) (byName[e.event_name] = byName[e.event_name] || {})[e.date] = e.count;
    body = html`
      <p class="since">From ${activity.since} to today (UTC), ${activity.days} days.</p>
      <dl class="figures">
        <div><dt>Page views</dt><dd>${stats.page_views}</dd></div>
        <div><dt>Active users</dt><dd>${stats.active_users}</dd></div>
        <div><dt>Visitors</dt><dd>${stats.visitors}</dd></div>
        <div><dt>Realtime connections now</dt><dd>${activity.realtime.connections} <small>(${activity.realtime.scope})</small></dd></div>
      </dl>
      <div class="charts">
        <${BarChart} id="chart-views" title="Page views per day" days=${days} values=${views} unit="views" />
        <${BarChart} id="chart-users" title="Active users per day" days=${days} values=${users} unit="users" additive=${false} />
      </div>
      <h3>Top pages</h3>
      ${stats.pages.length === 0 ? html`<p>No page views in this range.</p>` : html`<table class="top-pages">
        <thead><tr><th scope="col">page</th><th scope="col">views</th><th scope="col">users</th></tr></thead>
        <tbody>${stats.pages.slice(0, 10).map((p) => html`<tr><td>${p.page_name}</td><td>${p.views}</td><td>${p.users}</td></tr>`)}</tbody>
      </table>`}
      <h3>Analytics events per day</h3>
      ${activity.event_names.length === 0 ? html`<p>No analytics events in this range.</p>` : html`<div class="charts">
        ${activity.event_names.map((name, i) => html`<${BarChart} id=${"chart-event-" + i} title=${name} days=${days}
          values=${byName[name] || {}} unit="events" />`)}
      </div>`}`;
  }

  return html`<section class="activity" aria-label="Activity">
    <h2>Activity</h2>
    <fieldset class="range">
      <legend>Range</legend>
      ${RANGES.map((n) => html`<label class="inline"><input type="radio" name="range" value=${n} checked=${range === n}
        onChange=${() => setRange(n)} /> Last ${n} days</label>`)}
    </fieldset>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${body}
  </section>`;
}
