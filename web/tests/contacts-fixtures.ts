/** Contacts, chats and messages as the API returns them, for the contact screen tests. */
import type { Contact, ContactChat, HistoryMessage } from '../src/api/contacts';

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'c-1',
    external_id: null,
    name: 'Grace Hopper',
    email: 'grace@example.com',
    phone: '+14155550100',
    username: 'ghopper',
    custom_fields: { plan: 'gold', seats: 12 },
    tags: ['vip'],
    status: 'active',
    blocked: false,
    chats_count: 2,
    last_chat_at: '2026-03-03T14:05:00Z',
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-03-03T14:05:00Z',
    ...overrides,
  };
}

export function chat(overrides: Partial<ContactChat> = {}): ContactChat {
  return {
    id: 'ch-1',
    team_id: 't-2',
    team_name: 'Support',
    contact_id: 'c-1',
    contact_name: 'Grace Hopper',
    status: 'ended',
    assignee_id: 'u-1',
    assignee_name: 'Ada Lovelace',
    created_at: '2026-03-03T14:05:00Z',
    ended_at: '2026-03-03T14:30:00Z',
    last_message_at: '2026-03-03T14:29:00Z',
    unread_count: 0,
    last_message: null,
    ...overrides,
  };
}

export function message(overrides: Partial<HistoryMessage> = {}): HistoryMessage {
  return {
    id: 'm-1',
    chat_id: 'ch-1',
    kind: 'text',
    sender_kind: 'contact',
    sender_id: null,
    body: 'Hello',
    created_at: '2026-03-03T14:06:00Z',
    ...overrides,
  };
}

export const validation = (fields: Record<string, string>) => ({
  status: 400,
  body: {
    error: {
      code: 'validation_failed',
      message: Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
      fields,
    },
  },
});
