// Bulk actions over selected conversations: one request per conversation, four at a
// time, with progress; failures are counted and named, never silently dropped.
import { apiSend } from '../api/client';
import type { Conversation } from '../api/types';

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
