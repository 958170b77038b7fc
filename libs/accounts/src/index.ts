export * from './signed-link';
export * from './account-links';
export * from './limit-errors';
export * from './escape-html';
export * from './verification-mail';
export * from './verification-mailer';
export * from './account-verification.service';
