/** Checks a file against the widget's upload rules before sending it. */
import { type Strings, fill } from './i18n';

export interface UploadRules {
  max_bytes: number;
  extensions: string[];
}

export type FileProblem = { kind: 'type'; ext: string; allowed: string[] } | { kind: 'size'; max: number };

/** The extension of a file name, lower-case, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

/** What is wrong with a file, or null when it may be sent. */
export function checkFile(file: { name: string; size: number }, rules: UploadRules): FileProblem | null {
  const allowed = rules.extensions.map((e) => e.replace(/^\./, '').toLowerCase());
  const ext = extensionOf(file.name);
  if (allowed.length > 0 && !allowed.includes(ext)) return { kind: 'type', ext, allowed };
  if (rules.max_bytes > 0 && file.size > rules.max_bytes) return { kind: 'size', max: rules.max_bytes };
  return null;
}

/** "10 MB", "512 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mb = bytes / (1024 * 1024);
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** The problem in the visitor's language. */
export function describeProblem(problem: FileProblem, t: Strings): string {
  if (problem.kind === 'size') return fill(t.fileSize, { size: formatBytes(problem.max) });
  return fill(t.fileType, { ext: problem.ext ? `.${problem.ext}` : '?', list: problem.allowed.join(', ') });
}

/** The file input's `accept`: ".pdf,.png,…". */
export function acceptList(extensions: string[]): string {
  return extensions.map((e) => `.${e.replace(/^\./, '')}`).join(',');
}
