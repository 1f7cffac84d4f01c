/**
 * The conversation: the contact's messages on the left, ours on the right
 * with delivery ticks, internal notes in yellow with a "Note" label, system
 * messages in the middle, files as download links (images inline). Keeps to
 * the bottom while the agent is there.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { API_BASE } from '../api/client';
import type { Attachment } from '../api/chats';
import { messageTime } from './format';
import { type ConsoleMessage, type Delivery, delivery } from './messages';

const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/bmp']);

const DELIVERY_LABELS: Record<Delivery, string> = {
  pending: 'Sending…',
  failed: 'Not sent',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
};

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function FileLink({ attachment }: { attachment: Attachment }) {
  const href = `${API_BASE}/attachments/${encodeURIComponent(attachment.id)}`;
  const image = INLINE_IMAGES.has(attachment.content_type);
  return (
    <span class="msg-file">
      {image && (
        <a href={href} target="_blank" rel="noopener" class="msg-image-link">
          <img src={href} alt={attachment.filename} class="msg-image" loading="lazy" width={240} height={160} />
        </a>
      )}
      <a href={href} download={attachment.filename} target={image ? '_blank' : undefined} rel="noopener">
        {attachment.filename}
      </a>{' '}
      <span class="muted">({size(attachment.size_bytes)})</span>
    </span>
  );
}

function Ticks({ state }: { state: Delivery }) {
  const marks = state === 'sent' ? '✓' : state === 'delivered' || state === 'read' ? '✓✓' : state === 'pending' ? '…' : '!';
  return (
    <span class={`ticks ticks-${state}`} data-delivery={state} title={DELIVERY_LABELS[state]}>
      <span aria-hidden="true">{marks}</span>
      <span class="sr-only">{DELIVERY_LABELS[state]}</span>
    </span>
  );
}

interface MessageListProps {
  messages: ConsoleMessage[];
  me: string;
  contactName: string;
  names: ReadonlyMap<string, string>;
  onRetry: (key: string) => void;
}

function senderName(m: ConsoleMessage, me: string, contactName: string, names: ReadonlyMap<string, string>): string {
  switch (m.sender_kind) {
    case 'contact':
      return contactName;
    case 'bot':
      return 'Bot';
    case 'system':
      return 'Livechat';
    default:
      if (m.sender_id === me) return 'You';
      return (m.sender_id && names.get(m.sender_id)) || 'Agent';
  }
}

export function MessageList({ messages, me, contactName, names, onRetry }: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  return (
    <div class="messages" ref={scroller} onScroll={onScroll} role="log" aria-label="Conversation" tabIndex={0}>
      {messages.length === 0 ? (
        <p class="muted messages-empty">No messages yet.</p>
      ) : (
        <ol class="message-list">
          {messages.map((m) => {
            const state = delivery(m);
            const side = m.sender_kind === 'contact' ? 'in' : m.sender_kind === 'system' ? 'system' : 'out';
            const isNote = m.kind === 'note';
            return (
              <li
                key={m.local ? `local-${m.idempotency_key}` : m.id}
                class={`msg msg-${side}${isNote ? ' msg-note' : ''}${m.local ? ` msg-${m.local.state}` : ''}`}
                data-kind={m.kind}
                data-message-id={m.local ? undefined : m.id}
              >
                <p class="msg-meta">
                  {isNote && <span class="note-label">Note</span>}
                  <span class="msg-sender">{senderName(m, me, contactName, names)}</span>{' '}
                  <time dateTime={m.created_at} class="msg-time">
                    {messageTime(m.created_at)}
                  </time>
                </p>
                {m.body && <p class="msg-body">{m.body}</p>}
                {m.attachment && <FileLink attachment={m.attachment} />}
                {state && (
                  <p class="msg-status">
                    <Ticks state={state} />
                    {m.local?.state === 'failed' && (
                      <>
                        {' '}
                        <span class="msg-error">{m.local.error}</span>{' '}
                        <button type="button" class="link-button" onClick={() => onRetry(m.idempotency_key ?? '')}>
                          Retry
                        </button>
                      </>
                    )}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
