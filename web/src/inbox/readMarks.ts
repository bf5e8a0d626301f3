// My read marks: the open conversation marks itself read (or unread again, on request),
// and the inbox hears of it at once to drop or restore the row's unread mark and count.
import { apiSend } from '../api/client';

type Listener = (id: number, unread: boolean) => void;
const listeners = new Set<Listener>();

export function onReadChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function setRead(id: number, read: boolean): Promise<void> {
  await apiSend(read ? 'POST' : 'DELETE', `/api/v1/conversations/${id}/read`);
  listeners.forEach((listener) => listener(id, !read));
}
