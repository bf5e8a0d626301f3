// Telling an agent about new customer mail, conversations newly assigned to them and
// notes that mention them: a desktop notification while the desk is not in front (when
// they switched it on and the browser allows it) and a short chime (when switched on).
// Both switches are this browser's, kept in localStorage. A burst (a mail import) makes
// one summary. A mention is also shown inside the desk (onNotice), whatever the switches.
import { apiGet } from '../api/client';
import type { ConversationDetail, LiveEvent } from '../api/types';
import { t } from '../i18n/i18n';
import { onLiveEvent } from '../live/socket';
import { navigate } from './router';

export interface NotifyPrefs {
  desktop: boolean;
  sound: boolean;
}

const KEY = 'shopdesk.notify';
const BURST_MS = 1500;

export function notifyPrefs(): NotifyPrefs {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<NotifyPrefs>;
    return { desktop: saved.desktop === true, sound: saved.sound === true };
  } catch {
    return { desktop: false, sound: false };
  }
}

export function desktopAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

// Saves the switches; switching desktop notifications on asks the browser first
// (false when it refuses). Called from a click, which also lets the chime play.
export async function setNotifyPrefs(prefs: NotifyPrefs): Promise<boolean> {
  let ok = true;
  if (prefs.desktop && typeof Notification !== 'undefined' && Notification.permission !== 'granted') {
    ok = (await Notification.requestPermission()) === 'granted';
  } else if (prefs.desktop && typeof Notification === 'undefined') {
    ok = false;
  }
  const saved = { ...prefs, desktop: prefs.desktop && ok };
  localStorage.setItem(KEY, JSON.stringify(saved));
  if (saved.sound) unlockAudio();
  return ok;
}

let audio: AudioContext | null = null;

// Browsers start sound only after a gesture: the context is made (or resumed) on one.
function unlockAudio(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume();
}

function chime(): void {
  if (!audio) return;
  const start = audio.currentTime;
  const tone = audio.createOscillator();
  const gain = audio.createGain();
  tone.frequency.value = 880;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.4);
  tone.connect(gain).connect(audio.destination);
  tone.start(start);
  tone.stop(start + 0.45);
}

export interface Pending {
  conversationId: number;
  title: string;
  body: string;
}

// Notices shown inside the desk (mentions), for the App's toasts.
const noticeListeners = new Set<(notice: Pending) => void>();
export function onNotice(listener: (notice: Pending) => void): () => void {
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

// Calls `then` with the conversation's subject (not at all when it cannot be read).
function withSubject(id: number, then: (subject: string) => void): void {
  apiGet<ConversationDetail>(`/api/v1/conversations/${id}`)
    .then((detail) => then(detail.conversation.subject || t('conversation.no_subject')))
    .catch(() => {
      // Not visible any more: nothing to tell.
    });
}

// Listens to the shop's live events for the agent `me` until the returned function
// is called.
export function startNotifier(me: number): () => void {
  let pending: Pending[] = [];
  let timer: number | undefined;
  const onGesture = () => {
    if (notifyPrefs().sound) unlockAudio();
  };
  window.addEventListener('pointerdown', onGesture, { once: true });

  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    const prefs = notifyPrefs();
    if (prefs.sound) chime();
    const inFront = document.visibilityState === 'visible' && document.hasFocus();
    if (!prefs.desktop || !desktopAllowed() || inFront) return;
    const one = batch.length === 1 ? batch[0] : null;
    const shown = new Notification(one ? one.title : t('notify.many', { n: batch.length }), {
      body: one ? one.body : batch.map((p) => p.body).slice(0, 3).join('\n'),
      tag: one ? `conversation-${one.conversationId}` : 'shopdesk-burst',
    });
    shown.onclick = () => {
      window.focus();
      navigate(one ? `/conversations/${one.conversationId}` : '/inbox');
      shown.close();
    };
  };
  const add = (item: Pending) => {
    pending.push(item);
    if (timer === undefined) timer = window.setTimeout(flush, BURST_MS);
  };

  const stop = onLiveEvent((event: LiveEvent) => {
    const id = event.conversation_id;
    const data = event.data ?? {};
    if (!id) return;
    if (event.type === 'message.created' && data.direction === 'inbound') {
      add({
        conversationId: id,
        title: t('notify.new_message', { name: String(data.from_name || t('customer.unknown')) }),
        body: String(data.subject || t('conversation.no_subject')),
      });
    } else if (
      event.type === 'conversation.updated' &&
      data.assignee_id === me &&
      Array.isArray(data.changed) &&
      data.changed.includes('assignee_id')
    ) {
      withSubject(id, (subject) => add({ conversationId: id, title: t('notify.assigned'), body: subject }));
    } else if (event.type === 'message.created' && data.direction === 'note' && Array.isArray(data.mentions) && data.mentions.includes(me)) {
      withSubject(id, (subject) => {
        const notice = { conversationId: id, title: t('notify.mentioned', { name: String(data.from_name || '') }), body: subject };
        noticeListeners.forEach((listener) => listener(notice));
        add(notice);
      });
    }
  });
  return () => {
    stop();
    window.clearTimeout(timer);
    window.removeEventListener('pointerdown', onGesture);
  };
}
