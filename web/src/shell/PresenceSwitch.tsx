/**
 * The availability switch in the header: a radio group (Available / Away /
 * Offline) that saves through PUT /me/presence and reverts if the server
 * refuses. An agent whose heartbeat lapsed shows as Offline. While the console is open it repeats the status as a
 * heartbeat: a console that closes stops them, and the server then treats
 * the agent as offline (no more auto-assignments) within a minute.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { setPresence } from '../api/endpoints';
import type { PresenceStatus } from '../api/types';

interface PresenceSwitchProps {
  /** The status known when the shell opened, if the session told us. */
  initial?: PresenceStatus;
  /** Reports a failed save so the shell can show it. */
  onError: (message: string) => void;
}

/** How often an open console confirms the agent's status. */
export const HEARTBEAT_MS = 25_000;

const OPTIONS: { status: PresenceStatus; label: string }[] = [
  { status: 'online', label: 'Available' },
  { status: 'away', label: 'Away' },
  { status: 'offline', label: 'Offline' },
];

export function PresenceSwitch({ initial, onError }: PresenceSwitchProps) {
  const [status, setStatus] = useState<PresenceStatus | undefined>(initial);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (status !== 'online' && status !== 'away') return undefined;
    const timer = setInterval(() => {
      // A missed beat is retried by the next one; a 401 sends the user to sign in.
      setPresence(status).catch(() => undefined);
    }, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [status]);

  const choose = async (next: PresenceStatus) => {
    if (next === status) return;
    const previous = status;
    setStatus(next);
    setSaving(true);
    try {
      const saved = await setPresence(next);
      setStatus(saved?.status ?? next);
    } catch (err) {
      setStatus(previous);
      // A 401 already sends the user to sign in; anything else is worth saying.
      if (!(err instanceof ApiError && err.status === 401)) {
        onError(err instanceof ApiError ? `Could not change availability: ${err.message}` : 'Could not change availability.');
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <fieldset class="presence" aria-busy={saving} data-status={status ?? 'unknown'}>
      <legend class="sr-only">Availability</legend>
      {OPTIONS.map((option) => (
        <label key={option.status} class={`presence-option presence-${option.status}`}>
          <input
            type="radio"
            name="presence"
            value={option.status}
            checked={status === option.status}
            onChange={() => void choose(option.status)}
          />
          <span class="presence-dot" aria-hidden="true" />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
