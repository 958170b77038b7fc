import { DEFAULT_BACKFILL_CONCURRENCY, MAX_BACKFILL_CONCURRENCY } from './backfill-limits';

/** One admin command, read from the command line; its body goes through the same validation as the admin API's. */
export type AdminCommand =
  | { kind: 'account-show'; email: string }
  | { kind: 'account-set'; email: string; changes: Record<string, unknown> }
  | { kind: 'account-sign-out'; email: string }
  | { kind: 'key-create'; email: string; request: Record<string, unknown> }
  | { kind: 'key-revoke'; keyId: string }
  | { kind: 'webhooks-reseal' }
  | { kind: 'media-backfill'; concurrency: number };

export const USAGE = [
  'account show EMAIL',
  'account set EMAIL [--plan P] [--policy open|closed] [--verified]',
  'account sign-out EMAIL',
  'key create EMAIL [--name N] [--abilities read,write]',
  'key revoke KEY_ID',
  'webhooks reseal',
  'media backfill [--concurrency N]',
].join(' | ');

export class UsageError extends Error {}

interface Parsed {
  positional: string[];
  options: Map<string, string | true>;
}

const VALUED = new Set(['plan', 'policy', 'name', 'abilities', 'concurrency']);
const SWITCHES = new Set(['verified']);

function split(args: string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (SWITCHES.has(name) && inline === undefined) options.set(name, true);
    else if (VALUED.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else throw new UsageError(`unknown option --${name}`);
  }
  return { positional, options };
}

function allowOnly(parsed: Parsed, allowed: string[]): void {
  for (const name of parsed.options.keys()) if (!allowed.includes(name)) throw new UsageError(`--${name} does not apply here`);
}

function operand(parsed: Parsed, count: number, what: string): string {
  if (parsed.positional.length !== count) throw new UsageError(`expected ${what}`);
  return parsed.positional[count - 1];
}

export function parseCliArgs(argv: string[]): AdminCommand {
  const [group, action, ...rest] = argv;
  const parsed = split(rest);
  const command = `${group ?? ''} ${action ?? ''}`;
  switch (command) {
    case 'account show':
      allowOnly(parsed, []);
      return { kind: 'account-show', email: operand(parsed, 1, 'one EMAIL') };
    case 'account set': {
      allowOnly(parsed, ['plan', 'policy', 'verified']);
      const changes: Record<string, unknown> = {};
      if (parsed.options.has('plan')) changes.plan = parsed.options.get('plan');
      if (parsed.options.has('policy')) changes.agent_policy = parsed.options.get('policy');
      if (parsed.options.has('verified')) changes.verified = true;
      return { kind: 'account-set', email: operand(parsed, 1, 'one EMAIL'), changes };
    }
    case 'account sign-out':
      allowOnly(parsed, []);
      return { kind: 'account-sign-out', email: operand(parsed, 1, 'one EMAIL') };
    case 'key create': {
      allowOnly(parsed, ['name', 'abilities']);
      const request: Record<string, unknown> = {};
      if (parsed.options.has('name')) request.name = parsed.options.get('name');
      const abilities = parsed.options.get('abilities');
      if (typeof abilities === 'string') request.abilities = abilities.split(',').map((ability) => ability.trim());
      return { kind: 'key-create', email: operand(parsed, 1, 'one EMAIL'), request };
    }
    case 'key revoke':
      allowOnly(parsed, []);
      return { kind: 'key-revoke', keyId: operand(parsed, 1, 'one KEY_ID') };
    case 'webhooks reseal':
      allowOnly(parsed, []);
      if (parsed.positional.length) throw new UsageError('expected no operand');
      return { kind: 'webhooks-reseal' };
    case 'media backfill': {
      allowOnly(parsed, ['concurrency']);
      if (parsed.positional.length) throw new UsageError('expected no operand');
      const given = parsed.options.get('concurrency');
      const concurrency = given === undefined ? DEFAULT_BACKFILL_CONCURRENCY : Number(given);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_BACKFILL_CONCURRENCY) {
        throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_BACKFILL_CONCURRENCY}`);
      }
      return { kind: 'media-backfill', concurrency };
    }
    default:
      throw new UsageError(`unknown command "${command.trim()}"`);
  }
}
