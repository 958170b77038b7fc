const EMAIL_PATTERN = /^[^\s@<>()\[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Accounts are found by email case-insensitively: every email is trimmed and lowercased first. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** For a normalised email. */
export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email);
}
