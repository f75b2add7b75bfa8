// Draws a dashboard state into the page: the cycle card, the two charts, agents, breakers, the feeds, the history
// and a cycle's report. render(previous, next) redraws only the parts whose slice of the state changed.
import {LoadChart, phaseColor, renderLegend} from './load-chart.js';
import {RESOURCES, WINDOW_MS, breakerRows, isChartedProbeMetric, num, phaseBands} from './state.js';
import {agentLastSeen, agentLoad, clock, describeLink, describeSafetyEvent, pct, safetyEventClass, secs,
  targetVsAchieved} from './format.js';

const HOST_SERIES = [
  {key: 'cpu_usage', label: 'CPU %', color: '#e4572e'},
  // Part of CPU %: the share the hypervisor gave to other guests (0 on bare metal).
  {key: 'cpu_steal', label: 'CPU steal %', color: '#8a8a8a'},
  {key: 'memory_usage', label: 'Memory %', color: '#1f9e89'},
  {key: 'disk_mbps', label: 'Disk I/O MB/s', color: '#7d5ba6', axis: 'right'},
  {key: 'network_mbps', label: 'Network MB/s', color: '#f0a020', axis: 'right'},
];
const LOAD_SERIES = {key: 'load', label: 'Load %', color: '#555555'};
const PROBE_COLORS = ['#c8102e', '#2f9bde', '#7d3c98', '#f0a020', '#1f9e89', '#e4572e'];
const CONNECTION = {
  connecting: ['connecting…', 'chip'],
  live: ['live', 'chip chip-on'],
  reconnecting: ['reconnecting…', 'chip chip-off'],
  'key-needed': ['API key needed', 'chip chip-off'],
};
/** The cycle log shows the newest entries of the state's longer feed. */
const CYCLE_LOG_LINES = 30;

export const $ = id => document.getElementById(id);

export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

export class DashboardView {
  /**
   * @param onOpenCycle called with a cycle id when a history row is clicked or entered
   * @param onResetBreaker called with a breaker id when its Reset button is pressed
   */
  constructor(onOpenCycle, onResetBreaker) {
    this.onOpenCycle = onOpenCycle;
    this.onResetBreaker = onResetBreaker;
    this.loadChart = new LoadChart($('load-chart'), {
      windowMs: WINDOW_MS,
      series: RESOURCES.flatMap(r => [
        {key: 'target_' + r.key, label: r.label + ' target', color: r.color, dashed: true},
        {key: 'achieved_' + r.key, label: r.label + ' achieved', color: r.color},
      ]),
    });
    this.hostChart = new LoadChart($('host-chart'), {windowMs: WINDOW_MS, series: HOST_SERIES, rightUnit: ''});
    renderLegend($('load-legend'), this.loadChart.series);
    renderLegend($('host-legend'), HOST_SERIES);
    this.probeChart = new LoadChart($('probe-chart'), {windowMs: WINDOW_MS, series: [LOAD_SERIES], rightUnit: ''});
    renderLegend($('probe-legend'), this.probeChart.series);
    this.probeKeys = '';
    this.chartPoints = null;
    this.noticeTimer = null;
  }

  /** The first drawing: the parts that show something before the orchestrator answered. */
  renderInitial(state) {
    this.renderPhaseControls(state.phases);
    this.renderCycle(state.status);
    this.renderAgents(state.agents, Date.now());
    this.renderHosts(state.hosts, state.links);
    this.renderBreakers(state.breakers, state.breakerViews);
    this.renderSafetyEvents(state.safetyEvents);
  }

  render(previous, next) {
    if (previous.phases !== next.phases) {
      this.renderPhaseControls(next.phases);
    }
    if (previous.status !== next.status) {
      this.renderCycle(next.status);
    }
    if (previous.points !== next.points) {
      this.renderCharts(next.points);
    }
    if (previous.agents !== next.agents) {
      this.renderAgents(next.agents, Date.now());
    }
    if (previous.hosts !== next.hosts || previous.links !== next.links) {
      this.renderHosts(next.hosts, next.links);
    }
    if (previous.breakers !== next.breakers || previous.breakerViews !== next.breakerViews) {
      this.renderBreakers(next.breakers, next.breakerViews);
    }
    if (previous.safetyEvents !== next.safetyEvents) {
      this.renderSafetyEvents(next.safetyEvents);
    }
    if (previous.cycleLog !== next.cycleLog) {
      this.renderCycleLog(next.cycleLog);
    }
    if (previous.history !== next.history) {
      this.renderHistory(next.history, next.selectedCycle);
    } else if (previous.selectedCycle !== next.selectedCycle) {
      this.markSelected(next.selectedCycle);
    }
    if (previous.report !== next.report) {
      this.renderReport(next.report);
    }
  }

  setConnection(name) {
    const [text, className] = CONNECTION[name];
    const chip = $('connection');
    chip.textContent = text;
    chip.className = className;
  }

  notify(text, kind) {
    const notice = $('notice');
    notice.textContent = text;
    notice.className = 'notice ' + (kind || '');
    notice.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => { notice.hidden = true; }, kind === 'error' ? 12000 : 5000);
  }

  showSignIn() {
    $('sign-in').hidden = false;
    this.notify('This orchestrator requires an API key: use "API key…" at the top.', 'error');
  }

  renderPhaseControls(phases) {
    $('phase-picker').replaceChildren(...phases.map(phase =>
      el('label', null, el('input', {type: 'checkbox', name: 'phase', value: phase, id: 'pick-' + phase}), phase)));
    $('adjust-phase').replaceChildren(...phases.map(phase => el('option', {value: phase}, phase)));
  }

  renderCycle(status) {
    const state = status.state;
    const stateChip = $('cycle-state');
    stateChip.textContent = state;
    stateChip.className = 'chip state-' + state;
    if (status.safety_online !== null) {
      const safety = $('safety-online');
      safety.textContent = status.safety_online ? 'safety online' : 'safety OFFLINE';
      safety.className = 'chip ' + (status.safety_online ? 'chip-on' : 'offline');
    }
    const active = state === 'running' || state === 'stopping';
    $('current-phase').textContent = active ? status.current_phase.toUpperCase() : '–';
    $('current-load').textContent = pct(status.current_load_percent);
    $('target-load').textContent = pct(status.target_load_percent);
    $('phase-elapsed').textContent = active ? secs(status.phase_elapsed_seconds) : '–';
    $('phase-remaining').textContent = active ? secs(status.phase_remaining_seconds) : '–';
    $('cycle-id').textContent = status.cycle_id || '–';
    const progress = active ? Math.max(0, Math.min(1, status.phase_progress)) : 0;
    $('phase-progress-fill').style.width = (progress * 100).toFixed(1) + '%';
    $('phase-progress-text').textContent = Math.round(progress * 100) + '%';
    $('phase-progress').setAttribute('aria-valuenow', String(Math.round(progress * 100)));

    const planned = status.phases.map(phase => phase.phase);
    const currentIndex = planned.indexOf(status.current_phase);
    $('phase-strip').replaceChildren(...planned.map((phase, i) => {
      const item = el('li', {class: i < currentIndex ? 'done' : (i === currentIndex && active ? 'current' : '')},
        phase);
      item.style.borderLeft = '4px solid ' + phaseColor(phase);
      return item;
    }));
    $('stop-button').disabled = !active;
  }

  /** At most one chart update per frame, with the newest points. */
  /** The probe chart's series follow the probes the orchestrator reports (a plan may have none). */
  updateProbeSeries(points) {
    const keys = [...new Set(points.flatMap(p => Object.keys(p.values).filter(isChartedProbeMetric)))].sort();
    if (keys.join() === this.probeKeys) {
      return;
    }
    this.probeKeys = keys.join();
    this.probeChart.series = [LOAD_SERIES, ...keys.map((key, i) => ({
      key, label: key.endsWith('.p95_ms') ? key + ' (ms)' : key, color: PROBE_COLORS[i % PROBE_COLORS.length],
      axis: 'right'}))];
    renderLegend($('probe-legend'), this.probeChart.series);
    $('probe-empty').hidden = keys.length > 0;
  }

  renderCharts(points) {
    const scheduled = this.chartPoints !== null;
    this.chartPoints = points;
    if (scheduled) {
      return;
    }
    requestAnimationFrame(() => {
      const latest = this.chartPoints;
      this.chartPoints = null;
      const bands = phaseBands(latest);
      this.loadChart.update(latest, bands);
      this.hostChart.update(latest, bands);
      this.updateProbeSeries(latest);
      this.probeChart.update(latest, bands);
    });
  }

  renderAgents(agents, nowMs) {
    const sorted = Object.values(agents).sort((a, b) => a.id.localeCompare(b.id));
    $('agents').replaceChildren(...sorted.map(agent =>
      el('tr', null, el('td', null, agent.id), el('td', null, agentLoad(agent)),
        el('td', null, agentLastSeen(agent, nowMs)))));
    $('agent-count').textContent = String(sorted.length);
    $('agents-empty').hidden = sorted.length > 0;
  }

  /** Each host (scope) as a whole, target / achieved per resource, and the links that carry network load. */
  renderHosts(hosts, links) {
    $('hosts').replaceChildren(...hostRows(hosts));
    $('host-count').textContent = String(hosts.length);
    $('hosts-empty').hidden = hosts.length > 0;
    $('links').replaceChildren(...links.map(link => el('li', null, describeLink(link))));
    $('links-empty').hidden = links.length > 0;
  }

  /** Each breaker with its state, until when an open one stays open, and a Reset button while it is not closed. */
  renderBreakers(breakers, views) {
    const rows = breakerRows(breakers, views);
    $('breakers').replaceChildren(...rows.map(row =>
      el('li', {dataset: {breakerId: row.id}},
        el('span', {class: 'breaker-id'}, row.id),
        el('span', {class: 'chip ' + row.state}, row.state),
        row.openUntilMs === null ? null : el('span', {class: 'muted small open-until'}, 'open until ' + clock(row.openUntilMs)),
        row.state === 'closed' ? null : el('button', {type: 'button', class: 'small-button reset-breaker',
          onclick: () => this.onResetBreaker(row.id)}, 'Reset'))));
    $('breakers-empty').hidden = rows.length > 0;
  }

  renderSafetyEvents(events) {
    $('safety-events').replaceChildren(...events.map(event =>
      el('li', {class: safetyEventClass(event)},
        el('span', {class: 'time'}, clock(event.timestamp_ms)), ' ', describeSafetyEvent(event))));
    $('events-empty').hidden = events.length > 0;
  }

  renderCycleLog(entries) {
    $('cycle-log').replaceChildren(...entries.slice(0, CYCLE_LOG_LINES).map(entry =>
      el('li', null, el('span', {class: 'time'}, clock(entry.t)), ' ', entry.text)));
  }

  renderHistory(cycles, selectedCycle) {
    $('history').replaceChildren(...cycles.map(cycle => {
      const id = cycle.cycle_id;
      const knee = num(cycle.knee_load_percent);
      const row = el('tr', {dataset: {cycleId: id}, tabindex: '0', onclick: () => this.onOpenCycle(id),
          onkeydown: e => { if (e.key === 'Enter') { this.onOpenCycle(id); } }},
        el('td', null, id),
        el('td', null, new Date(cycle.started_at_ms).toLocaleString()),
        el('td', null, cycle.phases.join(', ') || '–'),
        el('td', null, el('span', {class: 'chip state-' + cycle.outcome}, cycle.outcome)),
        el('td', null, knee === null ? '–' : knee.toFixed(1) + '%'));
      if (id === selectedCycle) {
        row.classList.add('selected');
      }
      return row;
    }));
    $('history-empty').hidden = cycles.length > 0;
  }

  markSelected(cycleId) {
    for (const row of $('history').children) {
      row.classList.toggle('selected', row.dataset.cycleId === cycleId);
    }
  }

  /** Planned versus achieved per phase of the plan, with the violations seen. */
  renderReport(report) {
    const runByName = new Map(report.phases.map(run => [run.phase, run]));
    const violations = report.violations;
    const knee = num(report.knee_load_percent);
    const rows = report.plan.map(planned => {
      const name = planned.phase;
      const run = runByName.get(name);
      return el('tr', null,
        el('td', null, name),
        el('td', null, pct(planned.target_load_percent)),
        el('td', null, run ? pct(run.achieved_load_percent) : '–'),
        el('td', null, run ? resourceText(run.resources) : '–'),
        el('td', null, run ? secs(run.duration_seconds) : '–'),
        el('td', null, String(violations.filter(v => v.phase === name).length)),
        el('td', null, run ? run.outcome : 'not run'));
    });
    const container = $('report');
    container.replaceChildren(...[
      el('h3', null, 'Report · cycle ' + report.cycle_id),
      el('div', {class: 'facts'},
        el('span', null, 'Outcome ', el('span', {class: 'chip state-' + report.outcome}, report.outcome)),
        report.aborted_by ? el('span', null, 'Aborted by ', el('strong', null, report.aborted_by)) : null,
        report.reason ? el('span', {class: 'muted'}, report.reason) : null,
        report.verdict_reason ? el('span', {class: 'muted'}, report.verdict_reason) : null,
        el('span', null, 'Knee ', el('strong', null, knee === null ? '–' : knee.toFixed(1) + '%')),
        el('span', null, 'Violations ', el('strong', null, String(violations.length)))),
      el('div', {class: 'table-wrap'}, el('table', {class: 'table'},
        el('thead', null, el('tr', null, ['Phase', 'Planned', 'Achieved', 'Per resource', 'Ran', 'Violations', 'Result']
          .map(h => el('th', null, h)))),
        el('tbody', null, rows))),
      violations.length ? el('ol', {class: 'violations'},
        violations.map(v => el('li', null, describeSafetyEvent(v)))) : null,
      ...report.phases.filter(run => run.hosts.length || run.network_links.length).map(run => el('div', null,
        el('h4', null, 'Hosts · ' + run.phase),
        el('div', {class: 'table-wrap'}, el('table', {class: 'table'}, hostHead(), el('tbody', null, hostRows(run.hosts)))),
        run.network_links.length ? el('ul', {class: 'feed compact'},
          run.network_links.map(link => el('li', null, describeLink(link)))) : null)),
    ].filter(Boolean));
    container.hidden = false;
  }
}

function hostHead() {
  return el('thead', null, el('tr', null, ['Host', 'Scope', 'Agents', ...RESOURCES.map(r => r.label + ' target / achieved')]
    .map(h => el('th', null, h))));
}

function hostRows(hosts) {
  return hosts.map(host => el('tr', null,
    el('td', null, host.host_id),
    el('td', null, host.scope),
    el('td', null, host.agents.join(', ')),
    ...RESOURCES.map(r => el('td', null, targetVsAchieved(host, r.key)))));
}

/** "cpu 24.1/25 · memory 12/12.5" with a mark on each resource that fell short. */
function resourceText(resources) {
  if (!resources) {
    return '–';
  }
  const parts = Object.entries(resources).map(([kind, r]) => kind + ' '
    + (r.achieved_percent === null ? '–' : num(r.achieved_percent).toFixed(1)) + '/' + num(r.target_percent).toFixed(1)
    + (r.verdict === 'under_target' || r.verdict === 'no_data' ? ' ✗' : ''));
  return parts.length ? parts.join(' · ') : '–';
}
