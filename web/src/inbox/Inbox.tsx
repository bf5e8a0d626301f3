// The inbox: the shop's conversations, most urgent first, in a virtualized list with
// saved views, filters, bulk actions and j/k/Enter/e on the keyboard.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { urgencyAt } from '../ui/clock';
import { navigate } from '../app/router';
import { canWrite, useDesk } from '../app/session';
import { t } from '../i18n/i18n';
import { useNow } from '../ui/clock';
import { STATUSES, statusLabel } from '../ui/labels';
import { channelLabel } from '../ui/ChannelIcon';
import { IntentOptions, useIntents } from '../ui/intents';
import { useShortcuts } from '../ui/shortcuts';
import { VirtualList } from '../ui/VirtualList';
import { CommitInput } from '../ui/CommitInput';
import { collectView, runBulk, type BulkAction } from './bulk';
import { defaultStatus, filterFromUrl, filterToUrl, listPath, type InboxFilter, type SavedView } from './filters';
import { InboxRow } from './InboxRow';
import { SavedViews } from './SavedViews';
import { useInbox } from './useInbox';

const VIEWS: SavedView[] = ['open', 'mine', 'unassigned', 'overdue', 'failed', 'all'];
// The view counts (store::ViewCounts) are of the open conversations' views.
const COUNTED: Partial<Record<SavedView, 'all' | 'mine' | 'unassigned' | 'overdue'>> = {
  open: 'all',
  mine: 'mine',
  unassigned: 'unassigned',
  overdue: 'overdue',
};
const TITLE = 'shopdesk';
// Phones get taller rows (44 px touch targets); read on each render, created once.
const PHONE = window.matchMedia('(max-width: 800px)');

export function Inbox({ activeId }: { activeId: number | null }) {
  const desk = useDesk();
  const [filter, setFilterState] = useState<InboxFilter>(() => filterFromUrl(location.search));
  const inbox = useInbox(filter, desk.shop.agent_id);
  const now = useNow();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  // The tags of every conversation of the view, once "select all" went across pages:
  // a bulk tag keeps each one's own tags.
  const [viewTags, setViewTags] = useState<Map<number, string[]> | null>(null);
  const [focus, setFocus] = useState(0);
  const [bulkStatus, setBulkStatus] = useState('');
  const [showFilters, setShowFilters] = useState(() => Boolean(filter.channel || filter.assignee || filter.tag || filter.intent || filter.status !== defaultStatus(filter.view)));
  const intents = useIntents();
  const rowHeight = PHONE.matches ? 92 : 84;

  const channelKinds = useMemo(() => new Map(desk.channels.map((c) => [c.id, c.kind])), [desk.channels]);
  const agentNames = useMemo(() => new Map(desk.agents.map((a) => [a.id, a.name || a.email])), [desk.agents]);

  useEffect(() => {
    if (inbox.rows.length > 0) performance.mark('inbox:interactive');
  }, [inbox.rows.length > 0]);

  // The tab says how many open conversations I have not read: "(3) shopdesk".
  const unread = inbox.viewCounts?.unread ?? 0;
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${TITLE}` : TITLE;
  }, [unread]);
  useEffect(() => () => void (document.title = TITLE), []);

  const clearSelection = () => {
    setSelected(new Set());
    setViewTags(null);
  };

  const setFilter = (next: InboxFilter) => {
    setFilterState(next);
    clearSelection();
    setFocus(0);
    if (location.pathname === '/inbox') history.replaceState(null, '', '/inbox' + filterToUrl(next));
  };

  const onSelect = useCallback((id: number, on: boolean) => {
    setViewTags(null);
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const bulk = async (action: BulkAction) => {
    const ids = [...selected];
    setBulkStatus(t('bulk.progress', { done: 0, total: ids.length }));
    const result = await runBulk(ids, action, (done, total) => setBulkStatus(t('bulk.progress', { done, total })));
    setBulkStatus(
      result.failed.length
        ? t('bulk.failed', { done: result.done, failed: result.failed.length, reason: result.failed[0].message })
        : t('bulk.done', { done: result.done }),
    );
    clearSelection();
    inbox.reload();
  };

  // Every conversation of the view, past the loaded pages.
  const selectWholeView = async () => {
    setBulkStatus(t('bulk.collecting', { n: 0 }));
    try {
      const found = await collectView(
        (cursor) => listPath(filter, desk.shop.agent_id, cursor),
        (row) => filter.view !== 'overdue' || urgencyAt(row.due_at, Date.now()) === 'overdue',
        (n) => setBulkStatus(t('bulk.collecting', { n })),
      );
      setViewTags(found);
      setSelected(new Set(found.keys()));
      setBulkStatus('');
    } catch (e) {
      setBulkStatus(t('bulk.collect_failed', { reason: (e as Error).message }));
    }
  };
  const allLoadedSelected = inbox.rows.length > 0 && inbox.rows.every((row) => selected.has(row.id));

  const open = (index: number) => {
    const row = inbox.rows[index];
    if (row) {
      performance.mark('conversation:open');
      navigate(`/conversations/${row.id}`);
    }
  };

  useShortcuts({
    j: () => setFocus((f) => Math.min(f + 1, inbox.rows.length - 1)),
    k: () => setFocus((f) => Math.max(f - 1, 0)),
    Enter: () => open(focus),
    e: () => {
      // With a conversation open, "e" resolves that one (the conversation view owns it).
      if (activeId !== null || !canWrite(desk)) return false;
      const row = inbox.rows[focus];
      if (row) void runBulk([row.id], { kind: 'resolve' }, () => {}).then(() => inbox.reload());
    },
  });

  const writable = canWrite(desk);
  return (
    <section class={`inbox ${activeId !== null ? 'with-detail' : ''}`} aria-label={t('inbox.title')}>
      <div class="inbox-head">
        <div class="views" role="tablist" aria-label={t('inbox.views')}>
          {VIEWS.map((view) => (
            <button
              type="button"
              role="tab"
              aria-selected={filter.view === view}
              data-testid={`view-${view}`}
              class={filter.view === view ? 'view active' : 'view'}
              onClick={() => setFilter({ ...filter, view, status: defaultStatus(view) })}
            >
              {t(`inbox.view.${view}`)}
              {COUNTED[view] && inbox.viewCounts && (
                <span class="view-count" data-testid={`count-${view}`}>
                  {inbox.viewCounts[COUNTED[view]!]}
                </span>
              )}
              {view === 'failed' && inbox.failedCount > 0 && (
                <span class="view-count failed-count" data-testid="failed-count">
                  {inbox.failedCount}
                </span>
              )}
            </button>
          ))}
          <button type="button" class="view filter-toggle" aria-expanded={showFilters} onClick={() => setShowFilters(!showFilters)}>
            {t('inbox.filters')}
          </button>
        </div>
        <SavedViews current={filterToUrl(filter).replace(/^\?/, '')} onApply={(query) => setFilter(filterFromUrl('?' + query))} />
        {showFilters && (
          <div class="filters">
            <label>
              {t('inbox.filter.status')}
              <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: (e.target as HTMLSelectElement).value })}>
                {STATUSES.map((s) => (
                  <option value={s}>{statusLabel(s)}</option>
                ))}
                <option value="any">{t('inbox.filter.any')}</option>
              </select>
            </label>
            <label>
              {t('inbox.filter.channel')}
              <select value={filter.channel} onChange={(e) => setFilter({ ...filter, channel: (e.target as HTMLSelectElement).value })}>
                <option value="">{t('inbox.filter.any')}</option>
                {desk.channels.map((c) => (
                  <option value={String(c.id)}>
                    {channelLabel(c.kind)}: {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('inbox.filter.assignee')}
              <select
                value={filter.assignee}
                disabled={filter.view === 'mine' || filter.view === 'unassigned'}
                onChange={(e) => setFilter({ ...filter, assignee: (e.target as HTMLSelectElement).value })}
              >
                <option value="">{t('inbox.filter.any')}</option>
                <option value="none">{t('inbox.unassigned')}</option>
                {desk.agents.map((a) => (
                  <option value={String(a.id)}>{a.name || a.email}</option>
                ))}
              </select>
            </label>
            <label>
              {t('inbox.filter.intent')}
              <CommitInput
                type="search"
                list="inbox-intents"
                value={filter.intent}
                placeholder={t('inbox.filter.intent_placeholder')}
                onCommit={(value) => setFilter({ ...filter, intent: value.trim().toLowerCase() })}
              />
              <IntentOptions id="inbox-intents" intents={intents} />
            </label>
            <label>
              {t('inbox.filter.tag')}
              <CommitInput
                type="search"
                value={filter.tag}
                placeholder={t('inbox.filter.tag_placeholder')}
                onCommit={(value) => setFilter({ ...filter, tag: value.trim() })}
              />
            </label>
          </div>
        )}
        {writable && inbox.rows.length > 0 && (
          <label class="select-all">
            <input
              type="checkbox"
              data-testid="select-all"
              checked={allLoadedSelected}
              onChange={(e) => {
                if ((e.target as HTMLInputElement).checked) setSelected(new Set(inbox.rows.map((row) => row.id)));
                else clearSelection();
              }}
            />
            {t('bulk.select_all', { n: inbox.rows.length })}
          </label>
        )}
        {selected.size > 0 && writable && (
          <div class="bulk-bar" role="toolbar" aria-label={t('bulk.toolbar')}>
            <span>{t('bulk.selected', { n: selected.size })}</span>
            <select
              aria-label={t('bulk.assign')}
              onChange={(e) => {
                const value = (e.target as HTMLSelectElement).value;
                if (value) void bulk({ kind: 'assign', agentId: value === 'none' ? null : Number(value) });
              }}
            >
              <option value="">{t('bulk.assign')}</option>
              <option value="none">{t('inbox.unassigned')}</option>
              {desk.agents.map((a) => (
                <option value={String(a.id)}>{a.name || a.email}</option>
              ))}
            </select>
            <button
              type="button"
              onClick={() => {
                const tag = prompt(t('bulk.tag_prompt'))?.trim();
                if (tag) {
                  const currentTags = viewTags ?? new Map(inbox.rows.map((r) => [r.id, r.tags]));
                  void bulk({ kind: 'tag', tag, currentTags });
                }
              }}
            >
              {t('bulk.tag')}
            </button>
            <button type="button" onClick={() => void bulk({ kind: 'resolve' })}>
              {t('bulk.resolve')}
            </button>
            <button type="button" onClick={() => void bulk({ kind: 'spam' })}>
              {t('bulk.spam')}
            </button>
            <button type="button" onClick={() => void bulk({ kind: 'no_reply_needed' })}>
              {t('bulk.no_reply_needed')}
            </button>
            {allLoadedSelected && !inbox.complete && !viewTags && (
              <button type="button" data-testid="select-whole-view" onClick={() => void selectWholeView()}>
                {t('bulk.select_whole_view')}
              </button>
            )}
            <button type="button" onClick={clearSelection}>
              {t('bulk.clear')}
            </button>
          </div>
        )}
        {bulkStatus && (
          <p class="bulk-status" role="status">
            {bulkStatus}
          </p>
        )}
        {inbox.error && (
          <p class="error" role="alert">
            {inbox.error}
          </p>
        )}
      </div>
      {inbox.rows.length === 0 && !inbox.loading && !inbox.error ? (
        <p class="empty" data-testid="inbox-empty">
          {t('inbox.empty')}
        </p>
      ) : (
        <VirtualList
          items={inbox.rows}
          rowHeight={rowHeight}
          testId="inbox-list"
          label={t('inbox.title')}
          onNearEnd={inbox.loadMore}
          focusIndex={focus}
          extraAttributes={{ 'data-loaded': inbox.rows.length, 'data-complete': String(inbox.complete) }}
          renderRow={(row, index) => (
            <InboxRow
              row={row}
              now={now}
              channelKind={channelKinds.get(row.channel_id) ?? 'email'}
              assigneeName={row.assignee_id ? (agentNames.get(row.assignee_id) ?? '') : ''}
              timeZone={desk.timeZone}
              selected={selected.has(row.id)}
              focused={index === focus}
              active={row.id === activeId}
              onSelect={onSelect}
            />
          )}
        />
      )}
      {inbox.loading && (
        <p class="loading" role="status">
          {t('common.loading')}
        </p>
      )}
    </section>
  );
}
