// Password hashing (argon2id), generation, and enforcing the policy of src/api/password-policy.ts.

import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { passwordProblems } from '../../api/password-policy.js';
import { badRequest } from '../errors.js';

// argon2id with OWASP's minimum (m=19 MiB, t=2, p=1): ~30–100 ms here.
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function checkPasswordPolicy(password: string, username?: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length === 0) return;
  throw badRequest(
    'weak_password',
    '密码不符合要求：至少 10 个字符，并包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名。',
    'The password breaks the policy: at least 10 characters from at least three of upper case, lower case, digits and symbols, not containing the user name.',
    { problems },
  );
}

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const SETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#%*-_=+?'];

/** 16 characters with every class present; unambiguous glyphs only (no 0/O, 1/l/I). */
export function generatePassword(): string {
  const all = SETS.join('');
  const chars = SETS.map((s) => s[randomInt(s.length)] as string);
  while (chars.length < 16) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
