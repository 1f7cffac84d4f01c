/** Frames of the agent WebSocket (docs/realtime.md), and reading them. */

/** An event: it has a sequence number and is replayed after a reconnect. */
export interface EventFrame {
  seq: number;
  type: string;
  chat_id?: string;
  data?: unknown;
  created_at?: string;
}

/** Catch-up is done; `last_seq` is the position live events continue from. */
export interface ReadyFrame {
  type: 'ready';
  last_seq: number;
}

/** Any frame: events, `ready`, `resync_required`, `pong`, `typing`, `ack`, `error`. */
export interface Frame {
  type: string;
  seq?: number;
  [field: string]: unknown;
}

/** Reads one text frame; null for anything that is not a JSON object with a string `type`. */
export function parseFrame(raw: unknown): Frame | null {
  if (typeof raw !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const frame = value as Frame;
  if (typeof frame.type !== 'string' || frame.type === '') return null;
  if (frame.seq !== undefined && !isSeq(frame.seq)) return null;
  return frame;
}

/** Whether a frame is an event (it carries a sequence number). */
export function isEvent(frame: Frame): frame is Frame & EventFrame {
  return isSeq(frame.seq);
}

/** Whether a frame is a well-formed `ready` frame. */
export function isReady(frame: Frame): frame is Frame & ReadyFrame {
  return frame.type === 'ready' && isSeq(frame.last_seq);
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
