// Live dashboard of the orchestrator: one WebSocket (/ws) for live state, REST for commands and history.
import {TimeChart, phaseColor, renderLegend} from './chart.js';

const PHASE_ORDER = ['idle', 'light', 'medium', 'heavy', 'extreme', 'critical', 'chaos'];
const RESOURCES = [
  {key: 'cpu', label: 'CPU', color: '#e4572e'},
  {key: 'memory', label: 'Memory', color: '#1f9e89'},
  {key: 'io', label: 'I/O', color: '#7d5ba6'},
  {key: 'network', label: 'Network', color: '#f0a020'},
];
const WINDOW_MS = 120000;
const MAX_POINTS = 1200;
const MAX_FEED = 100;
const RECONCILE_MS = 3000;
const ESTOP_ACK_TIMEOUT_MS = 1500;

const $ = id => document.getElementById(id);

const view = {
  status: null,
  points: [],
  agents: new Map(),
  breakers: new Map(),
  safetyEvents: [],
  cycleLog: [],
  phases: PHASE_ORDER.slice(),
  selectedCycle: null,
};

const loadChart = new TimeChart($('load-chart'), {
  windowMs: WINDOW_MS,
  series: RESOURCES.flatMap(r => [
    {key: 'target_' + r.key, label: r.label + ' target', color: r.color, dashed: true},
    {key: 'achieved_' + r.key, label: r.label + ' achieved', color: r.color},
  ]),
});
const hostSeries = [
  {key: 'cpu_usage', label: 'CPU %', color: '#e4572e'},
  {key: 'memory_usage', label: 'Memory %', color: '#1f9e89'},
  {key: 'disk_mbps', label: 'Disk I/O MB/s', color: '#7d5ba6', axis: 'right'},
  {key: 'network_mbps', label: 'Network MB/s', color: '#f0a020', axis: 'right'},
];
const hostChart = new TimeChart($('host-chart'), {windowMs: WINDOW_MS, series: hostSeries, rightUnit: ''});
renderLegend($('load-legend'), loadChart.series);
renderLegend($('host-legend'), hostSeries);

// ---------------------------------------------------------------- helpers

function el(tag, props, ...children) {
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

function num(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function pct(value) {
  const n = num(value);
  return n === null ? '–' : n.toFixed(1) + '%';
}

function secs(value) {
  const n = num(value);
  if (n === null) {
    return '–';
  }
  const total = Math.max(0, Math.round(n));
  return total >= 60 ? Math.floor(total / 60) + 'm' + String(total % 60).padStart(2, '0') + 's' : total + 's';
}

function clock(ms) {
  const date = ms ? new Date(ms) : new Date();
  return date.toLocaleTimeString([], {hour12: false});
}

function phaseName(entry) {
  if (entry === null || entry === undefined) {
    return null;
  }
  if (typeof entry === 'string') {
    return entry.toLowerCase();
  }
  const name = entry.phase || entry.name;
  return name ? String(name).toLowerCase() : null;
}

let noticeTimer = null;

function notify(text, kind) {
  const notice = $('notice');
  notice.textContent = text;
  notice.className = 'notice ' + (kind || '');
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, kind === 'error' ? 12000 : 5000);
}

/** One clear line from an application/problem+json answer (title, field, detail). */
function problemText(problem, fallback) {
  if (!problem || typeof problem !== 'object') {
    return fallback;
  }
  const parts = [problem.title, problem.field ? 'field ' + problem.field : null, problem.detail].filter(Boolean);
  return parts.length ? parts.join(': ') : fallback;
}

// With auth on, REST calls carry the API key as a bearer token; the WebSocket, which cannot carry headers from a
// browser, gets it as ?access_token=. The key stays in this tab's sessionStorage.
const TOKEN_KEY = 'stress-api-key';
let token = sessionStorage.getItem(TOKEN_KEY) || '';

let authBlocked = false;

function needKey() {
  authBlocked = true;
  $('sign-in').hidden = false;
  notify('This orchestrator requires an API key: use "API key…" at the top.', 'error');
}

async function askForKey() {
  const dialog = $('token-dialog');
  $('token-input').value = token;
  dialog.returnValue = '';
  dialog.showModal();
  await new Promise(resolve => dialog.addEventListener('close', resolve, {once: true}));
  if (dialog.returnValue !== 'ok') {
    return;
  }
  token = $('token-input').value.trim();
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
  authBlocked = false;
  if (socket && socket.readyState !== WebSocket.CLOSED) {
    socket.close();
  } else {
    connect();
  }
  loadPhases();
  loadHistory(view.selectedCycle);
  reconcile();
}

async function api(method, path, body) {
  const init = {method, headers: {Accept: 'application/json, application/problem+json'}};
  if (token) {
    init.headers.Authorization = 'Bearer ' + token;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new Error(method + ' ' + path + ': orchestrator unreachable');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    const error = new Error(problemText(json, method + ' ' + path + ' failed: HTTP ' + response.status));
    if (response.status === 401) {
      error.needsKey = true;
      needKey();
    }
    throw error;
  }
  return json;
}

// ---------------------------------------------------------------- WebSocket

let socket = null;
let reconnectDelay = 500;
let pendingEstopAck = null;

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  socket = new WebSocket(scheme + location.host + '/ws' + (token ? '?access_token=' + encodeURIComponent(token) : ''));
  setConnection('connecting…', 'chip');
  socket.addEventListener('open', () => {
    reconnectDelay = 500;
    setConnection('live', 'chip chip-on');
  });
  socket.addEventListener('message', event => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    handleMessage(message);
  });
  socket.addEventListener('close', () => {
    if (authBlocked) {
      // Retrying without a valid key would only fill the console with refused handshakes.
      setConnection('API key needed', 'chip chip-off');
      return;
    }
    setConnection('reconnecting…', 'chip chip-off');
    setTimeout(connect, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, 5000);
  });
}

function setConnection(text, className) {
  const chip = $('connection');
  chip.textContent = text;
  chip.className = className;
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(message));
    return true;
  }
  return false;
}

function handleMessage(message) {
  switch (message.type) {
    case 'state':
      applyStatus(message);
      break;
    case 'real_time_update':
      applyUpdate(message);
      break;
    case 'phase_change':
      logCycle(message.timestamp_ms, describePhaseChange(message));
      reconcile();
      break;
    case 'safety_event':
      applySafetyEvent(message.event || {});
      break;
    case 'agent_joined':
      upsertAgent(message.agent);
      logCycle(message.timestamp_ms, 'agent joined: ' + agentId(message.agent));
      renderAgents();
      break;
    case 'agent_left':
      view.agents.delete(agentId(message.agent));
      logCycle(message.timestamp_ms, 'agent left: ' + agentId(message.agent));
      renderAgents();
      break;
    case 'cycle_report':
      reconcile();
      loadHistory(message.cycle_id || (message.report && message.report.cycle_id) || null);
      break;
    case 'ack':
      settleEstop(message);
      break;
    case 'error':
      if (!settleEstop(message)) {
        notify(message.message || 'the orchestrator refused the command', 'error');
      }
      break;
    default:
      break;
  }
}

// ---------------------------------------------------------------- state

function applyStatus(status) {
  view.status = Object.assign({}, view.status, status);
  if (Array.isArray(status.agents)) {
    view.agents = new Map(status.agents.map(agent => [agentId(agent), agent]));
    renderAgents();
  }
  if (Array.isArray(status.breakers)) {
    view.breakers = new Map(status.breakers.map(b => [breakerId(b), b]));
    renderBreakers();
  }
  renderCycle();
}

function applyUpdate(update) {
  const s = view.status || {};
  view.status = Object.assign({}, s, {
    cycle_id: update.cycle_id !== undefined ? update.cycle_id : s.cycle_id,
    current_phase: update.phase !== undefined ? update.phase : s.current_phase,
    current_load_percent: update.current_load_percent,
    target_load_percent: update.target_load_percent,
    phase_progress: update.phase_progress,
    phase_elapsed_seconds: update.phase_elapsed_seconds !== undefined ? update.phase_elapsed_seconds
      : s.phase_elapsed_seconds,
    phase_remaining_seconds: update.phase_remaining_seconds !== undefined ? update.phase_remaining_seconds
      : s.phase_remaining_seconds,
    state: update.state || s.state,
  });
  const metrics = update.metrics || {};
  const achieved = update.achieved || {};
  const target = update.target || {};
  const values = {
    cpu_usage: num(metrics.cpu_usage),
    memory_usage: num(metrics.memory_usage),
    disk_mbps: sumMb(metrics.disk_read_bytes, metrics.disk_write_bytes),
    network_mbps: sumMb(metrics.network_rx_bytes, metrics.network_tx_bytes),
  };
  for (const r of RESOURCES) {
    values['target_' + r.key] = num(target[r.key]);
    values['achieved_' + r.key] = num(achieved[r.key]);
  }
  const t = num(update.timestamp_ms) || Date.now();
  view.points.push({t, phase: phaseName(update.phase), values});
  const cutoff = t - WINDOW_MS - 5000;
  while (view.points.length > MAX_POINTS || (view.points.length && view.points[0].t < cutoff)) {
    view.points.shift();
  }
  renderCharts();
  renderCycle();
}

function sumMb(a, b) {
  const x = num(a);
  const y = num(b);
  if (x === null && y === null) {
    return null;
  }
  return ((x || 0) + (y || 0)) / 1e6;
}

function phaseBands(points) {
  const bands = [];
  let previousT = null;
  for (const point of points) {
    const last = bands[bands.length - 1];
    if (point.phase && last && last.phase === point.phase && previousT !== null && point.t - previousT < 5000) {
      last.to = point.t;
    } else if (point.phase) {
      bands.push({phase: point.phase, from: point.t, to: point.t});
    }
    previousT = point.t;
  }
  return bands;
}

function agentId(agent) {
  if (!agent) {
    return '?';
  }
  if (typeof agent === 'string') {
    return agent;
  }
  return agent.agent_id || agent.instance_id || agent.id || agent.source_id || '?';
}

function upsertAgent(agent) {
  if (agent && typeof agent === 'object') {
    view.agents.set(agentId(agent), Object.assign({}, view.agents.get(agentId(agent)), agent));
  }
}

function breakerId(breaker) {
  return breaker.breaker_id || [breaker.rule_id, breaker.source_id].filter(Boolean).join('/') || '?';
}

function applySafetyEvent(event) {
  if (event.type === 'breaker' || (event.breaker_id && event.to)) {
    view.breakers.set(breakerId(event), Object.assign({}, view.breakers.get(breakerId(event)), event,
      {state: event.to}));
    renderBreakers();
  }
  view.safetyEvents.unshift(event);
  view.safetyEvents.length = Math.min(view.safetyEvents.length, MAX_FEED);
  renderSafetyEvents();
}

function describeSafetyEvent(event) {
  if (event.type === 'breaker' || event.breaker_id) {
    return 'breaker ' + breakerId(event) + ': ' + (event.from || '?') + ' → ' + (event.to || '?')
      + (event.reason ? ' (' + event.reason + ')' : '');
  }
  const value = num(event.value);
  const parts = [
    '[' + (event.action || '?') + (event.severity ? '/' + event.severity : '') + ']',
    event.rule_id ? event.rule_id + ':' : null,
    event.metric ? event.metric + (value !== null ? ' = ' + value.toFixed(1) : '')
      + (num(event.threshold) !== null ? ' (limit ' + event.threshold + ')' : '') : null,
    event.source_id ? 'on ' + event.source_id : null,
    event.message && !event.metric ? event.message : null,
  ];
  return parts.filter(Boolean).join(' ');
}

function describePhaseChange(message) {
  const event = message.event;
  const type = typeof event === 'string' ? event : (event && (event.type || event.event_type)) || 'change';
  const target = event && typeof event === 'object' ? num(event.target_load_percent) : null;
  return String(type).replace(/_/g, ' ') + (message.phase ? ': ' + message.phase : '')
    + (target !== null ? ' → ' + target.toFixed(1) + '%' : '');
}

function logCycle(timestampMs, text) {
  view.cycleLog.unshift({t: timestampMs || Date.now(), text});
  view.cycleLog.length = Math.min(view.cycleLog.length, MAX_FEED);
  $('cycle-log').replaceChildren(...view.cycleLog.slice(0, 30).map(entry =>
    el('li', null, el('span', {class: 'time'}, clock(entry.t)), ' ', entry.text)));
}

// ---------------------------------------------------------------- rendering

function renderCycle() {
  const s = view.status || {};
  const state = String(s.state || 'idle').toLowerCase();
  const stateChip = $('cycle-state');
  stateChip.textContent = state;
  stateChip.className = 'chip state-' + state;
  if (s.safety_online !== undefined && s.safety_online !== null) {
    const safety = $('safety-online');
    safety.textContent = s.safety_online ? 'safety online' : 'safety OFFLINE';
    safety.className = 'chip ' + (s.safety_online ? 'chip-on' : 'offline');
  }
  const active = state === 'running' || state === 'stopping';
  $('current-phase').textContent = active && s.current_phase ? String(s.current_phase).toUpperCase() : '–';
  $('current-load').textContent = pct(s.current_load_percent);
  $('target-load').textContent = pct(s.target_load_percent);
  $('phase-elapsed').textContent = active ? secs(s.phase_elapsed_seconds) : '–';
  $('phase-remaining').textContent = active ? secs(s.phase_remaining_seconds) : '–';
  $('cycle-id').textContent = s.cycle_id || '–';
  const progress = active ? Math.max(0, Math.min(1, num(s.phase_progress) || 0)) : 0;
  $('phase-progress-fill').style.width = (progress * 100).toFixed(1) + '%';
  $('phase-progress-text').textContent = Math.round(progress * 100) + '%';
  $('phase-progress').setAttribute('aria-valuenow', String(Math.round(progress * 100)));

  const planned = Array.isArray(s.phases) ? s.phases.map(phaseName).filter(Boolean) : [];
  const current = phaseName(s.current_phase);
  const currentIndex = planned.indexOf(current);
  $('phase-strip').replaceChildren(...planned.map((phase, i) => {
    const item = el('li', {class: i < currentIndex ? 'done' : (i === currentIndex && active ? 'current' : '')},
      phase);
    item.style.borderLeft = '4px solid ' + phaseColor(phase);
    return item;
  }));
  $('stop-button').disabled = !active;
}

let chartFrame = false;

function renderCharts() {
  if (chartFrame) {
    return;
  }
  chartFrame = true;
  requestAnimationFrame(() => {
    chartFrame = false;
    const bands = phaseBands(view.points);
    loadChart.update(view.points, bands);
    hostChart.update(view.points, bands);
  });
}

function agentLoad(agent) {
  const direct = num(agent.achieved_load_percent) ?? num(agent.achieved_load);
  if (direct !== null) {
    return pct(direct);
  }
  // GET /agents and the state message give each generator's latest reading (target and achieved percent).
  const generators = agent.generators && typeof agent.generators === 'object' ? agent.generators : {};
  const parts = RESOURCES.filter(r => generators[r.key] && num(generators[r.key].achieved_percent) !== null)
    .map(r => r.label + ' ' + pct(generators[r.key].achieved_percent));
  return parts.join(' · ') || '–';
}

function agentLease(agent) {
  const expires = num(agent.lease_expires_at_ms);
  if (expires !== null) {
    const left = (expires - Date.now()) / 1000;
    return left > 0 ? left.toFixed(1) + 's left' : 'expired';
  }
  const seen = num(agent.last_seen_ms);
  return seen !== null ? 'seen ' + Math.max(0, (Date.now() - seen) / 1000).toFixed(0) + 's ago' : '–';
}

function renderAgents() {
  const agents = [...view.agents.values()].sort((a, b) => agentId(a).localeCompare(agentId(b)));
  $('agents').replaceChildren(...agents.map(agent =>
    el('tr', null, el('td', null, agentId(agent)), el('td', null, agentLoad(agent)),
      el('td', null, agentLease(agent)))));
  $('agent-count').textContent = String(agents.length);
  $('agents-empty').hidden = agents.length > 0;
}

function renderBreakers() {
  const breakers = [...view.breakers.values()].sort((a, b) => breakerId(a).localeCompare(breakerId(b)));
  $('breakers').replaceChildren(...breakers.map(b => {
    const state = String(b.state || b.to || '?').toLowerCase();
    return el('li', null, el('span', null, breakerId(b)), el('span', {class: 'chip ' + state}, state));
  }));
  $('breakers-empty').hidden = breakers.length > 0;
}

function renderSafetyEvents() {
  $('safety-events').replaceChildren(...view.safetyEvents.map(event =>
    el('li', {class: String(event.action || (event.to === 'open' ? 'warn' : '')).toLowerCase()},
      el('span', {class: 'time'}, clock(event.timestamp_ms)), ' ', describeSafetyEvent(event))));
  $('events-empty').hidden = view.safetyEvents.length > 0;
}

// ---------------------------------------------------------------- history

async function loadHistory(openCycleId) {
  let answer;
  try {
    answer = await api('GET', '/cycles');
  } catch (e) {
    if (!e.needsKey) {
      notify(e.message, 'error');
    }
    return;
  }
  const cycles = Array.isArray(answer) ? answer : (answer && Array.isArray(answer.cycles) ? answer.cycles : []);
  const rows = cycles.slice().sort((a, b) => (num(b.started_at_ms) || 0) - (num(a.started_at_ms) || 0));
  $('history').replaceChildren(...rows.map(cycle => {
    const id = cycle.cycle_id || cycle.id;
    const phases = Array.isArray(cycle.phases) ? cycle.phases : (Array.isArray(cycle.plan) ? cycle.plan : []);
    const knee = num(cycle.knee_load_percent);
    const row = el('tr', {dataset: {cycleId: id}, tabindex: '0', onclick: () => showReport(id),
        onkeydown: e => { if (e.key === 'Enter') { showReport(id); } }},
      el('td', null, id),
      el('td', null, num(cycle.started_at_ms) ? new Date(cycle.started_at_ms).toLocaleString() : '–'),
      el('td', null, phases.map(phaseName).filter(Boolean).join(', ') || '–'),
      el('td', null, el('span', {class: 'chip state-' + (cycle.outcome || cycle.state || '')},
        cycle.outcome || cycle.state || 'running')),
      el('td', null, knee === null ? '–' : knee.toFixed(1) + '%'));
    if (id === view.selectedCycle) {
      row.classList.add('selected');
    }
    return row;
  }));
  $('history-empty').hidden = rows.length > 0;
  if (openCycleId) {
    showReport(openCycleId);
  }
}

async function showReport(cycleId) {
  if (!cycleId) {
    return;
  }
  view.selectedCycle = cycleId;
  for (const row of $('history').children) {
    row.classList.toggle('selected', row.dataset.cycleId === cycleId);
  }
  let report;
  try {
    report = await api('GET', '/cycles/' + encodeURIComponent(cycleId));
  } catch (e) {
    notify(e.message, 'error');
    return;
  }
  renderReport(report || {});
}

function renderReport(report) {
  const container = $('report');
  const run = Array.isArray(report.phases) ? report.phases : [];
  const planSource = Array.isArray(report.plan) ? report.plan
    : (report.plan && Array.isArray(report.plan.phases) ? report.plan.phases : []);
  const runByName = new Map(run.map(p => [phaseName(p), p]));
  const names = planSource.map(phaseName).filter(Boolean);
  for (const name of runByName.keys()) {
    if (!names.includes(name)) {
      names.push(name);
    }
  }
  const violations = Array.isArray(report.violations) ? report.violations : [];
  const knee = num(report.knee_load_percent);
  const outcome = report.outcome || 'running';
  const rows = names.map(name => {
    const phase = runByName.get(name);
    const planned = planSource.find(p => phaseName(p) === name) || {};
    const plannedTarget = num(planned.target_load_percent) ?? num(planned.max_load_percent)
      ?? (phase ? num(phase.target_load_percent) : null);
    const count = violations.filter(v => phaseName(v.phase) === name).length
      + (phase && Array.isArray(phase.violations) ? phase.violations.length : 0);
    const duration = phase ? (num(phase.duration_seconds) ?? (num(phase.ended_at_ms) && num(phase.started_at_ms)
      ? (phase.ended_at_ms - phase.started_at_ms) / 1000 : null)) : null;
    return el('tr', null,
      el('td', null, name),
      el('td', null, pct(plannedTarget)),
      el('td', null, phase ? pct(num(phase.achieved_load_percent) ?? num(phase.achieved_load)) : '–'),
      el('td', null, phase ? secs(duration) : '–'),
      el('td', null, count ? String(count) : '0'),
      el('td', null, phase ? (phase.outcome || phase.status || 'run') : 'not run'));
  });
  container.replaceChildren(...[
    el('h3', null, 'Report · cycle ' + (report.cycle_id || view.selectedCycle)),
    el('div', {class: 'facts'},
      el('span', null, 'Outcome ', el('span', {class: 'chip state-' + outcome}, outcome)),
      report.aborted_by ? el('span', null, 'Aborted by ', el('strong', null, report.aborted_by)) : null,
      report.reason || report.abort_reason
        ? el('span', {class: 'muted'}, report.reason || report.abort_reason) : null,
      el('span', null, 'Knee ', el('strong', null, knee === null ? '–' : knee.toFixed(1) + '%')),
      el('span', null, 'Violations ', el('strong', null, String(violations.length)))),
    el('div', {class: 'table-wrap'}, el('table', {class: 'table'},
      el('thead', null, el('tr', null, ['Phase', 'Planned', 'Achieved', 'Ran', 'Violations', 'Result']
        .map(h => el('th', null, h)))),
      el('tbody', null, rows))),
    violations.length ? el('ol', {class: 'violations'},
      violations.map(v => el('li', null, describeSafetyEvent(v)))) : null,
  ].filter(Boolean));
  container.hidden = false;
}

// ---------------------------------------------------------------- controls

let estopCount = 0;

function emergencyStop() {
  const button = $('emergency-stop');
  button.classList.add('sent');
  setTimeout(() => button.classList.remove('sent'), 1500);
  const viaRest = () => api('POST', '/emergency/stop')
    .then(() => notify('Emergency stop acknowledged.', 'ok'))
    .catch(e => notify('EMERGENCY STOP FAILED: ' + e.message, 'error'));
  // The WebSocket is already open, so it is the fastest path; REST is the fallback when it is down or silent.
  const id = 'estop-' + (++estopCount);
  if (send({type: 'command', id, command: {type: 'emergency_stop'}})) {
    notify('Emergency stop sent…', 'ok');
    clearTimeout(pendingEstopAck);
    pendingEstopAck = setTimeout(() => {
      pendingEstopAck = null;
      viaRest();
    }, ESTOP_ACK_TIMEOUT_MS);
  } else {
    viaRest();
  }
}

function settleEstop(message) {
  if (!String(message.id || '').startsWith('estop-')) {
    return false;
  }
  clearTimeout(pendingEstopAck);
  pendingEstopAck = null;
  if (message.type === 'ack') {
    notify('Emergency stop acknowledged.', 'ok');
  } else {
    notify('EMERGENCY STOP FAILED: ' + (message.message || 'refused'), 'error');
  }
  reconcile();
  return true;
}

function confirmStart(title, text) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
    dialog.returnValue = '';
    dialog.showModal();
  });
}

function renderPhaseControls() {
  $('phase-picker').replaceChildren(...view.phases.map(phase =>
    el('label', null, el('input', {type: 'checkbox', name: 'phase', value: phase, id: 'pick-' + phase}), phase)));
  $('adjust-phase').replaceChildren(...view.phases.map(phase => el('option', {value: phase}, phase)));
}

async function loadPhases() {
  try {
    const answer = await api('GET', '/phases');
    const entries = Array.isArray(answer) ? answer
      : (answer && Array.isArray(answer.phases) ? answer.phases : (answer ? Object.keys(answer) : []));
    const names = entries.map(phaseName).filter(Boolean);
    if (names.length) {
      view.phases = PHASE_ORDER.filter(p => names.includes(p)).concat(names.filter(n => !PHASE_ORDER.includes(n)));
    }
  } catch (e) {
    if (!e.needsKey) {
      notify('Phases unavailable, showing the defaults: ' + e.message, 'error');
    }
  }
  renderPhaseControls();
}

function wireControls() {
  $('emergency-stop').addEventListener('click', emergencyStop);
  $('sign-in').addEventListener('click', askForKey);

  $('start-form').addEventListener('submit', async event => {
    event.preventDefault();
    const phases = view.phases.filter(p => $('pick-' + p) && $('pick-' + p).checked);
    if (!phases.length) {
      notify('Pick at least one phase to start a cycle.', 'error');
      return;
    }
    const override = $('override-safety').checked;
    const ok = await confirmStart('Start a stress cycle?',
      'Phases: ' + phases.join(' → ') + (override ? '. The safety interlock is OVERRIDDEN.' : '.'));
    if (!ok) {
      return;
    }
    const body = {phases};
    if (override) {
      body.override_safety = true;
    }
    try {
      const answer = await api('POST', '/cycle/start', body);
      notify('Cycle ' + (answer && answer.cycle_id ? answer.cycle_id + ' ' : '') + 'started.', 'ok');
      reconcile();
    } catch (e) {
      notify(e.message, 'error');
    }
  });

  $('stop-button').addEventListener('click', async () => {
    try {
      await api('POST', '/cycle/stop');
      notify('Graceful stop requested: ramping down.', 'ok');
    } catch (e) {
      notify(e.message, 'error');
    }
  });

  $('adjust-form').addEventListener('submit', async event => {
    event.preventDefault();
    const targetLoad = Number($('adjust-load').value);
    try {
      await api('POST', '/load/adjust', {phase: $('adjust-phase').value, target_load: targetLoad});
      notify('Target of ' + $('adjust-phase').value + ' set to ' + targetLoad + '%.', 'ok');
    } catch (e) {
      notify(e.message, 'error');
    }
  });

  $('quick-form').addEventListener('submit', async event => {
    event.preventDefault();
    const targetLoad = Number($('quick-load').value);
    const duration = Number($('quick-duration').value);
    const override = $('override-safety').checked;
    const ok = await confirmStart('Start a quick test?', 'Hold ' + targetLoad + '% for ' + duration + ' s'
      + (override ? '. The safety interlock is OVERRIDDEN.' : '.'));
    if (!ok) {
      return;
    }
    const body = {target_load: targetLoad, duration};
    if (override) {
      body.override_safety = true;
    }
    try {
      const answer = await api('POST', '/cycle/quick', body);
      notify('Quick test ' + (answer && answer.cycle_id ? answer.cycle_id + ' ' : '') + 'started.', 'ok');
      reconcile();
    } catch (e) {
      notify(e.message, 'error');
    }
  });

  $('history-refresh').addEventListener('click', () => loadHistory(view.selectedCycle));
}

/** Agents, breakers and leases are not in every live update, so the full status is re-read now and then. */
async function reconcile() {
  try {
    applyStatus(await api('GET', '/status'));
  } catch (e) {
    // the WebSocket indicator already says the orchestrator is unreachable
  }
}

function tickLeases() {
  if (view.agents.size) {
    renderAgents();
  }
}

// For operators debugging a proxy and for the browser tests: drop the socket to exercise the reconnect.
window.stressDashboard = Object.freeze({
  dropConnection: () => socket && socket.close(),
});

wireControls();
renderPhaseControls();
renderCycle();
renderAgents();
renderBreakers();
renderSafetyEvents();
// Ask over REST first: with auth on and no key, a refused WebSocket handshake would tell nothing useful.
api('GET', '/status').then(applyStatus, () => {}).finally(() => {
  if (!authBlocked) {
    connect();
  } else {
    setConnection('API key needed', 'chip chip-off');
  }
});
loadPhases();
loadHistory(null);
setInterval(() => {
  if (socket && socket.readyState === WebSocket.OPEN) {
    reconcile();
  }
}, RECONCILE_MS);
setInterval(tickLeases, 1000);
