import { describe, expect, it } from 'vitest';
import { ClickHouseError, ClickHouseUnavailableError, mapClickHouseError } from './errors.js';

describe('mapClickHouseError', () => {
  it('keeps the code and the first part of the message of an old server, without the what() tail', () => {
    const raw = Object.assign(
      new Error('Code: 62, e.displayText() = DB::Exception: Syntax error, e.what() = DB::Exception\n'),
      {
        code: '62',
      },
    );
    const e = mapClickHouseError(raw, 'http://127.0.0.1:18123', 'SELEC 1');
    expect(e).toBeInstanceOf(ClickHouseError);
    expect(e).toMatchObject({ code: 62 });
    expect(e.message).toBe(
      'ClickHouse (http://127.0.0.1:18123): Code: 62, e.displayText() = DB::Exception: Syntax error — in: SELEC 1',
    );
  });

  it('reads chdb errors (clickhouseCode) and the error name, dropping the stack trace', () => {
    const raw = Object.assign(
      new Error(
        'Query failed: Code: 60. DB::Exception: Unknown table expression identifier `x`. (UNKNOWN_TABLE)\nStack trace: …',
      ),
      { clickhouseCode: 60 },
    );
    const e = mapClickHouseError(raw, 'chdb:/tmp/x');
    expect(e).toMatchObject({ code: 60, type: 'UNKNOWN_TABLE' });
    expect(e.message).not.toContain('Stack trace');
  });

  it('maps refused connections to ClickHouseUnavailableError', () => {
    const raw = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(mapClickHouseError(raw, 'http://127.0.0.1:1')).toBeInstanceOf(ClickHouseUnavailableError);
  });
});
