/**
 * Primality for the modulus p of modular-arithmetic experiments, with a message
 * a reader can act on when the value is not prime.
 */

/** True when n is a prime integer (trial division; fine for the small p used here). */
export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n < 4) return true;
  if (n % 2 === 0 || n % 3 === 0) return false;
  for (let f = 5; f * f <= n; f += 6) {
    if (n % f === 0 || n % (f + 2) === 0) return false;
  }
  return true;
}

/** Smallest factor > 1 of an integer n >= 2. */
function smallestFactor(n: number): number {
  for (let f = 2; f * f <= n; f++) if (n % f === 0) return f;
  return n;
}

/** The largest prime below n, or null when there is none. */
function primeBelow(n: number): number | null {
  for (let m = Math.ceil(n) - 1; m >= 2; m--) if (isPrime(m)) return m;
  return null;
}

/** The smallest prime above n. */
function primeAbove(n: number): number {
  let m = Math.max(2, Math.floor(n) + 1);
  while (!isPrime(m)) m++;
  return m;
}

/**
 * Why n cannot be the modulus, or null when it is prime.
 * @example primeProblem(24) === '24 is not prime (24 = 2 × 12); nearest primes: 23, 29'
 */
export function primeProblem(n: number): string | null {
  if (isPrime(n)) return null;
  const near = [primeBelow(n), primeAbove(n)].filter((q): q is number => q !== null).join(', ');
  if (!Number.isInteger(n)) return `${n} is not a whole number; nearest primes: ${near}`;
  if (n < 2) return `${n} is not prime (primes start at 2); nearest prime: ${near}`;
  const f = smallestFactor(n);
  return `${n} is not prime (${n} = ${f} × ${n / f}); nearest primes: ${near}`;
}

/** Modular inverse of k mod p (p prime), by Fermat. */
export function modInverse(k: number, p: number): number {
  let result = 1;
  let base = ((k % p) + p) % p;
  let e = p - 2;
  while (e > 0) {
    if (e & 1) result = (result * base) % p;
    base = (base * base) % p;
    e >>= 1;
  }
  return result;
}
