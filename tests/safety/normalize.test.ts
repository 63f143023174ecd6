import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/safety/normalize.js';

describe('normalize', () => {
  it.each([
    ['I want to kil my slef!!!', 'i want to kill myself'],
    ["I'm going to kill myself", 'im going to kill myself'],
    ['Ya no aguanto MÁS', 'ya no aguanto mas'],
    ['su1c1de', 'suicide'],
    ['i want to dieeeee', 'i want to die'],
    ['suicidle thoughts', 'suicidal thoughts'],
    ['k-pins withdrawl', 'klonopin withdrawal'],
    ['0.5 mg', '0.5 mg'],
    ['cut 10%', 'cut 10 percent'],
    ['💊💊💊', 'pillemoji pillemoji pillemoji'],
    ['no soy suicida', 'no soy suicida'],
  ])('%s -> %s', (input, output) => {
    expect(normalize(input)).toBe(output);
  });

  it('keeps sentences apart so a pattern never spans two of them', () => {
    expect(normalize('I want to die. This taper is long')).toBe('i want to die | this taper is long');
  });

  it('never throws on odd input', () => {
    for (const s of ['', '   ', '\u0000\u0007', '🙂'.repeat(500), 'a'.repeat(10_000), 'مرحبا', '\u202Eabc']) {
      expect(typeof normalize(s)).toBe('string');
    }
  });
});
