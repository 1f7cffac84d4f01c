/**
 * The inbox badges: open chats per team, unassigned and mine (GET /chats/counts),
 * loaded once and again shortly after chat events (debounced, so a burst of
 * events makes one request) and after a resync.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ChatCounts, getChatCounts } from '../api/chats';
import { CHAT_EVENT_TYPES, useDebounced, useSocketFrames } from '../chat/live';

/** How long after a chat event the counts are fetched again. */
export const COUNTS_DEBOUNCE_MS = 300;

/** The counts, or null until known (or when the server cannot tell). */
export function useChatCounts(): ChatCounts | null {
  const [counts, setCounts] = useState<ChatCounts | null>(null);
  const latestRequest = useRef(0);

  const load = (signal?: AbortSignal) => {
    const request = ++latestRequest.current;
    getChatCounts(signal).then(
      (answer) => {
        // Answers can overtake each other; only the newest request's counts.
        if (request === latestRequest.current && answer && Array.isArray(answer.teams)) setCounts(answer);
      },
      // Without counts the navigation shows no badges; the next event tries again.
      () => undefined,
    );
  };

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, []);

  const refresh = useDebounced(() => load(), COUNTS_DEBOUNCE_MS);
  useSocketFrames(CHAT_EVENT_TYPES, refresh, refresh);
  return counts;
}
