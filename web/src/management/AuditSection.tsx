/** Audit log (admins): who changed what, newest first, a page at a time. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type AuditEntry, type AuditPage, listAuditLog, listOrgMembers } from '../api/management';
import { ResourceView } from '../components/ResourceView';
import { formatDateTime } from '../format';
import { useData } from './useData';

export const AUDIT_PAGE_SIZE = 50;

/** Action-specific details as "key: value" pairs. */
export function formatDetails(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/** Member names by user id, for the "Who" column (empty if they cannot be read). */
/** A UUID's first 8 characters ("3f1c2a9e…"); other ids as they are. */
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id) ? `${id.slice(0, 8)}…` : id;
}

async function loadNames(): Promise<Record<string, string>> {
  const members = await listOrgMembers().catch(() => []);
  return Object.fromEntries(members.map((m) => [m.user_id, m.name]));
}

interface LoadedPage extends AuditPage {
  names: Record<string, string>;
}

export function AuditSection() {
  // The `before` cursor of each page shown so far: [''] is the newest page.
  const [cursors, setCursors] = useState<string[]>(['']);
  const before = cursors[cursors.length - 1];
  // The names are read once, with the first page.
  const names = useRef<Promise<Record<string, string>> | null>(null);
  const { resource: page, reload, pending } = useData<LoadedPage>(async (signal) => {
    names.current ??= loadNames();
    const [entries, known] = await Promise.all([listAuditLog({ limit: AUDIT_PAGE_SIZE, before }, signal), names.current]);
    return { ...entries, names: known };
  });

  // Each page change loads that page (the first one loads on mount); the
  // current page stays on screen meanwhile, so the button keeps the focus.
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) reload();
    mounted.current = true;
  }, [cursors]);

  const pageNumber = cursors.length;
  const actor = (e: AuditEntry, known: Record<string, string>) => {
    if (e.actor_user_id) return known[e.actor_user_id] ?? 'A former member';
    if (e.actor_api_key_id) return 'API key';
    return 'System';
  };

  return (
    <ResourceView resource={page} reload={reload} what="the audit log">
      {(data) => (
        <>
          {data.entries.length === 0 ? (
            <p class="muted">Nothing recorded yet.</p>
          ) : (
            // A wide table: the frame scrolls sideways on narrow screens, also with the keyboard.
            <div class="table-wrap" role="region" aria-label="Audit log entries" tabIndex={0}>
              <table class="table audit-table">
                <caption class="sr-only">Audit log, page {pageNumber}</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">Details</th>
                    <th scope="col">IP</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <tr key={e.id}>
                      <td class="nowrap">{formatDateTime(e.created_at)}</td>
                      <td>{actor(e, data.names)}</td>
                      <td>
                        <code>{e.action}</code>
                        <span class="audit-target muted">
                          {e.target_type}
                          {e.target_id && <span title={e.target_id}> {shortId(e.target_id)}</span>}
                        </span>
                      </td>
                      <td class="cell-text cell-break">{formatDetails(e.details)}</td>
                      <td>{e.ip}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav class="pager" aria-label="Audit log pages" aria-busy={pending}>
            <button type="button" class="button" disabled={pageNumber === 1} onClick={() => !pending && setCursors((c) => c.slice(0, -1))}>
              Newer
            </button>
            <span>Page {pageNumber}</span>
            <button
              type="button"
              class="button"
              disabled={!data.next_before}
              onClick={() => !pending && setCursors((c) => [...c, data.next_before])}
            >
              Older
            </button>
          </nav>
        </>
      )}
    </ResourceView>
  );
}
