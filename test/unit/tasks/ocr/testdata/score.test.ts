import { scorePage, totalScore } from '../../../../../tasks/ocr/testdata/score';

describe('the real-scan scoring rule', () => {
  it('folds whitespace only: line breaks and spacing are free, case and punctuation are not', () => {
    expect(scorePage('TOTAL  12.50\n\nCASH', 'TOTAL 12.50 CASH')).toEqual({
      edits: 0,
      chars: 16,
      wordErrors: 0,
      words: 3,
    });
    expect(scorePage('Total 12.50 cash', 'TOTAL 12.50 CASH').edits).toBe(8);
  });

  it('counts words without their order, as a multiset', () => {
    // Columns read in another order: CER pays for it, the order-free word error does not.
    const swapped = scorePage('b a c', 'a b c');
    expect(swapped.wordErrors).toBe(0);
    expect(swapped.edits).toBeGreaterThan(0);
    // A repeated word counts once per occurrence; extra OCR words count when the OCR has more words.
    expect(scorePage('a a a', 'a b').wordErrors).toBe(2);
    expect(scorePage('', 'a b').wordErrors).toBe(2);
  });

  it('sums over pages before dividing, so long pages weigh more', () => {
    const total = totalScore([scorePage('abcd', 'abce'), scorePage('', 'xy')]);
    expect(total).toMatchObject({ pages: 2, edits: 3, chars: 6, cer: 0.5, words: 2, wordErrors: 2, bow: 1 });
  });
});
