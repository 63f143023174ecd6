import { describe, expect, it } from 'vitest';
import { findDoseLeaks } from '../../src/safety/dose-scrub.js';

describe('findDoseLeaks', () => {
  it.each([
    'Take 0.5 mg at night.',
    'Cut by 10% each time.',
    'Reduce your dose by half.',
    'Lower it every 2 weeks.',
    '10 mg of diazepam equals your dose.',
    'Take two tablets.',
    'One pill twice a day.',
    'about .25mg',
    'drop 5 percent',
    'an equivalence table',
  ])('flags %s', (text) => {
    expect(findDoseLeaks(text).length).toBeGreaterThan(0);
  });

  it.each([
    'Call 1-800-662-4357 any time.',
    'Text HOME to 741741.',
    'It can take two to four weeks, or a year or more.',
    'Most people who take it for more than a month become dependent.',
    'Call or text 988.',
    'Adults over 65 are more sensitive.',
    'No single taper schedule fits everyone.',
  ])('leaves %s alone', (text) => {
    expect(findDoseLeaks(text)).toEqual([]);
  });

  it('is idempotent', () => {
    const text = 'Take 2 mg every 3 days';
    expect(findDoseLeaks(text)).toEqual(findDoseLeaks(text));
  });
});
