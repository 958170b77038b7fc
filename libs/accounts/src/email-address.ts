const EMAIL_PATTERN = /^[^\s@<>()\[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Accounts are found by email case-insensitively: every email is trimmed and lowercased first. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** For a normalised email. */
export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email);
}

/**
 * The address a mailbox most likely is, for counting requests per person: lower case, without a
 * `+tag` (`Someone+x@Example.com` and `someone@example.com` count as one).
 */
export function canonicalEmail(value: string): string {
  const email = normaliseEmail(value);
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  const local = email.slice(0, at).replace(/\+.*$/, '');
  return `${local || email.slice(0, at)}${email.slice(at)}`;
}

/** "a•••@example.com": enough for the owner to recognise the address, too little to learn it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.charAt(0)}•••${email.slice(at)}`;
}
