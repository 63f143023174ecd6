import { describe, expect, it } from 'vitest';
import { groundedSentences, splitSentences } from '../../src/answer/grounding.js';
import { chunkById, passageOf } from './helpers.js';

const PASSAGE =
  'Running out of Klonopin is a sudden stop, even if you did not plan it. If you have been taking it regularly, going without can bring on ' +
  'withdrawal, including the risk of seizures. Contact your prescriber or a pharmacist as soon as you can. If you have a seizure, call 911.';

describe('groundedSentences', () => {
  it.each([
    ['the passage itself', PASSAGE, 4, 0],
    ['a paraphrase with inflected words', 'Running out is a sudden stop. Contacting your prescribers or a pharmacist as soon as possible.', 2, 0],
    ['warm filler with no facts', "I'm sorry you're dealing with this. Okay.", 2, 0],
    ['an invented remedy', 'Chamomile tea and magnesium cure withdrawal.', 0, 1],
    ['an invented organisation', 'The Klonopin Recovery Foundation runs a free refill hotline.', 0, 1],
    ['a number the passage has', 'If you have a seizure, call 911.', 1, 0],
    ['a number the passage lacks', 'Withdrawal seizures start on day 3.', 0, 1],
    ['a number hidden in a grounded sentence', 'Contact your prescriber or a pharmacist within 48 hours.', 0, 1],
    ['one bad sentence among good ones', `${PASSAGE} Most people are fine after a week of tea.`, 4, 1],
    ['markdown bullets and emphasis', '- **Running out** is a sudden stop.\n- Contact your _prescriber_.', 2, 0],
  ])('%s', (_name, text, supported, unsupported) => {
    const result = groundedSentences(text, [PASSAGE], 0.75);
    expect(result.supported).toHaveLength(supported);
    expect(result.unsupported).toHaveLength(unsupported);
  });

  it('reads passages with their titles', () => {
    const passage = passageOf(chunkById('t12-sleep-and-cbt-i#what-is-cbt-i'));
    expect(groundedSentences('CBT-I is cognitive behavioural therapy for insomnia, a drug-free treatment.', [passage], 0.75).unsupported).toEqual([]);
    expect(groundedSentences('CBT-I is a brand of sleeping tablet sold online.', [passage], 0.75).unsupported).toHaveLength(1);
  });

  it('works in Spanish with accents folded', () => {
    const passage = passageOf(chunkById('es-t07-dejar-de-golpe#es-peligroso-dejar-el-clonazepam-de-golpe'));
    expect(groundedSentences('Sí, dejar el clonazepam de golpe puede ser peligroso.', [passage], 0.75).unsupported).toEqual([]);
    expect(groundedSentences('El té de manzanilla cura la abstinencia.', [passage], 0.75).unsupported).toHaveLength(1);
  });

  it('the threshold decides: a partly new sentence passes a loose bar and fails a strict one', () => {
    const text = 'Running out is a sudden stop, and it feels scary.';
    expect(groundedSentences(text, [PASSAGE], 0.5).unsupported).toEqual([]);
    expect(groundedSentences(text, [PASSAGE], 1).unsupported).toEqual([text]);
  });
});

describe('splitSentences', () => {
  it.each([
    ['One. Two? Three!', ['One.', 'Two?', 'Three!']],
    ['- first\n- second', ['first', 'second']],
    ['**Bold** start.\n\nNext line', ['Bold start.', 'Next line']],
    ['¿Qué pasa? Nada.', ['¿Qué pasa?', 'Nada.']],
  ])('%j', (text, sentences) => {
    expect(splitSentences(text)).toEqual(sentences);
  });
});
