/** What each role may do in Management; the server enforces the same rules. */
import type { Role } from '../api/types';

const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2, owner: 3 };

/** Whether `role` is `min` or above (owner > admin > supervisor > agent). */
export function atLeast(role: Role, min: Role): boolean {
  return (RANK[role] ?? -1) >= RANK[min];
}

/** The roles `caller` may grant, by invitation or role change: owners grant any, admins any but owner. */
export function grantableRoles(caller: Role): Role[] {
  if (caller === 'owner') return ['owner', 'admin', 'supervisor', 'agent'];
  if (caller === 'admin') return ['admin', 'supervisor', 'agent'];
  return [];
}

/** Whether `caller` may change the role of, or remove, a member with `target` role (never themselves). */
export function canManageMember(caller: Role, target: Role, self: boolean): boolean {
  if (self || !atLeast(caller, 'admin')) return false;
  return target !== 'owner' || caller === 'owner';
}
