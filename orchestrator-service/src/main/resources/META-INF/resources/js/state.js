// The dashboard's state and the pure functions that fold the orchestrator's answers into it: the old state and a
// message in, a new state out. They touch no DOM, read no clock and never change their inputs, so a browser test can
// check each one alone and render.js can tell what changed by comparing references.

export const PHASE_ORDER = Object.freeze(['idle', 'light', 'medium', 'heavy', 'extreme', 'critical', 'chaos']);
export const RESOURCES = Object.freeze([
  {key: 'cpu', label: 'CPU', color: '#e4572e'},
  {key: 'memory', label: 'Memory', color: '#1f9e89'},
  {key: 'io', label: 'I/O', color: '#7d5ba6'},
  {key: 'network', label: 'Network', color: '#f0a020'},
]);
/** The charts show up to this much of the past. */
export const WINDOW_MS = 120000;
const MAX_POINTS = 1200;
/** Points are kept this much longer than the window, so a line enters from the chart's edge. */
const WINDOW_SLACK_MS = 5000;
/** Points of one phase further apart than this (the socket was down) start a new band. */
const BAND_GAP_MS = 5000;
const MAX_FEED = 100;

/** Before the orchestrator answered: idle, safety liveness unknown (null), no plan. */
export function initialState() {
  return {
    status: {state: 'idle', phases: [], safety_online: null},
    points: [],
    agents: {},
    hosts: [],
    links: [],
    breakers: {},
    breakerViews: {},
    safetyEvents: [],
    cycleLog: [],
    phases: PHASE_ORDER,
    history: [],
    selectedCycle: null,
    report: null,
  };
}

/**
 * Folds one /ws message in. cycle_report, ack and error leave the state as it is: the page answers them by
 * re-reading the status and the history.
 */
export function applyMessage(state, message) {
  switch (message.type) {
    case 'state':
      return applyStatus(state, message);
    case 'real_time_update':
      return applyUpdate(state, message);
    case 'phase_change':
      return logCycle(state, message.timestamp_ms, describePhaseChange(message));
    case 'safety_event':
      return applySafetyEvent(state, message.event);
    case 'agent_joined': {
      const agents = {...state.agents, [message.agent.id]: message.agent};
      return logCycle({...state, agents}, message.timestamp_ms, 'agent joined: ' + message.agent.id);
    }
    case 'agent_left': {
      const agents = {...state.agents};
      delete agents[message.agent.id];
      return logCycle({...state, agents}, message.timestamp_ms, 'agent left: ' + message.agent.id);
    }
    default:
      return state;
  }
}

/** The full status document: GET /status, or the state message that opens every /ws connection. */
export function applyStatus(state, status) {
  return {
    ...state,
    status,
    agents: Object.fromEntries(status.agents.map(agent => [agent.id, agent])),
    hosts: status.hosts,
    links: status.network_links,
    breakers: Object.fromEntries(status.breakers.map(breaker => [breaker.breaker_id, breaker])),
  };
}

/**
 * A real_time_update: the cycle's figures, one chart point, and each host's target against achieved with the network
 * links. It carries no elapsed and remaining seconds, so those stay as the last status had them.
 */
/** probe.<name>.p95_ms (http, tcp) or probe.<name> (promql): the probe figures the dashboard charts. */
export function isChartedProbeMetric(metric) {
  const parts = metric.split('.');
  return parts[0] === 'probe' && (parts.length === 2 || (parts.length === 3 && parts[2] === 'p95_ms'));
}

export function applyUpdate(state, update) {
  const status = {
    ...state.status,
    cycle_id: update.cycle_id,
    current_phase: update.phase,
    current_load_percent: update.current_load_percent,
    target_load_percent: update.target_load_percent,
    phase_progress: update.phase_progress,
    state: update.state,
  };
  const metrics = update.metrics;
  const values = {
    cpu_usage: num(metrics.cpu_usage),
    cpu_steal: num(metrics.cpu_steal),
    memory_usage: num(metrics.memory_usage),
    disk_mbps: sumMb(metrics.disk_read_bytes, metrics.disk_write_bytes),
    network_mbps: sumMb(metrics.network_rx_bytes, metrics.network_tx_bytes),
  };
  for (const r of RESOURCES) {
    values['target_' + r.key] = num(update.target[r.key]);
    values['achieved_' + r.key] = num(update.achieved[r.key]);
  }
  // The plan's probes beside the load: each timed probe's p95, each PromQL probe's value (probe.<name>).
  values.load = num(update.current_load_percent);
  for (const [metric, value] of Object.entries(update.probes || {})) {
    if (isChartedProbeMetric(metric)) {
      values[metric] = num(value);
    }
  }
  const t = update.timestamp_ms;
  const points = [...state.points, {t, phase: update.phase, values}];
  const cutoff = t - WINDOW_MS - WINDOW_SLACK_MS;
  let first = Math.max(0, points.length - MAX_POINTS);
  while (first < points.length && points[first].t < cutoff) {
    first++;
  }
  return {...state, status, points: points.slice(first), hosts: update.hosts, links: update.network_links};
}

/** A Violation or a BreakerTransition; a transition also sets its breaker's state. */
export function applySafetyEvent(state, event) {
  const breakers = isBreakerTransition(event) ? {...state.breakers, [event.breaker_id]: event} : state.breakers;
  return {...state, breakers, safetyEvents: [event, ...state.safetyEvents].slice(0, MAX_FEED)};
}

/** GET /breakers: safety-service's own view of every breaker (state, open until, the cycle it opened in). */
export function withBreakers(state, answer) {
  return {...state, breakerViews: Object.fromEntries(answer.breakers.map(b => [b.breaker_id, b]))};
}

/**
 * The breakers as the page lists them, by id: the state from whichever is newer, safety's view (GET /breakers)
 * or the last transition heard live, and "open until" from the view while it says open.
 */
export function breakerRows(breakers, views) {
  const ids = [...new Set([...Object.keys(breakers), ...Object.keys(views)])].sort();
  return ids.map(id => {
    const transition = breakers[id];
    const view = views[id];
    const viewIsNewer = view && (!transition || num(view.since_ms) >= num(transition.timestamp_ms));
    const state = viewIsNewer ? view.state : transition.to;
    return {
      id,
      state,
      openUntilMs: state === 'open' && view && view.state === 'open' ? num(view.open_until_ms) : null,
      openedInCycle: view ? view.opened_in_cycle || null : null,
    };
  });
}

/** The phases GET /phases configures, in the order of a cycle. */
export function withPhases(state, answer) {
  const names = answer.phases.map(phase => phase.name);
  return {...state, phases: PHASE_ORDER.filter(phase => names.includes(phase))};
}

/** GET /cycles: the summaries, newest first as the server sorts them. */
export function withHistory(state, answer) {
  return {...state, history: answer.cycles};
}

export function selectCycle(state, cycleId) {
  return {...state, selectedCycle: cycleId};
}

/** GET /cycles/{id}: the report of the selected cycle. */
export function withReport(state, report) {
  return {...state, report};
}

/** Consecutive points of one phase as one band [from, to] for the charts. */
export function phaseBands(points) {
  const bands = [];
  let previousT = null;
  for (const point of points) {
    const last = bands[bands.length - 1];
    if (point.phase && last && last.phase === point.phase && previousT !== null && point.t - previousT < BAND_GAP_MS) {
      last.to = point.t;
    } else if (point.phase) {
      bands.push({phase: point.phase, from: point.t, to: point.t});
    }
    previousT = point.t;
  }
  return bands;
}

export function isBreakerTransition(event) {
  return event.breaker_id !== undefined;
}

/** A number, or null for null, a missing value or NaN. */
export function num(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function sumMb(a, b) {
  const x = num(a);
  const y = num(b);
  if (x === null && y === null) {
    return null;
  }
  return ((x || 0) + (y || 0)) / 1e6;
}

function describePhaseChange(message) {
  return (message.event_type || message.event).replace(/_/g, ' ') + (message.phase ? ': ' + message.phase : '');
}

function logCycle(state, timestampMs, text) {
  return {...state, cycleLog: [{t: timestampMs, text}, ...state.cycleLog].slice(0, MAX_FEED)};
}
