import { hash, verify } from '@node-rs/argon2';
import type { Config } from '../../config.ts';

/**
 * argon2id (the library's default algorithm) with the cost from Config. `verifyAgainstDummy`
 * burns the same work as a real check, so an unknown user costs the same time as a wrong password.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly params: Config['argon2']) {}

  hash(password: string): Promise<string> {
    return hash(password, this.params);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash is a failed check, not a 500 that tells the caller the user exists.
      return false;
    }
  }

  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('dummy-password-for-timing-equalisation');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
