/** Display helpers shared by the inbox list and the console. */

/** Readable chat statuses. */
export const STATUS_LABELS: Record<string, string> = {
  waiting: 'Waiting',
  offered: 'Offered',
  assigned: 'Assigned',
  transferring: 'Transferring',
  ended: 'Ended',
  failed: 'Failed',
};

/** "14:05" today, "3 Mar, 14:05" before; "" when unreadable. */
export function messageTime(iso: string | null | undefined, now = new Date()): string {
  const date = new Date(iso ?? '');
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
