import { parseArgs } from 'node:util';
import { createApiToken, parseScopes } from '../../app/auth/index.js';
import { ROLES } from '../../app/context.js';
import { createUser, getUserByName, listUsers, setDisabled, setPassword } from '../../app/users/index.js';
import { config } from '../../config.js';
import { ValidationError } from '../../core/errors.js';
import { parseFormat, renderTable } from '../output.js';
import type { CliIo, Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';

const HELP = `usage: yardstick user <subcommand> [--db PATH]
  add --username U --role ROLE [--person ID] [--name TEXT] [--password-stdin]
  passwd --username U [--password-stdin]
  disable --username U [--enable] [--reason TEXT]
  list [--format table|json]
  token --username U --scopes import,read[,collect,admin] [--name TEXT]
roles: ${ROLES.join(', ')}. Passwords are read from stdin (first line) with --password-stdin.`;

const ACTOR = 'cli';

async function readPassword(io: CliIo): Promise<string> {
  if (!io.stdin) throw new ValidationError('--password-stdin: no standard input');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password) throw new ValidationError('--password-stdin: standard input is empty');
  return password;
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new ValidationError(`${flag} is required`, [{ field: flag }]);
  return value;
}

/** `yardstick user` — manage accounts and API tokens. */
export const command: Command = {
  summary: 'manage accounts: add, passwd, disable, list, token',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h') {
      io.out(HELP);
      return sub ? 0 : 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        db: { type: 'string' },
        username: { type: 'string' },
        role: { type: 'string' },
        person: { type: 'string' },
        name: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        enable: { type: 'boolean' },
        reason: { type: 'string' },
        scopes: { type: 'string' },
        format: { type: 'string' },
      },
    });
    const dbPath = values.db ?? config().dbPath;
    return withWarehouse(dbPath, async (engine) => {
      switch (sub) {
        case 'add': {
          const password = values['password-stdin'] ? await readPassword(io) : null;
          const account = await createUser(engine, ACTOR, {
            username: need(values.username, '--username'),
            role: need(values.role, '--role'),
            personId: values.person ?? null,
            password,
            displayName: values.name ?? null,
          });
          io.out(
            `created ${account.role} account "${account.username}"${password ? '' : ' (no password yet: set one with user passwd)'}`,
          );
          return 0;
        }
        case 'passwd': {
          const account = await getUserByName(engine, need(values.username, '--username'));
          if (!values['password-stdin'])
            throw new ValidationError('passwd: give the new password on stdin with --password-stdin');
          await setPassword(engine, ACTOR, account.id, await readPassword(io));
          io.out(`password of "${account.username}" changed; its sessions were ended`);
          return 0;
        }
        case 'disable': {
          const account = await getUserByName(engine, need(values.username, '--username'));
          await setDisabled(engine, ACTOR, account.id, !values.enable, values.reason ?? null);
          io.out(`${values.enable ? 'enabled' : 'disabled'} "${account.username}"`);
          return 0;
        }
        case 'list': {
          const format = parseFormat(values.format, ['table', 'json']);
          const { items } = await listUsers(engine);
          if (format === 'json') io.out(JSON.stringify(items, null, 2));
          else {
            io.out(
              renderTable(
                items.map((u) => ({
                  username: u.username,
                  role: u.role,
                  person_id: u.person_id,
                  disabled: u.disabled ? 'yes' : '',
                  password: u.has_password ? 'set' : 'none',
                })),
              ),
            );
          }
          return 0;
        }
        case 'token': {
          const account = await getUserByName(engine, need(values.username, '--username'));
          const scopes = parseScopes(need(values.scopes, '--scopes'), '--scopes');
          const token = await createApiToken(engine, ACTOR, {
            userId: account.id,
            scopes,
            ...(values.name ? { name: values.name } : {}),
          });
          io.out(token.token);
          io.err(`token for "${account.username}" with scopes ${scopes.join(',')} (shown once; store it safely)`);
          return 0;
        }
        default:
          throw new ValidationError(`unknown subcommand "${sub}" (add, passwd, disable, list, token)`);
      }
    });
  },
};
