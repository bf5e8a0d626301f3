// Who is logged in and in which shop: one place the rest of the desk reads from.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Agent, Channel, Session, ShopMembership } from '../api/types';

export interface Desk {
  session: Session;
  shop: ShopMembership;
  agents: Agent[];
  channels: Channel[];
  timeZone: string;
  // What a reply may carry (GET /api/v1/shops reply_limits).
  replyLimits: ReplyLimits;
  switchShop: (shopId: number) => void;
  logout: () => void;
}

export interface ReplyLimits {
  attachments: number;
  attachment_bytes: number;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside the logged-in desk');
  return desk;
}

export function canWrite(desk: Desk): boolean {
  return desk.shop.role !== 'viewer';
}

export function canManage(desk: Desk): boolean {
  return desk.shop.role === 'owner' || desk.shop.role === 'admin';
}

const SHOP_KEY = 'shopdesk.shop';

export function rememberedShop(session: Session): ShopMembership {
  const saved = Number(localStorage.getItem(SHOP_KEY));
  return session.shops.find((s) => s.id === saved) ?? session.shops[0];
}

export function rememberShop(shopId: number): void {
  localStorage.setItem(SHOP_KEY, String(shopId));
}
