/**
 * The team's scoring rule for real scans (../shared/ocr-real/README.md): fold every whitespace run to one space and
 * trim both sides, nothing more (no case or punctuation folding). CER = edit distance ÷ truth characters; BoW, the
 * order-free word error = (max(|truth words|, |OCR words|) − multiset overlap) ÷ truth words. Both sum over pages
 * before dividing, so a set's figure weighs each page by its length.
 */
import { levenshtein } from './cer';

export interface PageScore {
  edits: number;
  chars: number;
  wordErrors: number;
  words: number;
}

export function scorePage(ocr: string, truth: string): PageScore {
  const a = fold(ocr);
  const b = fold(truth);
  const truthWords = words(b);
  const ocrWords = words(a);
  const counts = new Map<string, number>();
  for (const w of truthWords) counts.set(w, (counts.get(w) ?? 0) + 1);
  let overlap = 0;
  for (const w of ocrWords) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      overlap++;
      counts.set(w, n - 1);
    }
  }
  return {
    edits: levenshtein(a, b),
    chars: b.length,
    wordErrors: Math.max(truthWords.length, ocrWords.length) - overlap,
    words: truthWords.length,
  };
}

/** Sums page scores; `cer` and `bow` are fractions (0.25 = 25 %). */
export function totalScore(pages: readonly PageScore[]): PageScore & { pages: number; cer: number; bow: number } {
  const sum = { edits: 0, chars: 0, wordErrors: 0, words: 0 };
  for (const p of pages) {
    sum.edits += p.edits;
    sum.chars += p.chars;
    sum.wordErrors += p.wordErrors;
    sum.words += p.words;
  }
  return {
    ...sum,
    pages: pages.length,
    cer: sum.chars === 0 ? 0 : sum.edits / sum.chars,
    bow: sum.words === 0 ? 0 : sum.wordErrors / sum.words,
  };
}

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function words(text: string): string[] {
  return text === '' ? [] : text.split(' ');
}
