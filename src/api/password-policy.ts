// The password policy, shared by the server (which enforces it) and the web app (live hints):
// at least 10 characters from at least three of lower case, upper case, digits and symbols, not
// containing the user name. No zod here, so the sign-in screen stays small.

export type PasswordProblem = 'length' | 'classes' | 'contains_username';

export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblems(password: string, username?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('length');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('classes');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('contains_username');
  return problems;
}
