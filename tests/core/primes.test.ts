import { describe, expect, it } from 'vitest';
import { isPrime, primeProblem } from '../../src/core/primes';

const PRIMES_BELOW_100 = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

describe('isPrime', () => {
  it('agrees with the list of primes below 100', () => {
    const found = Array.from({ length: 100 }, (_, n) => n).filter(isPrime);
    expect(found).toEqual(PRIMES_BELOW_100);
  });

  it('handles larger values, squares of primes and non-integers', () => {
    for (const n of [113, 127, 197, 199, 7919]) expect(isPrime(n)).toBe(true);
    for (const n of [121, 169, 187, 289, 323, 361, 7917, 9409]) expect(isPrime(n)).toBe(false);
    for (const n of [-7, 0, 1, 2.5, NaN, Infinity]) expect(isPrime(n)).toBe(false);
  });
});

describe('primeProblem', () => {
  it('is null for primes', () => {
    for (const p of PRIMES_BELOW_100) expect(primeProblem(p)).toBeNull();
  });

  it('explains a composite with a factorisation and the nearest primes', () => {
    expect(primeProblem(24)).toBe('24 is not prime (24 = 2 × 12); nearest primes: 23, 29');
    expect(primeProblem(91)).toBe('91 is not prime (91 = 7 × 13); nearest primes: 89, 97');
    expect(primeProblem(121)).toBe('121 is not prime (121 = 11 × 11); nearest primes: 113, 127');
    expect(primeProblem(4)).toBe('4 is not prime (4 = 2 × 2); nearest primes: 3, 5');
  });

  it('explains values below 2 and non-integers', () => {
    expect(primeProblem(1)).toBe('1 is not prime (primes start at 2); nearest prime: 2');
    expect(primeProblem(0)).toContain('nearest prime: 2');
    expect(primeProblem(7.5)).toBe('7.5 is not a whole number; nearest primes: 7, 11');
  });
});
