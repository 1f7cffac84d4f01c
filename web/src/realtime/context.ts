/** The shell's agent socket, shared with the components that listen to it. */
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Frame } from './frames';
import { AgentSocket, type AgentSocketOptions } from './socket';

export const SocketContext = createContext<AgentSocket | null>(null);

/** One socket for the lifetime of the calling component: connects on mount, closes on unmount. */
export function useAgentSocket(options?: AgentSocketOptions): AgentSocket {
  const [socket] = useState(() => new AgentSocket(options));
  useEffect(() => {
    socket.start();
    return () => socket.stop();
  }, [socket]);
  return socket;
}

/** Calls `handler` (latest version) for each frame of `type` on the shell's socket. */
export function useSocketEvent(type: string, handler: (frame: Frame) => void): void {
  const socket = useContext(SocketContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => socket?.on(type, (frame) => latest.current(frame)), [socket, type]);
}
