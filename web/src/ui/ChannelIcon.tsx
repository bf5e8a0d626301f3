// A channel's marketplace as a small coloured badge with a text label for screen
// readers. Inline SVG: no icon font, no extra request.
import { t } from '../i18n/i18n';

const LOOK: Record<string, { label: string; color: string; text: string }> = {
  amazon: { label: 'Amazon', color: '#232f3e', text: 'a' },
  ebay: { label: 'eBay', color: '#e53238', text: 'e' },
  etsy: { label: 'Etsy', color: '#f1641e', text: 'E' },
  shopify: { label: 'Shopify', color: '#5e8e3e', text: 'S' },
  email: { label: 'Mail', color: '#4a5568', text: '@' },
  web: { label: 'Own site', color: '#2f855a', text: 'W' },
  chat: { label: 'Chat', color: '#2b6cb0', text: 'C' },
  form: { label: 'Form', color: '#6b46c1', text: 'F' },
  phone: { label: 'Phone', color: '#2c7a7b', text: 'T' },
  social: { label: 'Social', color: '#b83280', text: 'M' },
};

export function channelLabel(kind: string): string {
  if (kind === 'email') return t('channel.email');
  if (kind === 'web') return t('channel.web');
  return LOOK[kind]?.label ?? kind;
}

export function ChannelIcon({ kind }: { kind: string }) {
  const look = LOOK[kind] ?? { label: kind, color: '#718096', text: '?' };
  return (
    <svg class="channel-icon" width="22" height="22" viewBox="0 0 22 22" role="img" aria-label={channelLabel(kind)}>
      <title>{channelLabel(kind)}</title>
      <rect width="22" height="22" rx="5" fill={look.color} />
      <text x="11" y="15.5" text-anchor="middle" font-size="13" font-weight="700" fill="#fff">
        {look.text}
      </text>
    </svg>
  );
}
