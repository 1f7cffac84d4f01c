/**
 * Listening to the shell's agent socket (one connection, shared through
 * SocketContext) for several frame types at once, and small timing helpers
 * the inbox and the console share.
 */
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { SocketContext } from '../realtime/context';
import type { Frame } from '../realtime/frames';

/** Every `chat.*` event an agent's socket can carry (docs/realtime.md). */
export const CHAT_EVENT_TYPES = [
  'chat.queued',
  'chat.offered',
  'chat.offer_accepted',
  'chat.offer_rejected',
  'chat.offer_expired',
  'chat.assigned',
  'chat.claimed',
  'chat.reassigned',
  'chat.reassigned_unresponsive',
  'chat.transfer_requested',
  'chat.transfer_accepted',
  'chat.transfer_rejected',
  'chat.transfer_expired',
  'chat.transferred_to_team',
  'chat.team_changed',
  'chat.team_opened',
  'chat.prompt',
  'chat.prompt_keep_waiting',
  'chat.prompt_another_agent',
  'chat.ended',
  'chat.failed',
] as const;

/** Message events. */
export const MESSAGE_EVENT_TYPES = ['message.created', 'message.delivered', 'message.read'] as const;

/**
 * Calls `handler` (its latest version) for every frame of any of `types` on
 * the shell's socket, and `onResync` when the socket says events were missed.
 */
export function useSocketFrames(
  types: readonly string[],
  handler: (frame: Frame) => void,
  onResync?: () => void,
): void {
  const socket = useContext(SocketContext);
  const latest = useRef(handler);
  latest.current = handler;
  const latestResync = useRef(onResync);
  latestResync.current = onResync;
  const key = types.join(',');
  useEffect(() => {
    if (!socket) return undefined;
    const offs = types.map((type) => socket.on(type, (frame) => latest.current(frame)));
    offs.push(socket.onResync(() => latestResync.current?.()));
    return () => offs.forEach((off) => off());
  }, [socket, key]);
}

/**
 * A debounced call: `schedule()` runs `fn` (its latest version) once, `delayMs`
 * after the last call. Cancelled on unmount.
 */
export function useDebounced(fn: () => void, delayMs: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  const schedule = useRef(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, delayMs);
  });
  return schedule.current;
}

/** The current time, refreshed every `intervalMs` while `active`. */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

/** A frame's `data` as an object (empty when missing). */
export function frameData(frame: Frame): Record<string, unknown> {
  const data = frame.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** A string field of an object, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
