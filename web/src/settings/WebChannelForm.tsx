// A `web` channel (the shop's own site): what it is set to, where the site pushes its
// messages, and (owners, admins) its address, display name, reply URL and signing key.
// The key is never shown; an empty key field keeps the stored one.
import { useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import type { Channel } from '../api/types';
import { useDesk } from '../app/session';
import { t } from '../i18n/i18n';
import { Field, SaveActions, useSave } from './common';

export function isWebChannel(c: Channel): boolean {
  return c.kind === 'web';
}

// The path the site posts its pushes to, signed (docs/api/openapi.yaml, /hooks/).
function pushPath(slug: string, c: Channel): string {
  return `/hooks/${encodeURIComponent(slug)}/channels/${c.id}`;
}

export function WebChannelFacts({ channel: c }: { channel: Channel }) {
  const desk = useDesk();
  return (
    <>
      <dt>{t('settings.channels.push_url')}</dt>
      <dd>
        <code>{window.location.origin + pushPath(desk.shop.slug, c)}</code>
      </dd>
      <dt>{t('settings.channels.reply_url')}</dt>
      <dd>{c.reply_configured ? c.reply_url : t('settings.channels.not_configured')}</dd>
      <dt>{t('settings.channels.push_key')}</dt>
      <dd>{c.push_key_set ? t('settings.channels.configured') : t('settings.channels.not_configured')}</dd>
    </>
  );
}

export function WebChannelForm(props: { channel: Channel; onDone: (message: string) => void; onCancel: () => void }) {
  const c = props.channel;
  const prefix = `channel-${c.id}`;
  const [address, setAddress] = useState(c.address);
  const [displayName, setDisplayName] = useState(c.display_name);
  const [replyUrl, setReplyUrl] = useState(c.reply_url ?? '');
  const [key, setKey] = useState('');
  const save = useSave();

  const submit = (event: Event) => {
    event.preventDefault();
    if (!address.trim() || !address.includes('@')) return save.fail(t('settings.channels.need_address'));
    const body: Record<string, string> = {
      address: address.trim(),
      display_name: displayName.trim(),
      reply_url: replyUrl.trim(),
    };
    if (key) body.push_key = key;
    void save.run(async () => {
      const updated = await apiSend<Channel>('PATCH', `/api/v1/channels/${c.id}`, body);
      props.onDone(t('settings.channels.saved', { name: updated.name }));
      return '';
    });
  };

  return (
    <form class="settings-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('settings.channels.edit_named', { name: c.name })}</legend>
        <Field id={`${prefix}-address`} type="email" label={t('settings.channels.address')} value={address}
          onInput={setAddress} required placeholder="support@example.jp" />
        <Field id={`${prefix}-display`} label={t('settings.channels.display_name')} value={displayName}
          onInput={setDisplayName} hint={t('settings.channels.display_hint')} />
        <Field id={`${prefix}-reply-url`} type="url" label={t('settings.channels.reply_url')} value={replyUrl}
          onInput={setReplyUrl} placeholder="https://shop.example/shopdesk/replies" hint={t('settings.channels.reply_url_hint')} />
        <Field id={`${prefix}-push-key`} type="password" autocomplete="new-password" label={t('settings.channels.push_key')}
          value={key} onInput={setKey} hint={c.push_key_set ? t('settings.channels.keep_hint') : t('settings.channels.push_key_hint')} />
      </fieldset>
      <SaveActions save={save} label={t('common.save')} onCancel={props.onCancel} />
    </form>
  );
}
