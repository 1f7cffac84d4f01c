/** Client-side checks run before a form is sent; the server checks again. */

/** Minimum password length for new accounts (matches the API's rule). */
export const MIN_PASSWORD_LENGTH = 10;

// Deliberately loose: something@something.tld, no spaces. The server has the final word.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Returns an error message for the email field, or null when it looks fine. */
export function checkEmail(value: string): string | null {
  const email = value.trim();
  if (!email) return 'Enter your email address.';
  if (!EMAIL_PATTERN.test(email)) return 'Enter a valid email address, like name@example.com.';
  return null;
}

/** Returns an error message for a password being used to sign in, or null. */
export function checkPasswordPresent(value: string): string | null {
  return value ? null : 'Enter your password.';
}

/** Returns an error message for a new password, or null. */
export function checkNewPassword(value: string): string | null {
  if (!value) return 'Choose a password.';
  if (value.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return null;
}

/** Returns an error message for a person's display name, or null. */
export function checkName(value: string): string | null {
  return value.trim() ? null : 'Enter your name.';
}

/** An international phone number in E.164 form: "+", country code, up to 15 digits. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** Drops the spaces, dashes, dots and brackets people write in phone numbers. */
export function normalizePhone(value: string): string {
  return value.replace(/[\s\-.()]/g, '');
}

/** Returns an error message for an optional phone number (empty clears it), or null. */
export function checkPhone(value: string): string | null {
  const phone = normalizePhone(value);
  if (!phone) return null;
  if (!E164_PATTERN.test(phone)) {
    return 'Enter the number in international form: + and the country code, then the number, e.g. +14155550100.';
  }
  return null;
}
