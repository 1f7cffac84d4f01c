/**
 * The chat panel: header (title, assigned agent, minimise), the conversation
 * (greeting, messages with ticks, system notices, status notices, the prompt,
 * typing) and the composer (Enter sends, Shift+Enter new line, attach).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { safeColor, textOn } from '../shared/color';
import type { VisitorApi } from './api';
import { acceptList, formatBytes } from './files';
import { type Strings, fill, formatOpening } from './i18n';
import { type ChatMessage, type Status, rows, statusOf } from './messages';
import type { ChatStore, ViewState } from './store';
import type { AgentRef, Attachment, Language, VisitorChat } from './types';

/** Re-renders on every change of the store. */
export function useStore(store: ChatStore): ViewState {
  const [, setTick] = useState(0);
  useEffect(() => {
    const off = store.subscribe(() => setTick((n) => n + 1));
    setTick((n) => n + 1);
    return off;
  }, [store]);
  return store.state;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

function Avatar({ agent }: { agent: AgentRef }) {
  const [broken, setBroken] = useState(false);
  if (agent.avatar_url && !broken) {
    return <img class="lc-avatar" src={agent.avatar_url} alt="" width={32} height={32} onError={() => setBroken(true)} />;
  }
  return (
    <span class="lc-avatar" aria-hidden="true">
      {initials(agent.name)}
    </span>
  );
}

function Notice({ kind, children, alert }: { kind: string; children: ComponentChildren; alert?: boolean }) {
  return (
    <div class="lc-notice" data-testid="notice" data-kind={kind} role={alert ? 'alert' : undefined}>
      {children}
    </div>
  );
}

const LINK = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]']/g;

/** Text with its web addresses as links. */
function Text({ body }: { body: string }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of body.matchAll(LINK)) {
    const at = match.index ?? 0;
    parts.push(body.slice(last, at), (
      <a href={match[0]} target="_blank" rel="noopener noreferrer">
        {match[0]}
      </a>
    ));
    last = at + match[0].length;
  }
  parts.push(body.slice(last));
  return <p class="lc-text">{parts}</p>;
}

const IMAGE = /^image\/(png|jpe?g|gif|webp|bmp)$/;

/** A file: images shown inline, everything downloadable; fetched with the token (blob URLs). */
function FileView({ file, api }: { file: Attachment; api: VisitorApi }) {
  const [url, setUrl] = useState<string | null>(null);
  const image = !!file.id && IMAGE.test(file.content_type.split(';')[0]);
  useEffect(() => {
    if (!image) return;
    let live = true;
    let made = '';
    api.attachment(file.id).then(
      (blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file.id]);
  const download = async () => {
    try {
      const blob = await api.attachment(file.id);
      const href = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = href;
      link.download = file.filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    } catch {
      // The link stays; trying again may work.
    }
  };
  const size = file.size_bytes ?? file.size;
  return (
    <span class="lc-file">
      {url && <img class="lc-img" src={url} alt={file.filename} />}
      {file.id ? (
        <button type="button" class="lc-link" onClick={download}>
          {file.filename}
        </button>
      ) : (
        <span>{file.filename}</span>
      )}
      {size ? <span class="lc-size"> ({formatBytes(size)})</span> : null}
    </span>
  );
}

function Ticks({ status, t }: { status: Status; t: Strings }) {
  if (status === 'sending') return <span class="lc-ticks">{t.sending}</span>;
  if (status === 'failed') return <span class="lc-ticks">{t.failed}</span>;
  return (
    <span class={`lc-ticks lc-${status}`} title={t[status]}>
      <span aria-hidden="true">{status === 'sent' ? '✓' : '✓✓'}</span>
      <span class="lc-sr">{t[status]}</span>
    </span>
  );
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "14:05" / "2:05 PM" in the widget's language (one formatter per language). */
function clock(lang: Language, at: number): string {
  let format = clocks.get(lang);
  if (!format) clocks.set(lang, (format = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' })));
  return format.format(at);
}

function agentName(chat: VisitorChat | null, id: string | null): string | null {
  if (!chat || !id) return null;
  return chat.agents?.find((a) => a.id === id)?.name ?? (chat.agent?.id === id ? chat.agent.name : null);
}

interface BubbleProps {
  m: ChatMessage;
  chat: VisitorChat | null;
  store: ChatStore;
  t: Strings;
  lang: Language;
  blocked: boolean;
}

function Bubble({ m, chat, store, t, lang, blocked }: BubbleProps) {
  if (m.kind === 'system') {
    return (
      <div class="lc-sys" data-testid="message" data-kind="system" data-sender={m.sender_kind}>
        <Text body={m.body} />
      </div>
    );
  }
  const mine = m.sender_kind === 'contact';
  const status = statusOf(m);
  const who = mine ? t.you : (agentName(chat, m.sender_id) ?? t.agent);
  const when = Date.parse(m.created_at);
  const body = m.attachment && m.body === m.attachment.filename ? '' : m.body;
  return (
    <div
      class={`lc-msg ${mine ? 'lc-me' : 'lc-them'}`}
      data-testid="message"
      data-kind={m.kind}
      data-sender={m.sender_kind}
      data-status={status ?? undefined}
    >
      <span class="lc-sr">{who}: </span>
      {m.attachment && <FileView file={m.attachment} api={store.api} />}
      {body && <Text body={body} />}
      <span class="lc-meta">
        {!m.local && !Number.isNaN(when) && (
          <time dateTime={m.created_at}>{clock(lang, when)}</time>
        )}
        {status && <Ticks status={status} t={t} />}
      </span>
      {m.local === 'failed' && (
        <span class="lc-fail">
          {m.error && m.error !== t.failed ? `${m.error} ` : ''}
          {m.kind === 'text' && !blocked && m.idempotency_key && (
            <button type="button" class="lc-link" onClick={() => store.retry(m.idempotency_key!)}>
              {t.retry}
            </button>
          )}
        </span>
      )}
    </div>
  );
}

function focusComposer() {
  setTimeout(() => document.getElementById('lc-text')?.focus(), 0);
}

function StatusNotice({ s, store, t }: { s: ViewState; store: ChatStore; t: Strings }) {
  const chat = s.chat;
  if (!chat) return null;
  if (chat.status === 'ended') {
    return (
      <Notice kind="ended">
        <span>{t.ended}</span>
        <button
          type="button"
          class="lc-btn lc-primary"
          onClick={() => {
            store.startNewChat();
            focusComposer();
          }}
        >
          {t.newChat}
        </button>
      </Notice>
    );
  }
  if (chat.status !== 'waiting') return null;
  const opens = formatOpening(chat.opens_at, s.lang);
  if (opens) return <Notice kind="after-hours">{fill(t.afterHours, { time: opens })}</Notice>;
  if (s.config && !s.config.team.open) return <Notice kind="after-hours">{t.closed}</Notice>;
  return <Notice kind="queue">{chat.queue_position ? fill(t.queue, { n: chat.queue_position }) : t.waiting}</Notice>;
}

function Conversation({ s, store, t }: { s: ViewState; store: ChatStore; t: Strings }) {
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });
  const config = s.config!;
  const { chat } = s;
  const greeting = config.widget.greeting?.trim();
  const opens = !config.team.open && !chat ? formatOpening(config.team.opens_at, s.lang) : null;
  return (
    <div
      class="lc-scroll"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      <div class="lc-log" role="log" aria-live="polite" aria-label={config.widget.title} data-testid="messages">
        {greeting && (
          <div class="lc-msg lc-them" data-testid="greeting">
            <p class="lc-text">{greeting}</p>
          </div>
        )}
        {!config.team.open && !chat && (
          <Notice kind="offline">
            {t.offline}
            {opens ? ` ${fill(t.opensAt, { time: opens })}` : ''}
          </Notice>
        )}
        {rows(s.messages, chat).map((row) =>
          row.type === 'message' ? (
            <Bubble key={row.message.id} m={row.message} chat={chat} store={store} t={t} lang={s.lang} blocked={s.blocked} />
          ) : row.type === 'joined' ? (
            <Notice key={`joined:${row.agent.id}`} kind="assigned">
              <Avatar agent={row.agent} />
              <span>{fill(t.joined, { name: row.agent.name })}</span>
            </Notice>
          ) : (
            <div key={`prompt:${row.message?.id ?? ''}`} class="lc-prompt" data-testid="prompt">
              <Text body={row.message?.body || t.prompt} />
              <button
                type="button"
                class="lc-btn lc-primary"
                data-testid="prompt-keep-waiting"
                disabled={s.answering}
                onClick={() => void store.answerPrompt('keep_waiting')}
              >
                {t.keepWaiting}
              </button>
              <button
                type="button"
                class="lc-btn"
                data-testid="prompt-another-agent"
                disabled={s.answering}
                onClick={() => void store.answerPrompt('another_agent')}
              >
                {t.another}
              </button>
            </div>
          ),
        )}
        <StatusNotice s={s} store={store} t={t} />
      </div>
      {s.typing !== null && (
        <p class="lc-typing" data-testid="typing">
          {fill(t.typing, { name: s.typing || t.agent })}
        </p>
      )}
    </div>
  );
}

function grow(area: HTMLTextAreaElement | null) {
  if (!area) return;
  area.style.height = 'auto';
  area.style.height = `${Math.min(area.scrollHeight, 120)}px`;
}

function Composer({ s, store, t }: { s: ViewState; store: ChatStore; t: Strings }) {
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const chat = s.chat;
  const ended = chat?.status === 'ended';
  const disabled = s.blocked || ended || s.phase !== 'ready';
  const canAttach = !!chat && !ended && !s.blocked;
  // The panel was opened: focus the composer, also when it only becomes usable later.
  useEffect(() => {
    if (s.focus > 0 && !disabled) area.current?.focus();
  }, [s.focus, disabled]);
  const submit = (event?: Event) => {
    event?.preventDefault();
    if (disabled || !store.send(text)) return;
    setText('');
    if (area.current) {
      area.current.value = '';
      grow(area.current);
    }
  };
  return (
    <form class="lc-composer" onSubmit={submit}>
      <label class="lc-sr" for="lc-text">
        {t.message}
      </label>
      <textarea
        id="lc-text"
        ref={area}
        data-testid="composer"
        rows={1}
        maxLength={4000}
        placeholder={t.placeholder}
        value={text}
        disabled={disabled}
        onInput={(e) => {
          const value = e.currentTarget.value;
          setText(value);
          store.input(value);
          grow(e.currentTarget);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button
        type="button"
        class="lc-icon"
        aria-label={t.attach}
        title={canAttach ? t.attach : t.sendFirst}
        aria-disabled={canAttach ? undefined : 'true'}
        disabled={s.blocked}
        onClick={() => (canAttach ? picker.current?.click() : store.showError(t.sendFirst))}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M16.5 6.5 8.4 14.6a1.6 1.6 0 0 0 2.3 2.3l8-8a3.4 3.4 0 0 0-4.8-4.8l-8.3 8.3a5.2 5.2 0 0 0 7.4 7.4l7.2-7.2 1.4 1.4-7.2 7.2a7.2 7.2 0 0 1-10.2-10.2l8.3-8.3a5.4 5.4 0 0 1 7.6 7.6l-8 8a3.6 3.6 0 0 1-5.1-5.1l8.1-8.1z" />
        </svg>
      </button>
      <input
        ref={picker}
        type="file"
        class="lc-hide"
        data-testid="attach-input"
        accept={acceptList(s.config?.uploads.extensions ?? [])}
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void store.upload(file);
        }}
      />
      <button type="submit" class="lc-icon lc-send" data-testid="send" aria-label={t.send} disabled={disabled || !text.trim()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
      </button>
    </form>
  );
}

export interface AppProps {
  store: ChatStore;
  /** Embedded by the loader (then the minimise button shows). */
  embedded: boolean;
  onClose(): void;
}

export function App({ store, embedded, onClose }: AppProps) {
  const s = useStore(store);
  const t = store.strings;
  const config = s.config;
  useEffect(() => {
    document.documentElement.lang = s.lang;
    if (config?.widget.title) document.title = config.widget.title;
  }, [s.lang, config]);

  if (!config) {
    return (
      <div class="lc-center">
        {s.phase === 'failed' ? (
          <>
            <p role="alert">{s.error ?? t.loadFailed}</p>
            <button type="button" class="lc-btn" onClick={() => store.retryStart()}>
              {t.retry}
            </button>
          </>
        ) : (
          <span class="lc-spinner" role="status" aria-label={t.loading} />
        )}
      </div>
    );
  }

  const color = safeColor(config.widget.color);
  const agent = s.chat && s.chat.status === 'assigned' ? s.chat.agent : null;
  return (
    <div class="lc" style={`--c:${color};--fg:${textOn(color)}`}>
      <header class="lc-head">
        {agent && <Avatar agent={agent} />}
        <div class="lc-titles">
          <h1 class="lc-title">{config.widget.title}</h1>
          {agent && <p class="lc-sub">{agent.name}</p>}
        </div>
        {embedded && (
          <button type="button" class="lc-icon" aria-label={t.minimise} onClick={onClose}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M5 11h14v2H5z" />
            </svg>
          </button>
        )}
      </header>
      <Conversation s={s} store={store} t={t} />
      {s.offline && (
        <p class="lc-alert lc-conn" data-testid="connection" role="status">
          {t.noNetwork}
        </p>
      )}
      {s.blocked && (
        <p class="lc-alert lc-blocked" data-testid="notice" data-kind="blocked" role="alert">
          {t.blocked}
        </p>
      )}
      {s.error && !s.blocked && (
        <div class="lc-alert lc-error" data-testid="notice" data-kind="error" role="status">
          <span>{s.error}</span>
          {s.phase === 'failed' ? (
            <button type="button" class="lc-btn" onClick={() => store.retryStart()}>
              {t.retry}
            </button>
          ) : (
            <button type="button" class="lc-icon" aria-label={t.dismiss} onClick={() => store.dismissError()}>
              ×
            </button>
          )}
        </div>
      )}
      <Composer s={s} store={store} t={t} />
    </div>
  );
}
