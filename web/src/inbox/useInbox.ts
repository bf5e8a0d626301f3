// The inbox's rows: the first page at once, more pages as the list is scrolled, and
// live events folded in without a reload (a changed conversation is fetched once,
// however many events name it within 150 ms).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiGet } from '../api/client';
import type { ConversationDetail, ConversationPage, ConversationRow, LiveEvent, ViewCounts } from '../api/types';
import { onLiveEvent } from '../live/socket';
import { urgencyAt } from '../ui/clock';
import { listPath, type InboxFilter } from './filters';
import { onReadChange } from './readMarks';

export interface InboxState {
  rows: ConversationRow[];
  // How many conversations have a failed delivery (from the latest first page).
  failedCount: number;
  // The open conversations' views' counts (store::ViewCounts, with my unread ones), from
  // the latest first page of an open view or refreshed after live changes; null until known.
  viewCounts: ViewCounts | null;
  loading: boolean;
  complete: boolean;
  error: string;
  loadMore: () => void;
  reload: () => void;
  replaceRow: (row: ConversationRow) => void;
}

// More changed conversations than this at once (a bulk action, a mail import): reload
// the first page rather than fetch each.
const MAX_FETCHES_PER_FLUSH = 40;

// The fields of a live event's data that are columns of a row.
const LIVE_FIELDS = ['status', 'spam', 'no_reply_needed', 'assignee_id', 'team_id', 'tags', 'intent', 'due_at', 'last_activity_at', 'message_count', 'delivery_failed_at', 'last_inbound_at', 'hold_until'];
// Live changes refresh the view counts at most this often (one small request).
const COUNTS_REFRESH_MS = 1500;

function withFields(row: ConversationRow, data: Record<string, unknown>): ConversationRow {
  const next: Record<string, unknown> = { ...row };
  for (const field of LIVE_FIELDS) if (field in data) next[field] = data[field];
  return next as unknown as ConversationRow;
}

// Most urgent first, as the server sorts: failed deliveries (oldest failure first),
// then by due time, then id; no due time last.
function compareByDue(a: ConversationRow, b: ConversationRow): number {
  const fa = a.delivery_failed_at;
  const fb = b.delivery_failed_at;
  if (fa && fb) return fa < fb ? -1 : fa > fb ? 1 : a.id - b.id;
  if (fa) return -1;
  if (fb) return 1;
  if (a.due_at && b.due_at) return a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : a.id - b.id;
  if (a.due_at) return -1;
  if (b.due_at) return 1;
  return 0;
}

function belongs(row: ConversationRow, filter: InboxFilter, myAgentId: number): boolean {
  if (filter.view === 'failed') {
    if (!row.delivery_failed_at) return false;
  } else if (filter.status && filter.status !== 'any' && row.status !== filter.status) return false;
  if (filter.channel && String(row.channel_id) !== filter.channel) return false;
  if (filter.tag && !row.tags.includes(filter.tag)) return false;
  if (filter.intent && row.intent !== filter.intent) return false;
  const assignee = filter.view === 'mine' ? String(myAgentId) : filter.view === 'unassigned' ? 'none' : filter.assignee;
  if (assignee === 'none' && row.assignee_id !== null) return false;
  if (assignee && assignee !== 'none' && String(row.assignee_id) !== assignee) return false;
  if (filter.view === 'overdue' && urgencyAt(row.due_at, Date.now()) !== 'overdue') return false;
  return true;
}

export function useInbox(filter: InboxFilter, myAgentId: number): InboxState {
  const [rows, setRows] = useState<ConversationRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState('');
  const [failedCount, setFailedCount] = useState(0);
  const [viewCounts, setViewCounts] = useState<ViewCounts | null>(null);
  const cursor = useRef<string | null>(null);
  const generation = useRef(0);
  const inFlight = useRef(false);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const fetchPage = useCallback(
    async (first: boolean) => {
      if (inFlight.current && !first) return;
      const mine = ++generation.current;
      inFlight.current = true;
      setLoading(true);
      try {
        const page = await apiGet<ConversationPage>(
          listPath(filterRef.current, myAgentId, first ? null : cursor.current),
        );
        if (mine !== generation.current) return;
        let items = page.items;
        let done = page.next_cursor === null;
        if (filterRef.current.view === 'overdue') {
          // Sorted by due time: the overdue ones are a prefix; stop at the first that is not.
          const now = Date.now();
          const cut = items.findIndex((row) => urgencyAt(row.due_at, now) !== 'overdue');
          if (cut >= 0) {
            items = items.slice(0, cut);
            done = true;
          }
        }
        cursor.current = page.next_cursor;
        if (page.delivery_failed_count !== undefined) setFailedCount(page.delivery_failed_count);
        // The counts are of the open conversations' views: taken from their pages only.
        if (page.view_counts && filterRef.current.status === 'open' && filterRef.current.view !== 'failed') {
          setViewCounts(page.view_counts);
        }
        setRows((old) => {
          if (first) return items;
          const seen = new Set(old.map((row) => row.id));
          return old.concat(items.filter((row) => !seen.has(row.id)));
        });
        setComplete(done);
        setError('');
      } catch (e) {
        if (mine === generation.current) setError((e as Error).message);
      } finally {
        if (mine === generation.current) {
          inFlight.current = false;
          setLoading(false);
        }
      }
    },
    [myAgentId],
  );

  // The counts again after live changes or my read marks: the first row of the open
  // view, for its counts only; many changes within the delay make one request.
  const countsTimer = useRef<number | undefined>(undefined);
  const refreshCounts = useCallback(() => {
    if (countsTimer.current !== undefined) return;
    countsTimer.current = window.setTimeout(() => {
      countsTimer.current = undefined;
      const open = { ...filterRef.current, view: 'open' as const, status: 'open' };
      apiGet<ConversationPage>(listPath(open, myAgentId, null, 1))
        .then((page) => {
          if (page.view_counts) setViewCounts(page.view_counts);
          if (page.delivery_failed_count !== undefined) setFailedCount(page.delivery_failed_count);
        })
        .catch(() => {
          // The next change or reload asks again.
        });
    }, COUNTS_REFRESH_MS);
  }, [myAgentId]);
  useEffect(() => () => window.clearTimeout(countsTimer.current), []);

  const key = JSON.stringify(filter);
  useEffect(() => {
    // Another view: never show the old view's rows while the new ones load.
    cursor.current = null;
    setRows([]);
    setComplete(false);
    void fetchPage(true);
    // A page of another status than open carries no counts of the open views: ask for them.
    if (filter.status !== 'open' || filter.view === 'failed') refreshCounts();
  }, [key, fetchPage, refreshCounts]);

  const replaceRow = useCallback(
    (row: ConversationRow) => {
      setRows((old) => upsert(old, row, filterRef.current, myAgentId, cursor.current === null));
    },
    [myAgentId],
  );

  // Live: a change whose event carries the new fields is applied as it is; a new
  // conversation or a new customer message (a new snippet) is fetched, batched, and a
  // burst of them reloads the first page instead. SLA alerts and delivery changes do
  // not change a row (the countdown runs from due_at on the client).
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    const pending = new Set<number>();
    let timer: number | undefined;
    const flush = () => {
      timer = undefined;
      const ids = [...pending];
      pending.clear();
      if (ids.length > MAX_FETCHES_PER_FLUSH) {
        void fetchPage(true);
        return;
      }
      for (const id of ids) {
        apiGet<ConversationDetail>(`/api/v1/conversations/${id}`)
          .then((detail) => {
            const inbound = detail.messages.filter((m) => m.direction === 'inbound');
            const snippet = inbound.length ? inbound[inbound.length - 1].text.slice(0, 140) : '';
            replaceRow({ ...detail.conversation, customer: detail.customer, snippet, unread: detail.unread });
          })
          .catch(() => {
            // Gone or not visible any more: drop it from the list.
            setRows((old) => old.filter((row) => row.id !== id));
          });
      }
    };
    const fetchLater = (id: number) => {
      pending.add(id);
      if (timer === undefined) timer = window.setTimeout(flush, 150);
    };
    const stop = onLiveEvent((event: LiveEvent) => {
      if (event.type === 'resync') {
        void fetchPage(true);
        return;
      }
      const id = event.conversation_id;
      if (!id) return;
      if (event.type !== 'presence') refreshCounts();
      const loaded = rowsRef.current.find((row) => row.id === id);
      const data = event.data ?? {};
      if (event.type === 'conversation.updated' && loaded) {
        replaceRow(withFields(loaded, data));
      } else if (event.type === 'message.created' && loaded && data.direction !== 'inbound') {
        replaceRow(withFields(loaded, (data.conversation ?? {}) as Record<string, unknown>));
      } else if (
        event.type === 'conversation.updated' &&
        typeof data.status === 'string' &&
        !['', 'any', data.status].includes(filterRef.current.status)
      ) {
        // Changed to a status this view does not show.
      } else if (
        event.type === 'conversation.created' ||
        event.type === 'conversation.updated' ||
        event.type === 'message.created'
      ) {
        fetchLater(id);
      }
    });
    return () => {
      stop();
      window.clearTimeout(timer);
    };
  }, [replaceRow, fetchPage, refreshCounts]);

  // My read marks, from the open conversation: the row at once, the counts soon.
  useEffect(
    () =>
      onReadChange((id, unread) => {
        setRows((old) => old.map((row) => (row.id === id && row.unread !== unread ? { ...row, unread } : row)));
        refreshCounts();
      }),
    [refreshCounts],
  );

  return {
    rows,
    failedCount,
    viewCounts,
    loading,
    complete,
    error,
    loadMore: () => {
      if (!complete && !inFlight.current && cursor.current !== null) void fetchPage(false);
    },
    reload: () => void fetchPage(true),
    replaceRow,
  };
}

// Puts `row` where the sort order says, or removes it when it no longer matches the
// view. A row that would sort after the last loaded one waits for its page, unless
// every page is loaded.
function upsert(
  rows: ConversationRow[],
  row: ConversationRow,
  filter: InboxFilter,
  myAgentId: number,
  allLoaded: boolean,
): ConversationRow[] {
  const without = rows.filter((r) => r.id !== row.id);
  if (!belongs(row, filter, myAgentId)) return without.length === rows.length ? rows : without;
  const last = without[without.length - 1];
  if (!allLoaded && last && compareByDue(row, last) > 0 && row.due_at) return without;
  let index = without.findIndex((r) => compareByDue(row, r) < 0);
  if (index < 0) index = without.length;
  const existing = rows.find((r) => r.id === row.id);
  if (existing && !row.due_at && !existing.due_at) {
    return rows.map((r) => (r.id === row.id ? row : r));
  }
  return [...without.slice(0, index), row, ...without.slice(index)];
}
