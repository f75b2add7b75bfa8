// The operator's controls: start, quick test, graceful stop, adjust, the API key dialog, and the EMERGENCY STOP,
// which goes over the open socket and falls back to REST.
import {$} from './render.js';

const ESTOP_ACK_TIMEOUT_MS = 1500;
const ESTOP_FLASH_MS = 1500;

/** Halts every agent now: never confirmed, never waits for anything but the orchestrator's answer. */
class EmergencyStop {
  constructor(api, live, view, reconcile) {
    this.api = api;
    this.live = live;
    this.view = view;
    this.reconcile = reconcile;
    this.count = 0;
    this.pendingAck = null;
  }

  press() {
    const button = $('emergency-stop');
    button.classList.add('sent');
    setTimeout(() => button.classList.remove('sent'), ESTOP_FLASH_MS);
    const viaRest = () => this.api.request('POST', '/emergency/stop')
      .then(() => this.view.notify('Emergency stop acknowledged.', 'ok'))
      .catch(e => this.view.notify('EMERGENCY STOP FAILED: ' + e.message, 'error'));
    // The WebSocket is already open, so it is the fastest path; REST is the fallback when it is down or silent.
    const id = 'estop-' + (++this.count);
    if (this.live.send({type: 'command', id, command: {type: 'emergency_stop'}})) {
      this.view.notify('Emergency stop sent…', 'ok');
      clearTimeout(this.pendingAck);
      this.pendingAck = setTimeout(() => {
        this.pendingAck = null;
        viaRest();
      }, ESTOP_ACK_TIMEOUT_MS);
    } else {
      viaRest();
    }
  }

  /** Takes the socket's ack or error for an emergency stop; false for an answer to anything else. */
  settle(message) {
    if (!String(message.id || '').startsWith('estop-')) {
      return false;
    }
    clearTimeout(this.pendingAck);
    this.pendingAck = null;
    if (message.type === 'ack') {
      this.view.notify('Emergency stop acknowledged.', 'ok');
    } else {
      this.view.notify('EMERGENCY STOP FAILED: ' + message.message, 'error');
    }
    this.reconcile();
    return true;
  }
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

/** The key the operator entered (trimmed, possibly empty), or null when the dialog was cancelled. */
async function askForKey(currentKey) {
  const dialog = $('token-dialog');
  $('token-input').value = currentKey;
  dialog.returnValue = '';
  dialog.showModal();
  await new Promise(resolve => dialog.addEventListener('close', resolve, {once: true}));
  return dialog.returnValue === 'ok' ? $('token-input').value.trim() : null;
}

/**
 * Wires every control of the page.
 * @param deps {api, live, view, reconcile: () => void, refreshHistory: () => void, useKey: key => void}
 * @return the function that settles the socket's answer to an emergency stop (true when it was one)
 */
export function wireControls({api, live, view, reconcile, refreshHistory, useKey}) {
  const estop = new EmergencyStop(api, live, view, reconcile);
  $('emergency-stop').addEventListener('click', () => estop.press());
  $('sign-in').addEventListener('click', async () => {
    const key = await askForKey(api.key);
    if (key !== null) {
      useKey(key);
    }
  });

  // The overrides are read once, before the confirmation that names them.
  const overrides = () => ({interlock: $('override-safety').checked, watchdog: $('override-safety-watchdog').checked});
  const overrideNote = override => '.' + (override.interlock ? ' The safety interlock is OVERRIDDEN.' : '')
    + (override.watchdog ? ' The safety watchdog is OFF: the load keeps running if safety-service is lost.' : '');
  const start = async (path, body, override, what) => {
    if (override.interlock) {
      body.override_safety = true;
    }
    if (override.watchdog) {
      body.override_safety_watchdog = true;
    }
    try {
      const answer = await api.request('POST', path, body);
      view.notify(what + ' ' + answer.cycle_id + ' started.', 'ok');
      reconcile();
    } catch (e) {
      view.notify(e.message, 'error');
    }
  };

  $('start-form').addEventListener('submit', async event => {
    event.preventDefault();
    const phases = [...document.querySelectorAll('#phase-picker input:checked')].map(input => input.value);
    if (!phases.length) {
      view.notify('Pick at least one phase to start a cycle.', 'error');
      return;
    }
    const override = overrides();
    if (await confirmStart('Start a stress cycle?', 'Phases: ' + phases.join(' → ') + overrideNote(override))) {
      await start('/cycle/start', {phases}, override, 'Cycle');
    }
  });

  $('quick-form').addEventListener('submit', async event => {
    event.preventDefault();
    const targetLoad = Number($('quick-load').value);
    const duration = Number($('quick-duration').value);
    const override = overrides();
    if (await confirmStart('Start a quick test?',
      'Hold ' + targetLoad + '% for ' + duration + ' s' + overrideNote(override))) {
      await start('/cycle/quick', {target_load: targetLoad, duration}, override, 'Quick test');
    }
  });

  $('stop-button').addEventListener('click', async () => {
    try {
      await api.request('POST', '/cycle/stop');
      view.notify('Graceful stop requested: ramping down.', 'ok');
    } catch (e) {
      view.notify(e.message, 'error');
    }
  });

  $('adjust-form').addEventListener('submit', async event => {
    event.preventDefault();
    const phase = $('adjust-phase').value;
    const targetLoad = Number($('adjust-load').value);
    try {
      await api.request('POST', '/load/adjust', {phase, target_load: targetLoad});
      view.notify('Target of ' + phase + ' set to ' + targetLoad + '%.', 'ok');
    } catch (e) {
      view.notify(e.message, 'error');
    }
  });

  $('history-refresh').addEventListener('click', refreshHistory);
  return message => estop.settle(message);
}
