/** What every management section gets from the page. */
import type { Role } from '../api/types';

export interface SectionProps {
  /** The signed-in member's role; the sections hide what it cannot do. */
  role: Role;
  /** The signed-in member's user id. */
  userId: string;
}
