// What the inbox shows: a saved view (all, mine, unassigned, overdue, failed: replies
// that did not reach the customer, in any status) narrowed by filters. Kept in the URL's query so a view can be bookmarked and survives reload.
import { query } from '../api/client';

export type SavedView = 'all' | 'mine' | 'unassigned' | 'overdue' | 'failed';
const NAMED_VIEWS: SavedView[] = ['mine', 'unassigned', 'overdue', 'failed'];

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
  const view = params.get('view');
  return {
    view: NAMED_VIEWS.find((v) => v === view) ?? 'all',
    status: params.get('status') ?? 'open',
    channel: params.get('channel') ?? '',
    assignee: params.get('assignee') ?? '',
    tag: params.get('tag') ?? '',
    intent: params.get('intent') ?? '',
  };
}

export function filterToUrl(filter: InboxFilter): string {
  return query({
    view: filter.view === 'all' ? '' : filter.view,
    status: filter.status === 'open' ? '' : filter.status,
    channel: filter.channel,
    assignee: filter.assignee,
    tag: filter.tag,
    intent: filter.intent,
  });
}

// The list request for one page; the saved view decides the assignee.
export function listPath(filter: InboxFilter, myAgentId: number, cursor: string | null): string {
  let assignee = filter.assignee;
  if (filter.view === 'mine') assignee = String(myAgentId);
  if (filter.view === 'unassigned') assignee = 'none';
  // A failed delivery reopens its conversation, but the view shows every status.
  const status = filter.status === 'any' || filter.view === 'failed' ? '' : filter.status;
  return (
    '/api/v1/conversations' +
    query({
      sort: 'due',
      limit: 200,
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
