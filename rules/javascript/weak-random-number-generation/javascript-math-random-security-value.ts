export class InviteService {
  issueInviteToken(email: string): string {
    // ruleid: javascript-math-random-security-value
    const value = Math.random().toString(36).slice(2, 12);
    return `${email}:${value}`;
  }

  pickTip(tips: string[]): string {
    // ok: javascript-math-random-security-value
    return tips[Math.floor(Math.random() * tips.length)];
  }
}

// ok: javascript-math-random-security-value
export const tokenizerSeed = crypto.getRandomValues(new Uint32Array(1))[0];
