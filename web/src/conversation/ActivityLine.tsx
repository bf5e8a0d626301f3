// One compact line in the thread for a change an agent (or the hold worker) made:
// status, assignee, team, tags, intent (core/conversation_activity.h).
import type { Activity } from '../api/types';
import { formatDateTime, language, t } from '../i18n/i18n';
import { intentLabel, statusLabel } from '../ui/labels';

interface Props {
  activity: Activity;
  who: string; // the agent's name ('' for the system or an agent no longer known)
  timeZone: string;
}

function quoted(items: unknown): string {
  const [open, close, gap] = language() === 'ja' ? ['「', '」', ''] : ['"', '"', ', '];
  return (Array.isArray(items) ? items : []).map((x) => `${open}${String(x)}${close}`).join(gap);
}

function sentence({ kind, detail, agent_id }: Activity, who: string, timeZone: string): string {
  const d = detail as Record<string, unknown>;
  const from = String(d.from ?? '');
  const to = String(d.to ?? '');
  switch (kind) {
    case 'status':
      if (agent_id === null && from === 'on_hold') return t('activity.hold_ended', { to: statusLabel(to) });
      if (to === 'on_hold' && d.until) return t('activity.hold_until', { who, until: formatDateTime(String(d.until), timeZone) });
      return t('activity.status', { who, to: statusLabel(to) });
    case 'assignee':
      return to ? t('activity.assigned', { who, to }) : t('activity.unassigned', { who, from });
    case 'team':
      return to ? t('activity.team', { who, to }) : t('activity.team_removed', { who, from });
    case 'tags': {
      const parts: string[] = [];
      if (Array.isArray(d.added) && d.added.length) parts.push(t('activity.tags_added', { who, tags: quoted(d.added) }));
      if (Array.isArray(d.removed) && d.removed.length) parts.push(t('activity.tags_removed', { who, tags: quoted(d.removed) }));
      return parts.join(t('activity.and'));
    }
    case 'intent':
      return to ? t('activity.intent', { who, to: intentLabel(to) }) : t('activity.intent_cleared', { who });
    default:
      return t('activity.other', { who, kind });
  }
}

export function ActivityLine({ activity, who, timeZone }: Props) {
  return (
    <p class="activity-line" data-testid="activity" data-kind={activity.kind}>
      <span>{sentence(activity, who || t('activity.system'), timeZone).replace(/^\s+/, '')}</span>
      <time dateTime={activity.at}>{formatDateTime(activity.at, timeZone)}</time>
    </p>
  );
}
