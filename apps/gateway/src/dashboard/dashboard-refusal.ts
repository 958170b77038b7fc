/** A dashboard form posted without a session, or without that session's CSRF token: nothing was changed. */
export class DashboardRefusal extends Error {
  constructor() {
    super('form refused: no session or no matching CSRF token');
  }
}
