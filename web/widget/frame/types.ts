/** Shapes of the visitor API (docs/openapi.json, the widget contract). */

export type Language = 'en' | 'fr' | 'de' | 'es' | 'nl' | 'pt';

/** `GET /api/v1/widget/config?key=`. */
export interface WidgetConfig {
  widget: {
    id: string;
    name: string;
    color: string;
    title: string;
    greeting: string;
    position: 'right' | 'left';
    language: string;
  };
  team: { open: boolean; opens_at: string | null };
  uploads: { max_bytes: number; extensions: string[] };
}

export interface AgentRef {
  id: string;
  name: string;
  avatar_url: string | null;
}

export type ChatStatus = 'waiting' | 'assigned' | 'ended';

/** A chat as its visitor sees it. */
export interface VisitorChat {
  id: string;
  status: ChatStatus;
  queue_position?: number | null;
  created_at: string;
  ended_at: string | null;
  agent?: AgentRef | null;
  agents?: AgentRef[];
  opens_at?: string | null;
  prompt_pending?: boolean;
}

export interface Attachment {
  id: string;
  filename: string;
  content_type: string;
  size_bytes?: number;
  size?: number;
}

export interface Message {
  id: string;
  chat_id: string;
  kind: string;
  sender_kind: 'contact' | 'agent' | 'bot' | 'system' | string;
  sender_id: string | null;
  body: string;
  idempotency_key: string | null;
  created_at: string;
  delivered_at: string | null;
  read_at: string | null;
  attachment?: Attachment | null;
}

/** `POST /api/v1/widget/sessions`. */
export interface VisitorSession {
  token: string;
  contact_id: string;
  expires_at: string;
  resumed: boolean;
}
