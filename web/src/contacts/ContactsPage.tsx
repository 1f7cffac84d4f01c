/**
 * /contacts: search (name, username or email; debounced) and a tag filter,
 * both kept in the URL; a list paged with `next_before`. Hovering a row or
 * focusing its link shows a preview card (email, phone, tags, chats), which
 * Escape dismisses.
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { listContacts, type Contact } from '../api/contacts';
import { RetryAlert } from '../components/RetryAlert';
import { formatDateTime } from '../format';
import { navigate } from '../router';
import { Page } from '../shell/sections';
import { AppLink, contactPath } from './AppLink';
import { contactDisplayName } from './ContactPanel';
import { errorFor } from './format';
import './contacts.css';

/** Contacts per page. */
export const CONTACTS_PAGE = 25;
/** How long typing must pause before the list is searched. */
export const SEARCH_DEBOUNCE_MS = 300;

interface Filters {
  q: string;
  tag: string;
}

interface ListState {
  contacts: Contact[];
  next: string | null;
  /** Which filters `contacts` answer; null before the first answer. */
  shown: Filters | null;
  loading: boolean;
  error: string | null;
  more: 'idle' | 'loading' | 'failed';
}

function filtersFromUrl(): Filters {
  const params = new URLSearchParams(window.location.search);
  return { q: (params.get('q') ?? '').trim(), tag: (params.get('tag') ?? '').trim().toLowerCase() };
}

function normalized(q: string, tag: string): Filters {
  return { q: q.trim(), tag: tag.trim().toLowerCase() };
}

export function ContactsPage() {
  const [initial] = useState(filtersFromUrl);
  const [q, setQ] = useState(initial.q);
  const [tag, setTag] = useState(initial.tag);
  const [filters, setFilters] = useState<Filters>(initial);
  const [list, setList] = useState<ListState>({ contacts: [], next: null, shown: null, loading: true, error: null, more: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const [preview, setPreview] = useState<string | null>(null);

  // Search once typing pauses.
  useEffect(() => {
    const next = normalized(q, tag);
    if (next.q === filters.q && next.tag === filters.tag) return undefined;
    const timer = setTimeout(() => setFilters(next), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, tag]);

  // Load the first page of the current filters; keep them in the URL.
  useEffect(() => {
    const params = new URLSearchParams();
    if (filters.q) params.set('q', filters.q);
    if (filters.tag) params.set('tag', filters.tag);
    const qs = params.toString();
    const url = qs ? `/contacts?${qs}` : '/contacts';
    if (window.location.pathname === '/contacts' && window.location.pathname + window.location.search !== url) {
      navigate(url, { replace: true });
    }

    const controller = new AbortController();
    setList((l) => ({ ...l, loading: true, error: null }));
    listContacts({ q: filters.q, tag: filters.tag, limit: CONTACTS_PAGE }, controller.signal).then(
      (page) =>
        setList({ contacts: page.contacts, next: page.next_before || null, shown: filters, loading: false, error: null, more: 'idle' }),
      (err: unknown) => {
        if (!controller.signal.aborted) setList((l) => ({ ...l, loading: false, error: errorFor(err, 'q', 'tag') }));
      },
    );
    return () => controller.abort();
  }, [filters, attempt]);

  const loadMore = async () => {
    if (!list.next || list.more === 'loading') return;
    const shown = filters;
    setList((l) => ({ ...l, more: 'loading' }));
    try {
      const page = await listContacts({ q: shown.q, tag: shown.tag, limit: CONTACTS_PAGE, before: list.next });
      setList((l) =>
        l.shown === shown
          ? { ...l, contacts: [...l.contacts, ...page.contacts], next: page.next_before || null, more: 'idle' }
          : l,
      );
    } catch {
      setList((l) => ({ ...l, more: 'failed' }));
    }
  };

  // Escape hides the preview card wherever focus is.
  useEffect(() => {
    if (!preview) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setPreview(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [preview]);

  const filterByTag = (value: string) => {
    setTag(value);
    setFilters(normalized(q, value));
  };

  const clear = () => {
    setQ('');
    setTag('');
    setFilters({ q: '', tag: '' });
  };

  const knownTags = [...new Set(list.contacts.flatMap((c) => c.tags))].sort();
  const filtered = Boolean(filters.q || filters.tag);
  const summary = list.loading
    ? 'Loading contacts…'
    : list.error
      ? ''
      : list.contacts.length === 0
        ? filtered
          ? 'No contacts match.'
          : 'No contacts yet. People who chat with your organisation appear here.'
        : `${list.contacts.length}${list.next ? '+' : ''} ${list.contacts.length === 1 ? 'contact' : 'contacts'}${filtered ? ' found' : ''}`;

  return (
    <Page title="Contacts">
      <form class="contacts-filters" role="search" aria-label="Contacts" onSubmit={(e) => {
        e.preventDefault();
        setFilters(normalized(q, tag));
      }}>
        <div class="field contacts-search">
          <label for="contacts-q">Search</label>
          <input
            id="contacts-q"
            type="search"
            value={q}
            maxLength={100}
            autoComplete="off"
            placeholder="Name, username or email"
            onInput={(e: TargetedEvent<HTMLInputElement>) => setQ(e.currentTarget.value)}
          />
        </div>
        <div class="field contacts-tag">
          <label for="contacts-tag">Tag</label>
          <input
            id="contacts-tag"
            type="text"
            value={tag}
            maxLength={50}
            autoComplete="off"
            list="contacts-known-tags"
            placeholder="Any tag"
            onInput={(e: TargetedEvent<HTMLInputElement>) => setTag(e.currentTarget.value)}
          />
          <datalist id="contacts-known-tags">
            {knownTags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <button type="button" class="button contacts-clear" onClick={clear} disabled={!q && !tag && !filtered}>
          Clear
        </button>
      </form>

      <p class="muted contacts-summary" role="status">
        {summary}
      </p>
      {list.error && (
        <RetryAlert class="contacts-error" text="Contacts didn't load: " detail={list.error} onRetry={() => setAttempt((n) => n + 1)} />
      )}

      {list.contacts.length > 0 && (
        <div class="contacts-table-wrap" aria-busy={list.loading}>
          <table class="table contacts-table">
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Tags</th>
                <th scope="col" class="contacts-last">
                  Last chat
                </th>
              </tr>
            </thead>
            <tbody>
              {list.contacts.map((contact) => (
                <ContactRow
                  key={contact.id}
                  contact={contact}
                  previewing={preview === contact.id}
                  onPreview={(show) => setPreview((current) => (show ? contact.id : current === contact.id ? null : current))}
                  onTag={filterByTag}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {list.next && !list.loading && (
        <p class="contacts-more">
          <button type="button" class="button" disabled={list.more === 'loading'} aria-busy={list.more === 'loading'} onClick={() => void loadMore()}>
            {list.more === 'loading' ? 'Loading…' : 'Load more contacts'}
          </button>
          {list.more === 'failed' && <span role="alert"> More contacts didn't load. Try again.</span>}
        </p>
      )}
    </Page>
  );
}

interface ContactRowProps {
  contact: Contact;
  previewing: boolean;
  onPreview: (show: boolean) => void;
  onTag: (tag: string) => void;
}

function ContactRow({ contact, previewing, onPreview, onTag }: ContactRowProps) {
  const cardId = `contact-preview-${contact.id}`;
  const name = contactDisplayName(contact);
  return (
    <tr class="contact-row" onMouseEnter={() => onPreview(true)} onMouseLeave={() => onPreview(false)}>
      <td class="contact-cell">
        <AppLink
          href={contactPath(contact.id)}
          class="contact-link"
          aria-describedby={previewing ? cardId : undefined}
          onFocus={() => onPreview(true)}
          onBlur={() => onPreview(false)}
        >
          {name}
        </AppLink>
        {contact.blocked && <span class="ct-badge ct-badge-danger">Blocked</span>}
        <span class="contact-email">{contact.email ?? <span class="muted">No email</span>}</span>
        {previewing && <ContactPreview id={cardId} contact={contact} />}
      </td>
      <td>
        {contact.tags.length > 0 ? (
          <ul class="ct-chips ct-chips-compact" aria-label={`Tags of ${name}`}>
            {contact.tags.map((t) => (
              <li key={t} class="ct-chip">
                <button type="button" class="ct-chip-filter" aria-label={`Show contacts tagged ${t}`} onClick={() => onTag(t)}>
                  {t}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td class="contacts-last">
        {contact.last_chat_at ? (
          <time dateTime={contact.last_chat_at}>{formatDateTime(contact.last_chat_at)}</time>
        ) : (
          <span class="muted">Never</span>
        )}
      </td>
    </tr>
  );
}

/** The small card shown while a row is hovered or its link focused. */
function ContactPreview({ id, contact }: { id: string; contact: Contact }) {
  return (
    <div id={id} role="tooltip" class="contact-preview">
      <p class="contact-preview-name">{contactDisplayName(contact)}</p>
      <dl>
        <div>
          <dt>Email</dt>
          <dd>{contact.email || 'Not set'}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{contact.phone || 'Not set'}</dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>{contact.tags.length ? contact.tags.join(', ') : 'None'}</dd>
        </div>
        <div>
          <dt>Chats</dt>
          <dd>{contact.chats_count}</dd>
        </div>
      </dl>
    </div>
  );
}

export default ContactsPage;
