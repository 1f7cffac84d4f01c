/**
 * The signed-in member's role, for the contact screens: the shell provides it
 * (any component under the shell, e.g. the chat console's ContactPanel, reads
 * it). Without a provider the role is unknown and treated like an agent's.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Role } from '../api/types';

export const RoleContext = createContext<Role | null>(null);

/** The role given explicitly, else the shell's. */
export function useRole(explicit?: Role): Role | null {
  const provided = useContext(RoleContext);
  return explicit ?? provided;
}

/** Whether a role may lift a contact's block (supervisors and up). */
export function canUnblock(role: Role | null | undefined): boolean {
  return role === 'owner' || role === 'admin' || role === 'supervisor';
}
