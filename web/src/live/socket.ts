// The one WebSocket of the desk (/api/v1/events): live events of the current shop,
// and presence (who is viewing or typing where) both ways. Reconnects with back-off
// and asks for the events it missed (?after=last id); when too many were missed the
// server says "resync" and listeners reload.
import type { LiveEvent } from '../api/types';

type Listener = (event: LiveEvent) => void;

const listeners = new Set<Listener>();
let socket: WebSocket | null = null;
let shopId: number | null = null;
let lastEventId: number | null = null;
let retryDelay = 500;
let retryTimer: number | undefined;
let presence: { conversationId: number; state: 'viewing' | 'typing' } | null = null;
let presenceTimer: number | undefined;
let connected = false;
const statusListeners = new Set<(connected: boolean) => void>();

export function onLiveEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onConnectionChange(listener: (connected: boolean) => void): () => void {
  statusListeners.add(listener);
  listener(connected);
  return () => statusListeners.delete(listener);
}

function setConnected(value: boolean): void {
  connected = value;
  statusListeners.forEach((listener) => listener(value));
}

export function connectLive(shop: number): void {
  if (shopId === shop && socket) return;
  disconnectLive();
  shopId = shop;
  lastEventId = null;
  open();
}

export function disconnectLive(): void {
  shopId = null;
  window.clearTimeout(retryTimer);
  if (socket) {
    socket.onclose = null;
    socket.close();
    socket = null;
  }
  setConnected(false);
}

function open(): void {
  if (shopId === null) return;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const after = lastEventId !== null ? `&after=${lastEventId}` : '';
  const ws = new WebSocket(`${scheme}//${location.host}/api/v1/events?shop=${shopId}${after}`);
  socket = ws;
  ws.onopen = () => {
    retryDelay = 500;
    setConnected(true);
    sendPresence();
  };
  ws.onmessage = (message) => {
    let event: LiveEvent;
    try {
      event = JSON.parse(String(message.data)) as LiveEvent;
    } catch {
      return;
    }
    if (typeof event.id === 'number') lastEventId = Math.max(lastEventId ?? 0, event.id);
    listeners.forEach((listener) => listener(event));
  };
  ws.onclose = () => {
    socket = null;
    setConnected(false);
    retryTimer = window.setTimeout(open, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15_000);
  };
}

function sendPresence(): void {
  window.clearTimeout(presenceTimer);
  if (!presence || !socket || socket.readyState !== WebSocket.OPEN) return;
  socket.send(
    JSON.stringify({ type: 'presence', conversation_id: presence.conversationId, state: presence.state }),
  );
  // The server forgets presence that is not refreshed.
  presenceTimer = window.setTimeout(sendPresence, 10_000);
}

// Tells the others this agent is viewing or typing in a conversation; null leaves it.
export function setPresence(conversationId: number | null, state: 'viewing' | 'typing' = 'viewing'): void {
  if (conversationId === null) {
    if (presence && socket && socket.readyState === WebSocket.OPEN) {
      socket.send(
        JSON.stringify({ type: 'presence', conversation_id: presence.conversationId, state: 'left' }),
      );
    }
    presence = null;
    window.clearTimeout(presenceTimer);
    return;
  }
  if (presence && presence.conversationId === conversationId && presence.state === state) return;
  if (presence && presence.conversationId !== conversationId) setPresence(null);
  presence = { conversationId, state };
  sendPresence();
}
