// Saved inbox views: named sets of filters, one's own or shared with the shop (admins
// and owners share). A click applies one; the filters panel saves the current one.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, apiSend } from '../api/client';
import { canManage, useDesk } from '../app/session';
import { t } from '../i18n/i18n';

export interface InboxViewItem {
  id: number;
  name: string;
  query: string; // the inbox's URL query, without "?"
  shared: boolean;
}

interface Props {
  current: string; // the current URL query, without "?"
  onApply: (query: string) => void;
}

// The saved views' buttons, and a form to save the current filters under a name.
export function SavedViews({ current, onApply }: Props) {
  const desk = useDesk();
  const [views, setViews] = useState<InboxViewItem[]>([]);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState('');
  const manager = canManage(desk);

  const load = () =>
    apiGet<{ items: InboxViewItem[] }>('/api/v1/views')
      .then((r) => setViews(r.items))
      .catch((e) => setError((e as Error).message));
  useEffect(() => void load(), []);

  const save = async () => {
    setError('');
    try {
      await apiSend('POST', '/api/v1/views', { name, query: current, shared });
      setSaving(false);
      setName('');
      setShared(false);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = async (view: InboxViewItem) => {
    if (!confirm(t('views.delete_confirm', { name: view.name }))) return;
    try {
      await apiSend('DELETE', `/api/v1/views/${view.id}`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div class="saved-views" data-testid="saved-views">
      {views.map((view) => (
        <span class={`saved-view ${view.query === current ? 'active' : ''}`} data-testid="saved-view" data-shared={String(view.shared)}>
          <button type="button" aria-pressed={view.query === current} onClick={() => onApply(view.query)}>
            {view.shared ? t('views.shared_mark') : ''}
            {view.name}
          </button>
          {(!view.shared || manager) && (
            <button type="button" class="saved-view-remove" aria-label={t('views.delete', { name: view.name })} onClick={() => void remove(view)}>
              ×
            </button>
          )}
        </span>
      ))}
      {!saving ? (
        <button type="button" class="view save-view" data-testid="save-view" onClick={() => setSaving(true)}>
          {t('views.save')}
        </button>
      ) : (
        <form
          class="save-view-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            type="text"
            data-testid="view-name"
            required
            maxLength={60}
            value={name}
            aria-label={t('views.name')}
            placeholder={t('views.name')}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
          {manager && (
            <label>
              <input type="checkbox" data-testid="view-shared" checked={shared} onChange={(e) => setShared((e.target as HTMLInputElement).checked)} />
              {t('views.share')}
            </label>
          )}
          <button type="submit" class="primary">
            {t('views.save_submit')}
          </button>
          <button type="button" onClick={() => setSaving(false)}>
            {t('hold.cancel')}
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
