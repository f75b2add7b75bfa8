// The orchestrator's live dashboard: one WebSocket (/ws) for the live state, REST for commands, the plan and the
// history. This module holds the one current state and wires the others: messages and answers go through the pure
// functions of state.js, the view redraws what changed.
import {OrchestratorApi} from './api.js';
import {wireControls} from './controls.js';
import {DashboardView} from './render.js';
import {LiveSocket} from './socket.js';
import {applyMessage, applyStatus, initialState, selectCycle, withBreakers, withHistory, withPhases, withReport}
  from './state.js';

/** Agents, breakers and the plan are not in every live update, so the full status (and the breakers) is re-read this often. */
const RECONCILE_MS = 3000;
const LAST_SEEN_TICK_MS = 1000;

const view = new DashboardView(showReport, resetBreaker);
const api = new OrchestratorApi(() => view.showSignIn());
const live = new LiveSocket({
  url: () => api.socketUrl(),
  onMessage,
  onConnection: name => view.setConnection(name),
  mayReconnect: () => !api.blocked,
});
let state = initialState();

function commit(next) {
  const previous = state;
  state = next;
  view.render(previous, next);
}

function onMessage(message) {
  commit(applyMessage(state, message));
  switch (message.type) {
    case 'phase_change':
      reconcile();
      break;
    case 'cycle_report':
      reconcile();
      loadHistory(message.report.cycle_id);
      break;
    case 'ack':
      settleCommand(message);
      break;
    case 'error':
      if (!settleCommand(message)) {
        view.notify(message.message, 'error');
      }
      break;
    default:
      break;
  }
}

async function reconcile() {
  let status;
  try {
    status = await api.request('GET', '/status');
  } catch (e) {
    // the connection chip already says the orchestrator is unreachable
    return;
  }
  commit(applyStatus(state, status));
  if (status.safety_online) {
    loadBreakers();
  }
}

/**
 * safety-service's breakers through the orchestrator, asked only while safety heartbeats: offline, it could not
 * answer, and the live transitions stand.
 */
async function loadBreakers() {
  let answer;
  try {
    answer = await api.request('GET', '/breakers');
  } catch (e) {
    return;
  }
  commit(withBreakers(state, answer));
}

/** Resetting needs the admin role when access control is on: the answer says so otherwise. */
async function resetBreaker(breakerId) {
  try {
    await api.request('POST', '/breakers/' + encodeURIComponent(breakerId) + '/reset');
    view.notify('Breaker ' + breakerId + ' reset.', 'ok');
  } catch (e) {
    view.notify(e.message, 'error');
  }
  loadBreakers();
}

async function loadPhases() {
  let answer;
  try {
    answer = await api.request('GET', '/phases');
  } catch (e) {
    if (!e.needsKey) {
      view.notify('Phases unavailable, showing the defaults: ' + e.message, 'error');
    }
    return;
  }
  commit(withPhases(state, answer));
}

/** Re-reads the history, then opens the report of openCycleId when given. */
async function loadHistory(openCycleId) {
  let answer;
  try {
    answer = await api.request('GET', '/cycles');
  } catch (e) {
    if (!e.needsKey) {
      view.notify(e.message, 'error');
    }
    return;
  }
  commit(withHistory(state, answer));
  if (openCycleId) {
    showReport(openCycleId);
  }
}

async function showReport(cycleId) {
  commit(selectCycle(state, cycleId));
  let report;
  try {
    report = await api.request('GET', '/cycles/' + encodeURIComponent(cycleId));
  } catch (e) {
    view.notify(e.message, 'error');
    return;
  }
  commit(withReport(state, report));
}

const settleCommand = wireControls({
  api, live, view, reconcile,
  refreshHistory: () => loadHistory(state.selectedCycle),
  useKey: key => {
    api.useKey(key);
    live.restart();
    loadPhases();
    loadHistory(state.selectedCycle);
    reconcile();
  },
});

// For operators debugging a proxy and for the browser tests: drop the socket to exercise the reconnect.
window.stressDashboard = Object.freeze({
  dropConnection: () => live.drop(),
});

view.renderInitial(state);
// Ask over REST first: with auth on and no key, a refused WebSocket handshake would tell nothing useful.
api.request('GET', '/status').then(status => {
  commit(applyStatus(state, status));
  if (status.safety_online) {
    loadBreakers();
  }
}, () => {}).finally(() => {
  if (api.blocked) {
    view.setConnection('key-needed');
  } else {
    live.connect();
  }
});
loadPhases();
loadHistory(null);
setInterval(() => {
  if (live.open) {
    reconcile();
  }
}, RECONCILE_MS);
setInterval(() => {
  if (Object.keys(state.agents).length) {
    view.renderAgents(state.agents, Date.now());
  }
}, LAST_SEEN_TICK_MS);
