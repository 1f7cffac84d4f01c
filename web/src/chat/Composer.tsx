/**
 * The console's composer: Enter sends (Shift+Enter for a new line), a Note
 * toggle for internal notes, `/shortcut` and `#search` canned responses
 * (src/chat/canned.ts, expanded by the server for this chat), the agent's
 * typing indicator (throttled, never for notes) and file uploads with
 * progress and the server's refusals spelled out.
 */
import type { TargetedEvent, TargetedKeyboardEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { type Message, newIdempotencyKey, sendTyping, uploadAttachment } from '../api/chats';
import { expandCannedResponse, listCannedResponses } from '../api/endpoints';
import type { CannedResponse } from '../api/types';
import { type ComposerTrigger, applyExpansion, composerTrigger } from './canned';

/** At most one "typing" per this many ms (the server drops more anyway). */
export const TYPING_THROTTLE_MS = 2_000;
/** "Stopped typing" after this long without a keystroke. */
export const TYPING_IDLE_MS = 4_000;
/** Canned responses shown in the picker. */
const PICKER_LIMIT = 8;

interface ComposerProps {
  chatId: string;
  /** Whether the agent may write to the contact now. */
  canReply: boolean;
  /** Whether the agent may write an internal note now. */
  canNote: boolean;
  onSend: (body: string, kind: 'text' | 'note') => void;
  onUploaded: (message: Message) => void;
}

interface UploadItem {
  key: string;
  name: string;
  loaded: number;
  total: number;
  error: string | null;
  abort: () => void;
}

/** The canned responses matching a trigger: shortcut prefix for `/`, title or shortcut text for `#`. */
export function matchCanned(items: CannedResponse[], trigger: ComposerTrigger): CannedResponse[] {
  const q = trigger.query.toLowerCase();
  const found =
    trigger.kind === 'shortcut'
      ? items.filter((c) => c.shortcut.toLowerCase().startsWith(q))
      : items.filter((c) => c.title.toLowerCase().includes(q) || c.shortcut.toLowerCase().includes(q));
  return found.slice(0, PICKER_LIMIT);
}

function percent(loaded: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
}

export function Composer({ chatId, canReply, canNote, onSend, onUploaded }: ComposerProps) {
  const [text, setText] = useState('');
  // Notes are the agent's choice while replies are possible, and the only way to write otherwise.
  const [noteChoice, setNote] = useState(false);
  const note = canReply ? noteChoice : canNote;
  const [trigger, setTrigger] = useState<ComposerTrigger | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [canned, setCanned] = useState<CannedResponse[] | null>(null);
  const [active, setActive] = useState(0);
  const [pickerError, setPickerError] = useState<string | null>(null);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const typingSentAt = useRef(0);
  const typingOn = useRef(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const loadingCanned = useRef(false);
  const pendingCaret = useRef<number | null>(null);

  useEffect(() => {
    if (pendingCaret.current === null || !textRef.current) return;
    textRef.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [text]);

  const stopTyping = () => {
    if (idleTimer.current !== null) clearTimeout(idleTimer.current);
    idleTimer.current = null;
    if (typingOn.current) {
      typingOn.current = false;
      typingSentAt.current = 0;
      sendTyping(chatId, false).catch(() => undefined);
    }
  };

  useEffect(
    () => () => {
      if (idleTimer.current !== null) clearTimeout(idleTimer.current);
      if (typingOn.current) sendTyping(chatId, false).catch(() => undefined);
    },
    [chatId],
  );

  const typed = (value: string) => {
    if (note || !canReply) return;
    if (!value.trim()) {
      stopTyping();
      return;
    }
    const now = Date.now();
    if (!typingOn.current || now - typingSentAt.current >= TYPING_THROTTLE_MS) {
      typingOn.current = true;
      typingSentAt.current = now;
      sendTyping(chatId, true).catch(() => undefined);
    }
    if (idleTimer.current !== null) clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const ensureCanned = () => {
    if (canned !== null || loadingCanned.current) return;
    loadingCanned.current = true;
    listCannedResponses().then(
      (items) => setCanned(items),
      (err: unknown) => {
        setCanned([]);
        setPickerError(err instanceof ApiError ? `Canned responses didn't load: ${err.message}` : "Canned responses didn't load.");
      },
    );
  };

  const updateTrigger = (value: string, caret: number) => {
    const next = composerTrigger(value, caret);
    setTrigger(next);
    setActive(0);
    if (next) ensureCanned();
  };

  const onInput = (event: TargetedEvent<HTMLTextAreaElement, Event>) => {
    const el = event.currentTarget;
    setText(el.value);
    updateTrigger(el.value, el.selectionStart ?? el.value.length);
    typed(el.value);
  };

  const triggerKey = trigger ? `${trigger.kind}:${trigger.start}:${trigger.query}` : null;
  const matches = trigger && canned && triggerKey !== dismissed ? matchCanned(canned, trigger) : [];
  const pickerOpen = matches.length > 0;
  const listId = `canned-${chatId}`;

  const choose = async (item: CannedResponse) => {
    const at = trigger;
    if (!at) return;
    setTrigger(null);
    setPickerError(null);
    try {
      const expansion = await expandCannedResponse(chatId, { id: item.id });
      const current = textRef.current?.value ?? text;
      // The text may have changed meanwhile; only expand a trigger that is still there.
      const still = composerTrigger(current, at.end);
      const target = still && still.start === at.start ? still : at;
      const next = applyExpansion(current, target, expansion.body);
      pendingCaret.current = next.caret;
      setText(next.text);
      textRef.current?.focus();
    } catch (err) {
      setPickerError(err instanceof ApiError ? `Could not insert "${item.title}": ${err.message}` : `Could not insert "${item.title}".`);
    }
  };

  const submit = () => {
    const body = text.trim();
    if (!body) return;
    const kind = note ? 'note' : 'text';
    if (kind === 'text' && !canReply) return;
    if (kind === 'note' && !canNote) return;
    onSend(body, kind);
    setText('');
    setTrigger(null);
    stopTyping();
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (event.isComposing) return;
    if (pickerOpen) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + matches.length) % matches.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        void choose(matches[Math.min(active, matches.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(triggerKey);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  };

  const onFiles = (event: TargetedEvent<HTMLInputElement, Event>) => {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    input.value = '';
    for (const file of files) startUpload(file);
  };

  const startUpload = (file: File) => {
    const key = newIdempotencyKey();
    const update = (patch: Partial<UploadItem>) =>
      setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
    const upload = uploadAttachment(chatId, file, key, ({ loaded, total }) => update({ loaded, total }));
    setUploads((list) => [...list, { key, name: file.name, loaded: 0, total: file.size, error: null, abort: upload.abort }]);
    upload.done.then(
      (message) => {
        setUploads((list) => list.filter((u) => u.key !== key));
        onUploaded(message);
      },
      (err: unknown) => {
        if (err instanceof DOMException && err.name === 'AbortError') {
          setUploads((list) => list.filter((u) => u.key !== key));
          return;
        }
        update({ error: err instanceof ApiError ? err.message : 'The upload failed.' });
      },
    );
  };

  const dismissUpload = (key: string) => setUploads((list) => list.filter((u) => u.key !== key));

  const writing = note ? canNote : canReply;
  const hint = note
    ? 'Internal note: only your team sees it.'
    : canReply
      ? 'Enter sends, Shift+Enter adds a line. Type / for a shortcut or # to search canned responses.'
      : 'Claim or take over this chat to reply; you can still write an internal note.';

  return (
    <div class={`composer${note ? ' composer-note' : ''}`}>
      {uploads.length > 0 && (
        <ul class="uploads" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.key} class={`upload${u.error ? ' upload-failed' : ''}`}>
              <span class="upload-name">{u.name}</span>
              {u.error ? (
                <>
                  <span class="upload-error" role="alert">
                    Not sent: {u.error}
                  </span>
                  <button type="button" class="link-button" onClick={() => dismissUpload(u.key)} aria-label={`Dismiss ${u.name}`}>
                    Dismiss
                  </button>
                </>
              ) : (
                <>
                  <progress max={100} value={percent(u.loaded, u.total)} aria-label={`Uploading ${u.name}`} />
                  <span class="upload-percent" aria-hidden="true">
                    {percent(u.loaded, u.total)}%
                  </span>
                  <button type="button" class="link-button" onClick={() => u.abort()} aria-label={`Cancel upload of ${u.name}`}>
                    Cancel
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {pickerOpen && (
        <ul class="canned-picker" id={listId} role="listbox" aria-label="Canned responses">
          {matches.map((item, i) => (
            <li
              key={item.id}
              id={`${listId}-${item.id}`}
              role="option"
              aria-selected={i === active}
              class="canned-option"
              onMouseDown={(event) => {
                event.preventDefault();
                void choose(item);
              }}
            >
              <span class="canned-shortcut">/{item.shortcut}</span> <span class="canned-title">{item.title}</span>
            </li>
          ))}
        </ul>
      )}
      {pickerError && (
        <p class="composer-error" role="alert">
          {pickerError}
        </p>
      )}
      <textarea
        ref={textRef}
        class="composer-input"
        rows={3}
        value={text}
        aria-label={note ? 'Internal note' : 'Message'}
        aria-describedby={`composer-hint-${chatId}`}
        aria-autocomplete="list"
        aria-controls={pickerOpen ? listId : undefined}
        aria-activedescendant={pickerOpen ? `${listId}-${matches[Math.min(active, matches.length - 1)].id}` : undefined}
        placeholder={note ? 'Write an internal note…' : canReply ? 'Write a reply…' : 'Replies need an assigned chat'}
        onInput={onInput}
        onKeyDown={onKeyDown}
        onClick={(event) => updateTrigger(event.currentTarget.value, event.currentTarget.selectionStart ?? 0)}
        onBlur={() => stopTyping()}
        maxLength={4000}
      />
      <p class="composer-hint muted" id={`composer-hint-${chatId}`}>
        {hint}
      </p>
      <div class="composer-actions">
        <button
          type="button"
          class={`button note-toggle${note ? ' note-toggle-on' : ''}`}
          aria-pressed={note}
          disabled={!canNote || !canReply}
          onClick={() => {
            setNote((n) => !n);
            stopTyping();
            textRef.current?.focus();
          }}
        >
          Note
        </button>
        <label class={`button attach-button${canReply ? '' : ' attach-disabled'}`}>
          <input type="file" class="sr-only" multiple disabled={!canReply} onChange={onFiles} />
          Attach file
        </label>
        <button type="button" class="button button-primary" disabled={!writing || !text.trim()} onClick={submit}>
          {note ? 'Add note' : 'Send'}
        </button>
      </div>
    </div>
  );
}
