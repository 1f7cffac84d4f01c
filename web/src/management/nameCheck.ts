/** The check of a name the API limits to 100 characters: a team's, an API key's. */

/** The most characters (code points, as the API counts them) a name may have. */
export const MAX_NAME = 100;

/** The error for a name (trimmed): `missing` when it is empty, or when it is too long; undefined when it is fine. */
export function nameError(value: string, missing: string): string | undefined {
  const name = value.trim();
  if (!name) return missing;
  if ([...name].length > MAX_NAME) return `Use at most ${MAX_NAME} characters.`;
  return undefined;
}
