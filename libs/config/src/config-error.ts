/** A setting an operator must fix; a process that cannot start prints its message alone. */
export class ConfigError extends Error {}
