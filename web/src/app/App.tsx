// The desk: resumes the session (or shows the login), loads the shop's agents and
// channels, connects the live socket, and lays out the pages. On a wide screen the
// inbox stays beside an open conversation; on a phone one shows at a time.
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { apiGet, apiSend, setCredentials, whenUnauthenticated } from '../api/client';
import { setErrorTimeZone } from '../api/errors';
import type { Agent, Channel, Session } from '../api/types';
import { ConversationView } from '../conversation/ConversationView';
import { language, onLanguageChange, t } from '../i18n/i18n';
import { Inbox } from '../inbox/Inbox';
import { connectLive, disconnectLive, onConnectionChange } from '../live/socket';
import { useShortcuts } from '../ui/shortcuts';
import { HelpDialog } from './HelpDialog';
import { LanguageSwitch } from './LanguageSwitch';
import { startNotifier } from './notify';
import { NotifySwitch } from './NotifySwitch';
import { Toasts } from './Toasts';
import { InvitePage } from './InvitePage';
import { Login } from './Login';
import { interceptLinks, matchPath, navigate, usePath } from './router';
import { DeskContext, rememberShop, rememberedShop, type Desk, type ReplyLimits } from './session';
import { AwayBanner } from './AwayBanner';

type Phase = { kind: 'starting' } | { kind: 'login' } | { kind: 'desk'; desk: Omit<Desk, 'switchShop' | 'logout'> };

// Reports and settings are loaded when first opened, keeping the inbox's first load small.
function lazyPage<P>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | null = null;
  return function LazyPage(props: P & Record<string, unknown>) {
    const [page, setPage] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (!loaded) void load().then((m) => setPage(() => (loaded = m.default)));
    }, []);
    const Page = page;
    return Page ? <Page {...props} /> : <p class="loading">{t('common.loading')}</p>;
  };
}

const ReportsPage = lazyPage(() => import('../reports/ReportsPage'));
const SettingsPage = lazyPage<{ section: string }>(() => import('../settings/SettingsPage'));

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [, setLanguageTick] = useState(0);
  const [help, setHelp] = useState(false);
  const [online, setOnline] = useState(true);
  const path = usePath();

  useEffect(() => onLanguageChange(() => setLanguageTick((n) => n + 1)), []);
  useEffect(() => {
    document.documentElement.lang = language();
  }, []);
  useEffect(() => onConnectionChange(setOnline), []);

  const enter = useCallback(async (session: Session, shopId?: number) => {
    const shop = shopId ? (session.shops.find((s) => s.id === shopId) ?? session.shops[0]) : rememberedShop(session);
    if (!shop) {
      setPhase({ kind: 'login' });
      return;
    }
    setCredentials(session.csrf_token, shop.id);
    rememberShop(shop.id);
    const [agents, channels, shops] = await Promise.all([
      apiGet<{ items: Agent[] }>('/api/v1/agents'),
      apiGet<{ items: Channel[] }>('/api/v1/channels'),
      apiGet<{ items: { time_zone: string; reply_limits: ReplyLimits }[] }>('/api/v1/shops'),
    ]);
    connectLive(shop.id);
    setErrorTimeZone(shops.items[0]?.time_zone ?? 'Asia/Tokyo');
    setPhase({
      kind: 'desk',
      desk: {
        session,
        shop,
        agents: agents.items,
        channels: channels.items,
        timeZone: shops.items[0]?.time_zone ?? 'Asia/Tokyo',
        replyLimits: shops.items[0]?.reply_limits ?? { attachments: 10, attachment_bytes: 10 * 1024 * 1024 },
      },
    });
    if (location.pathname === '/' || location.pathname === '/login') navigate(afterLogin(), { replace: true });
  }, []);

  useEffect(() => {
    whenUnauthenticated(() => {
      disconnectLive();
      setPhase({ kind: 'login' });
    });
    apiSend<Session | undefined>('GET', '/api/v1/session?optional=1')
      .then((session) => (session ? enter(session) : setPhase({ kind: 'login' })))
      .catch(() => setPhase({ kind: 'login' }));
  }, [enter]);

  useShortcuts({ '?': () => setHelp(true) });

  const myAgentId = phase.kind === 'desk' ? phase.desk.shop.agent_id : null;
  useEffect(() => (myAgentId === null ? undefined : startNotifier(myAgentId)), [myAgentId]);

  // An invitation link is answered before (and without) any login.
  const invite = matchPath('/invite/:token', path);
  if (invite) return <InvitePage token={invite.token} />;
  if (phase.kind === 'starting') return <p class="loading">{t('common.loading')}</p>;
  if (phase.kind === 'login') {
    if (location.pathname !== '/login') history.replaceState(null, '', loginPath());
    return <Login onLoggedIn={(session) => void enter(session)} />;
  }

  const logout = async () => {
    try {
      await apiSend('DELETE', '/api/v1/session');
    } finally {
      disconnectLive();
      setCredentials('', null);
      setErrorTimeZone(undefined);
      setPhase({ kind: 'login' });
    }
  };
  const desk: Desk = {
    ...phase.desk,
    switchShop: (id: number) => {
      navigate('/inbox');
      void enter(phase.desk.session, id);
    },
    logout: () => void logout(),
  };

  const conversation = matchPath('/conversations/:id', path);
  const settings = path === '/settings' ? { section: '' } : matchPath('/settings/:section', path);
  const inInbox = path === '/inbox' || conversation !== null;
  const activeId = conversation ? Number(conversation.id) : null;

  return (
    <DeskContext.Provider value={desk}>
      <div class={`desk ${conversation ? 'has-conversation' : ''}`} onClick={interceptLinks}>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="topbar">
          <span class="brand">shopdesk</span>
          <nav aria-label={t('nav.main')}>
            <a href="/inbox" aria-current={inInbox ? 'page' : undefined}>
              {t('nav.inbox')}
            </a>
            <a href="/reports" aria-current={path === '/reports' ? 'page' : undefined}>
              {t('nav.reports')}
            </a>
            <a href="/settings" aria-current={settings ? 'page' : undefined}>
              {t('nav.settings')}
            </a>
          </nav>
          <div class="topbar-tools">
            {!online && (
              <span class="offline" role="status">
                {t('nav.offline')}
              </span>
            )}
            {desk.session.shops.length > 1 && (
              <select
                name="shop"
                aria-label={t('nav.shop')}
                value={String(desk.shop.id)}
                onChange={(e) => desk.switchShop(Number((e.target as HTMLSelectElement).value))}
              >
                {desk.session.shops.map((s) => (
                  <option value={String(s.id)}>{s.name}</option>
                ))}
              </select>
            )}
            {desk.session.shops.length === 1 && <span class="shop-name">{desk.shop.name}</span>}
            <NotifySwitch />
            <LanguageSwitch />
            <button type="button" class="help-button" aria-label={t('help.title')} onClick={() => setHelp(true)}>
              ?
            </button>
            <button type="button" class="logout" data-testid="logout" aria-label={t('nav.logout')} onClick={desk.logout}>
              <span class="long">{t('nav.logout')}</span>
              <svg class="short" aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="2">
                <path d="M8 3H4v14h4M13 6l4 4-4 4M17 10H8" />
              </svg>
            </button>
          </div>
        </header>
        <AwayBanner key={desk.shop.id} timeZone={desk.timeZone} />
        <main id="main" class={inInbox ? 'main-inbox' : 'main-page'}>
          {inInbox && <Inbox key={desk.shop.id} activeId={activeId} />}
          {conversation && <ConversationView key={`${desk.shop.id}:${conversation.id}`} id={Number(conversation.id)} />}
          {path === '/inbox' && (
            <div class="no-conversation">
              <p class="muted">{t('inbox.pick')}</p>
            </div>
          )}
          {path === '/reports' && <ReportsPage key={desk.shop.id} />}
          {settings && <SettingsPage key={desk.shop.id} section={settings.section} />}
          {!inInbox && path !== '/reports' && !settings && (
            <section class="page">
              <h1>{t('nav.not_found')}</h1>
              <a href="/inbox">{t('nav.inbox')}</a>
            </section>
          )}
        </main>
        {help && <HelpDialog onClose={() => setHelp(false)} />}
        <Toasts />
      </div>
    </DeskContext.Provider>
  );
}

// /login, remembering the page asked for (a deep link opened while logged out) in
// ?next= so that logging in leads there.
function loginPath(): string {
  const target = location.pathname + location.search;
  return location.pathname === '/' ? '/login' : '/login?next=' + encodeURIComponent(target);
}

// Where logging in leads: the remembered page when it is one of ours, else the inbox.
function afterLogin(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/inbox';
}
