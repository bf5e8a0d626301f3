// The shapes of the REST API's JSON (docs/api/openapi.yaml), as far as the desk reads them.

export type Urgency = 'overdue' | 'under_1h' | 'under_4h' | 'later' | 'none';
export type Status = 'open' | 'pending' | 'on_hold' | 'resolved' | 'closed';
export type Role = 'owner' | 'admin' | 'agent' | 'viewer';

export interface ShopMembership {
  id: number;
  slug: string;
  name: string;
  agent_id: number;
  role: Role;
}

export interface Session {
  account: { id: number; email: string; name: string };
  shops: ShopMembership[];
  csrf_token: string;
  expires_at: string;
}

export interface Conversation {
  id: number;
  channel_id: number;
  customer_id: number;
  subject: string;
  status: Status;
  spam: boolean;
  no_reply_needed: boolean;
  order_id: string | null;
  assignee_id: number | null;
  team_id: number | null;
  tags: string[];
  intent: string;
  message_count: number;
  created_at: string;
  last_activity_at: string;
  due_at: string | null;
  remaining_seconds: number | null;
  urgency: Urgency;
  // When the shop's latest reply failed to reach the customer; null once one is delivered.
  delivery_failed_at: string | null;
  // When the newest customer message arrived; null before the first.
  last_inbound_at: string | null;
  // On hold until then (it opens again by itself); null when not on hold or open-ended.
  hold_until: string | null;
}

export interface CustomerRef {
  id: number;
  name: string;
  email: string;
}

export interface ConversationRow extends Conversation {
  customer: CustomerRef;
  snippet?: string; // list rows only
  unread?: boolean; // the customer wrote since I last opened it
}

export interface ConversationPage {
  items: ConversationRow[];
  next_cursor: string | null;
  delivery_failed_count?: number; // first pages only
  view_counts?: ViewCounts; // first pages only
}

// How many conversations each inbox view holds under the same status, channel, tag and
// intent filters.
export interface ViewCounts {
  all: number;
  mine: number;
  unassigned: number;
  overdue: number;
  unread: number;
}

export interface Customer extends CustomerRef {
  family_name: string;
  given_name: string;
  erased: boolean;
  created_at: string;
}

export interface Attachment {
  id: number;
  message_id: number;
  filename: string;
  content_type: string;
  size: number;
  inline: boolean;
  stored: boolean;
}

export type Direction = 'inbound' | 'outbound' | 'note';

export interface Message {
  id: number;
  conversation_id: number;
  direction: Direction;
  author_agent_id: number | null;
  from_name: string;
  from_address: string;
  to_address: string;
  subject: string;
  text: string;
  html: string;
  flags: string[];
  decode_note: string;
  delivery: string;
  attempts: number;
  last_error: string;
  // The delivery error's stable reason and params ("" when it named none).
  last_error_reason?: string;
  last_error_params?: Record<string, string>;
  created_at: string;
  sent_at: string | null;
  attachments: Attachment[];
  warnings?: LintWarning[];
}

export interface ConversationDetail {
  conversation: Conversation;
  customer: Customer;
  messages: Message[];
  unread?: boolean; // for me
  activity?: Activity[]; // oldest first
}

// A change an agent (agent_id) or the system (null) made, as a line in the thread.
export interface Activity {
  id: number;
  at: string;
  agent_id: number | null;
  kind: 'status' | 'assignee' | 'team' | 'tags' | 'intent' | string;
  detail: Record<string, unknown>;
}

export interface Channel {
  id: number;
  kind: string;
  name: string;
  address: string;
  display_name: string;
  // Settings as the channel's kind shows them: mail kinds (email, amazon, ebay, etsy)
  // say whether IMAP / SMTP are set; a web channel its reply URL and whether a key is.
  imap_configured?: boolean;
  smtp_configured?: boolean;
  reply_url?: string;
  reply_configured?: boolean;
  push_key_set?: boolean;
  healthy: boolean;
  last_error: string;
  last_error_reason?: string;
  last_error_params?: Record<string, string>;
}

export interface Agent {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  // From the agents list: whether a password was set, and a lockout still running.
  login?: 'password' | 'invited';
  locked_until?: string | null;
}

export interface SavedReply {
  id: number;
  title: string;
  shortcut: string;
  body: string;
  language: string;
  tags: string[];
  intent: string;
  // In the picker: as the customer of the open conversation would read it.
  rendered?: { text: string; warnings: LintWarning[] };
}

export interface LintWarning {
  code: string;
  message: string;
}

export interface Preview {
  text: string;
  warnings: LintWarning[];
}

export interface LiveEvent {
  id?: number;
  type: string;
  shop_id?: number;
  conversation_id?: number;
  message_id?: number | null;
  data?: Record<string, unknown>;
  agent_id?: number;
  agent_name?: string;
  state?: 'viewing' | 'typing' | 'left';
}
