import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', null)).toBe(false);
    expect(await verifyPassword('x', 'plain-text-not-a-hash')).toBe(false);
  });

  it.each([
    { password: 'short', problem: /at least 8/ },
    { password: 'x'.repeat(300), problem: /at most 256/ },
    { password: '足够长的中文密码口令', problem: null },
  ])('passwordProblem($password.length chars)', ({ password, problem }) => {
    const result = passwordProblem(password);
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeNull();
  });
});
