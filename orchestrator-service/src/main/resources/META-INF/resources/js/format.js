// How the dashboard writes figures, agents and safety events as text: pure functions, the clock passed in.
import {RESOURCES, isBreakerTransition, num} from './state.js';

export function pct(value) {
  const n = num(value);
  return n === null ? '–' : n.toFixed(1) + '%';
}

export function secs(value) {
  const n = num(value);
  if (n === null) {
    return '–';
  }
  const total = Math.max(0, Math.round(n));
  return total >= 60 ? Math.floor(total / 60) + 'm' + String(total % 60).padStart(2, '0') + 's' : total + 's';
}

export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], {hour12: false});
}

/** Each generator's latest achieved percent, as GET /agents and the status give it. */
export function agentLoad(agent) {
  return RESOURCES.filter(r => agent.generators[r.key])
    .map(r => r.label + ' ' + pct(agent.generators[r.key].achieved_percent))
    .join(' · ') || '–';
}

/** A host's target against achieved for one resource: "50.0% / 49.6%"; "–" where nothing is asked or measured. */
export function targetVsAchieved(host, key) {
  const target = num(host.target[key]);
  if (target === null || target === 0) {
    return '–';
  }
  return pct(target) + ' / ' + pct(host.achieved[key]);
}

/** A network link as its sender reports it: "agent-a (node-a) → agent-b (node-b) 48.2 Mbps". */
export function describeLink(link) {
  const to = link.to_agent ? link.to_agent + ' (' + link.to_host + ')' : link.target;
  const mbps = num(link.mbps);
  return link.from_agent + ' (' + link.from_host + ') → ' + to + ' ' + (mbps === null ? '–' : mbps.toFixed(1)) + ' Mbps';
}

export function agentLastSeen(agent, nowMs) {
  return 'seen ' + Math.max(0, (nowMs - agent.last_seen_ms) / 1000).toFixed(0) + 's ago';
}

/** One line for a Violation or a BreakerTransition. */
export function describeSafetyEvent(event) {
  if (isBreakerTransition(event)) {
    return 'breaker ' + event.breaker_id + ': ' + event.from + ' → ' + event.to
      + (event.reason ? ' (' + event.reason + ')' : '');
  }
  // A stale-source violation has no value.
  const value = num(event.value);
  return ['[' + event.action + '/' + event.severity + ']', event.rule_id + ':',
    event.metric + (value !== null ? ' = ' + value.toFixed(1) : '') + ' (limit ' + event.threshold + ')',
    'on ' + event.source_id].join(' ');
}

/** The feed's class for an event: a violation's action, or warn for a breaker that opened. */
export function safetyEventClass(event) {
  if (isBreakerTransition(event)) {
    return event.to === 'open' ? 'warn' : '';
  }
  return event.action;
}
