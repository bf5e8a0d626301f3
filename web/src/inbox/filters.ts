// What the inbox shows: a saved view (open, the default: conversations waiting on the
// shop; mine, unassigned, overdue; failed: replies that did not reach the customer, in
// any status; all: every status) narrowed by filters, the status filter among them.
// Kept in the URL's query so a view can be bookmarked and survives reload.
import { query } from '../api/client';

export type SavedView = 'open' | 'mine' | 'unassigned' | 'overdue' | 'failed' | 'all';
const NAMED_VIEWS: SavedView[] = ['mine', 'unassigned', 'overdue', 'failed', 'all'];

// The status a view shows until the status filter says otherwise: 「すべて」 is every
// status; the others, the open conversations.
export function defaultStatus(view: SavedView): string {
  return view === 'all' ? 'any' : 'open';
}

export interface InboxFilter {
  view: SavedView;
  status: string; // a Status, or 'any'
  channel: string;
  assignee: string; // agent id, "none", or ""
  tag: string;
  intent: string;
}

export function filterFromUrl(search: string): InboxFilter {
  const params = new URLSearchParams(search);
  const wanted = params.get('view');
  const view = NAMED_VIEWS.find((v) => v === wanted) ?? 'open';
  return {
    view,
    status: params.get('status') ?? defaultStatus(view),
    channel: params.get('channel') ?? '',
    assignee: params.get('assignee') ?? '',
    tag: params.get('tag') ?? '',
    intent: params.get('intent') ?? '',
  };
}

export function filterToUrl(filter: InboxFilter): string {
  return query({
    view: filter.view === 'open' ? '' : filter.view,
    status: filter.status === defaultStatus(filter.view) ? '' : filter.status,
    channel: filter.channel,
    assignee: filter.assignee,
    tag: filter.tag,
    intent: filter.intent,
  });
}

// The list request for one page (of `limit` rows); the saved view decides the assignee.
export function listPath(filter: InboxFilter, myAgentId: number, cursor: string | null, limit = 200): string {
  let assignee = filter.assignee;
  if (filter.view === 'mine') assignee = String(myAgentId);
  if (filter.view === 'unassigned') assignee = 'none';
  // A failed delivery reopens its conversation, but the view shows every status.
  const status = filter.status === 'any' || filter.view === 'failed' ? '' : filter.status;
  return (
    '/api/v1/conversations' +
    query({
      sort: 'due',
      limit,
      status,
      channel: filter.channel,
      assignee,
      tag: filter.tag,
      intent: filter.intent,
      delivery: filter.view === 'failed' ? 'failed' : '',
      cursor,
    })
  );
}
