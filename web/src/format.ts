/** Display helpers. */
import type { Role } from './api/types';

const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  supervisor: 'Supervisor',
  agent: 'Agent',
};

/** "agent" → "Agent"; unknown roles are shown as sent. */
export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}
