/** Pure helpers for the kind × channel preference matrices. */
import type { NotificationDefaults, PreferenceMatrix } from '../api/types';

/** The value of one cell (false when absent). */
export function cell(matrix: PreferenceMatrix, kind: string, channel: string): boolean {
  return matrix[kind]?.[channel] === true;
}

/** A copy with one cell changed. */
export function withCell(matrix: PreferenceMatrix, kind: string, channel: string, on: boolean): PreferenceMatrix {
  return { ...matrix, [kind]: { ...matrix[kind], [channel]: on } };
}

/**
 * The overrides to save for an edited matrix: the choices already made at
 * this level, plus every cell the draft changes from what applied. Cells
 * nobody touched stay unset, so they keep following the level below (an
 * organisation default changed later still reaches this agent).
 */
export function overridesFor(saved: NotificationDefaults, draft: PreferenceMatrix): PreferenceMatrix {
  const out: PreferenceMatrix = {};
  for (const { kind, channels } of saved.kinds) {
    for (const channel of channels) {
      const chosen = saved.overrides[kind]?.[channel];
      const value = cell(draft, kind, channel);
      if (chosen !== undefined || value !== cell(saved.effective, kind, channel)) {
        out[kind] = { ...out[kind], [channel]: value };
      }
    }
  }
  return out;
}
