// Bulk actions over selected conversations: one request per conversation, four at a
// time, with progress; failures are counted and named, never silently dropped.
import { apiGet, apiSend } from '../api/client';
import type { Conversation, ConversationPage, ConversationRow } from '../api/types';

export type BulkAction =
  | { kind: 'assign'; agentId: number | null }
  | { kind: 'tag'; tag: string; currentTags: Map<number, string[]> }
  | { kind: 'resolve' }
  | { kind: 'spam' }
  | { kind: 'no_reply_needed' };

export interface BulkResult {
  done: number;
  failed: { id: number; message: string }[];
}

function requestFor(id: number, action: BulkAction): Promise<Conversation> {
  const base = `/api/v1/conversations/${id}`;
  switch (action.kind) {
    case 'assign':
      return apiSend('POST', `${base}/assign`, { agent_id: action.agentId });
    case 'tag': {
      const tags = action.currentTags.get(id) ?? [];
      return apiSend('PUT', `${base}/tags`, { tags: tags.includes(action.tag) ? tags : [...tags, action.tag] });
    }
    case 'resolve':
      return apiSend('POST', `${base}/status`, { status: 'resolved' });
    case 'spam':
      return apiSend('POST', `${base}/flags`, { spam: true });
    case 'no_reply_needed':
      return apiSend('POST', `${base}/flags`, { no_reply_needed: true });
  }
}

export async function runBulk(
  ids: number[],
  action: BulkAction,
  onProgress: (done: number, total: number) => void,
): Promise<BulkResult> {
  const result: BulkResult = { done: 0, failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      try {
        await requestFor(id, action);
        result.done++;
      } catch (e) {
        result.failed.push({ id, message: (e as Error).message });
      }
      onProgress(result.done + result.failed.length, ids.length);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return result;
}

// Every conversation of the view (`path(cursor)` gives the list request of a page), page
// by page, as id → tags; `keep` stops at the first row that is not in the view (the
// overdue view's pages are sorted by due time). For "select all" across pages.
export async function collectView(
  path: (cursor: string | null) => string,
  keep: (row: ConversationRow) => boolean,
  onProgress: (found: number) => void,
): Promise<Map<number, string[]>> {
  const found = new Map<number, string[]>();
  let cursor: string | null = null;
  for (;;) {
    const page: ConversationPage = await apiGet<ConversationPage>(path(cursor));
    for (const row of page.items) {
      if (!keep(row)) return found;
      found.set(row.id, row.tags);
    }
    onProgress(found.size);
    cursor = page.next_cursor;
    if (cursor === null) return found;
  }
}
