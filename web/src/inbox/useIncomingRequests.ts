/**
 * Transfers and offers waiting for my answer, wherever the chat is: loaded
 * when the inbox opens, then kept from chat events (a new request appears,
 * an answered or expired one goes).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Chat, type TeamSettings, listChatEvents, listChats } from '../api/chats';
import { CHAT_EVENT_TYPES, frameData, str, useDebounced, useSocketFrames } from '../chat/live';
import { type RequestKind, expiryFromEvents, requestExpiry, requestFor } from '../chat/requests';

export interface IncomingRequest {
  chatId: string;
  kind: RequestKind;
  /** Who asks (the chat's assignee, for transfers). */
  fromId: string | null;
  contactName?: string;
  teamId: string;
  expiresAt: number | null;
}

export function useIncomingRequests(me: string, teams: TeamSettings[]): {
  requests: IncomingRequest[];
  remove: (chatId: string) => void;
} {
  const [requests, setRequestsState] = useState<IncomingRequest[]>([]);
  const ref = useRef<IncomingRequest[]>([]);
  const teamsRef = useRef(teams);
  teamsRef.current = teams;
  const set = (fn: (list: IncomingRequest[]) => IncomingRequest[]) => {
    ref.current = fn(ref.current);
    setRequestsState(ref.current);
  };
  const team = (id: string) => teamsRef.current.find((t) => t.id === id);

  const load = (signal?: AbortSignal) => {
    let complete = true;
    const page = (query: Parameters<typeof listChats>[0]) =>
      listChats(query, signal).then(
        (p) => p.chats ?? [],
        () => {
          complete = false;
          return [] as Chat[];
        },
      );
    Promise.all([
      page({ view: 'open', status: 'transferring', limit: 100 }),
      page({ view: 'mine', status: 'offered', limit: 100 }),
    ]).then(([transferring, offered]) => {
      if (signal?.aborted) return;
      const found = [...transferring, ...offered].filter((c) => requestFor(c, me));
      set((list) => {
        const known = new Map(list.map((r) => [r.chatId, r]));
        const fresh: IncomingRequest[] = found.map((c) => ({
          chatId: c.id,
          kind: requestFor(c, me)!,
          fromId: c.status === 'transferring' ? c.assignee_id : null,
          contactName: c.contact_name,
          teamId: c.team_id,
          expiresAt:
            known.get(c.id)?.expiresAt ??
            requestExpiry(requestFor(c, me)!, null, c as unknown as Record<string, unknown>, undefined),
        }));
        // A lookup that failed proves nothing: keep what events told.
        if (complete) return fresh;
        const ids = new Set(fresh.map((r) => r.chatId));
        return [...fresh, ...list.filter((r) => !ids.has(r.chatId))];
      });
      for (const c of found) {
        if (ref.current.find((r) => r.chatId === c.id)?.expiresAt != null) continue;
        const kind = requestFor(c, me)!;
        listChatEvents(c.id, signal).then(
          (events) => {
            const expiresAt = expiryFromEvents(kind, events, team(c.team_id));
            set((list) => list.map((r) => (r.chatId === c.id && r.expiresAt === null ? { ...r, expiresAt } : r)));
          },
          () => undefined,
        );
      }
    });
  };

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [me]);

  // A request learnt from an event lacks the contact's name: the lists have it.
  const refresh = useDebounced(() => load(), 300);

  useSocketFrames(
    CHAT_EVENT_TYPES,
    (frame) => {
      const chatId = str(frame.chat_id);
      if (!chatId) return;
      const data = frameData(frame);
      const state = {
        status: (str(data.status) ?? '') as Chat['status'],
        assignee_id: str(data.assignee_id) ?? null,
        transfer_to_id: str(data.transfer_to_id) ?? str(data.to_id) ?? null,
      };
      const kind = requestFor(state, me);
      if (!kind) {
        if (ref.current.some((r) => r.chatId === chatId)) set((list) => list.filter((r) => r.chatId !== chatId));
        return;
      }
      const startsIt = frame.type === 'chat.transfer_requested' || frame.type === 'chat.offered';
      const teamId = str(data.team_id) ?? '';
      const existing = ref.current.find((r) => r.chatId === chatId);
      const request: IncomingRequest = {
        chatId,
        kind,
        fromId: kind === 'transfer' ? state.assignee_id : null,
        contactName: existing?.contactName,
        teamId,
        expiresAt: startsIt ? requestExpiry(kind, str(frame.created_at), data, team(teamId)) : (existing?.expiresAt ?? null),
      };
      set((list) => [...list.filter((r) => r.chatId !== chatId), request]);
      if (!request.contactName) refresh();
    },
    () => load(),
  );

  return { requests, remove: (chatId: string) => set((list) => list.filter((r) => r.chatId !== chatId)) };
}
