/** The contact's journey: what we know of their visits (time and browser) and how many chats they had. */
import { useState } from 'preact/hooks';
import { getContactJourney } from '../api/contacts';
import { formatDateTime } from '../format';
import { ContactDataPending, useContactData } from './contactData';
import { describeBrowser, formatTime } from './format';

/** Visits shown before "Show all visits". */
export const VISITS_SHOWN = 5;

/** "14:05" when `end` is on the same day as `start`, else the full date and time. */
function until(start: string, end: string): string {
  const a = new Date(start);
  const b = new Date(end);
  if (!Number.isNaN(a.getTime()) && a.toDateString() === b.toDateString()) return formatTime(end);
  return formatDateTime(end);
}

export function Journey({ contactId }: { contactId: string }) {
  const { resource, retry } = useContactData(contactId, getContactJourney);
  const [all, setAll] = useState(false);
  if (resource.state !== 'ready') return <ContactDataPending resource={resource} what="visits" retry={retry} />;

  const { sessions, chats } = resource.data;
  const shown = all ? sessions : sessions.slice(0, VISITS_SHOWN);
  return (
    <>
      <p class="muted journey-summary">
        {sessions.length === 1 ? '1 visit' : `${sessions.length} visits`} · {chats === 1 ? '1 chat' : `${chats} chats`}
      </p>
      {sessions.length > 0 && (
        <ul class="journey">
          {shown.map((visit, index) => (
            <li key={`${visit.started_at}-${index}`} class="journey-visit">
              <time dateTime={visit.started_at}>{formatDateTime(visit.started_at)}</time>
              {visit.last_seen_at && visit.last_seen_at !== visit.started_at && (
                <>
                  {' – '}
                  <time dateTime={visit.last_seen_at}>{until(visit.started_at, visit.last_seen_at)}</time>
                </>
              )}
              <span class="journey-browser" title={visit.user_agent || undefined}>
                {describeBrowser(visit.user_agent)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {sessions.length > VISITS_SHOWN && (
        <button type="button" class="link-button" aria-expanded={all} onClick={() => setAll((v) => !v)}>
          {all ? 'Show fewer visits' : `Show all ${sessions.length} visits`}
        </button>
      )}
    </>
  );
}
