// The /ws connection: parses each message, reports the connection's state, and reconnects with back-off
// (0.5 s doubling to 5 s) unless reconnecting is pointless (no valid API key).

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

export class LiveSocket {
  /**
   * @param options {url: () => string, onMessage: message => void,
   *                 onConnection: ('connecting'|'live'|'reconnecting'|'key-needed') => void,
   *                 mayReconnect: () => boolean}
   */
  constructor(options) {
    this.options = options;
    this.socket = null;
    this.delay = FIRST_DELAY_MS;
    this.retry = null;
  }

  connect() {
    clearTimeout(this.retry);
    this.retry = null;
    const {url, onMessage, onConnection, mayReconnect} = this.options;
    const socket = new WebSocket(url());
    this.socket = socket;
    onConnection('connecting');
    socket.addEventListener('open', () => {
      this.delay = FIRST_DELAY_MS;
      onConnection('live');
    });
    socket.addEventListener('message', event => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      onMessage(message);
    });
    socket.addEventListener('close', () => {
      if (!mayReconnect()) {
        // Retrying without a valid key would only fill the console with refused handshakes.
        onConnection('key-needed');
        return;
      }
      onConnection('reconnecting');
      this.retry = setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    });
  }

  get open() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends at once when open; false when the socket is down. */
  send(message) {
    if (!this.open) {
      return false;
    }
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes the socket; it reconnects as after any drop. */
  drop() {
    if (this.socket) {
      this.socket.close();
    }
  }

  /** Connects again with the current URL (a new key): through the reconnect when a socket is up, else at once. */
  restart() {
    if (this.socket && this.socket.readyState !== WebSocket.CLOSED) {
      this.socket.close();
    } else {
      this.connect();
    }
  }
}
