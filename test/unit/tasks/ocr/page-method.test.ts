import { choosePageMethod } from '../../../../tasks/ocr/page-method';

describe('choosePageMethod', () => {
  it('reads a born-digital page from its text layer', () => {
    expect(choosePageMethod({ chars: 1500, unmapped: 0, imageCoverage: 0 })).toBe('text-layer');
    // A page with a logo and real text is still born-digital.
    expect(choosePageMethod({ chars: 900, unmapped: 0, imageCoverage: 0.1 })).toBe('text-layer');
  });

  it('OCRs a scan, even with a stamped page number or Bates label on it', () => {
    expect(choosePageMethod({ chars: 0, unmapped: 0, imageCoverage: 1 })).toBe('ocr');
    expect(choosePageMethod({ chars: 5, unmapped: 0, imageCoverage: 1 })).toBe('ocr');
    expect(choosePageMethod({ chars: 120, unmapped: 0, imageCoverage: 0.95 })).toBe('ocr');
  });

  it('trusts a substantial text layer over a scan (an already OCR-ed PDF)', () => {
    expect(choosePageMethod({ chars: 1800, unmapped: 0, imageCoverage: 1 })).toBe('text-layer');
  });

  it('OCRs a page whose text layer has no Unicode mapping', () => {
    expect(choosePageMethod({ chars: 1000, unmapped: 400, imageCoverage: 0 })).toBe('ocr');
  });

  it('OCRs a blank or nearly blank page (it may be vector-drawn text)', () => {
    expect(choosePageMethod({ chars: 12, unmapped: 0, imageCoverage: 0 })).toBe('ocr');
  });
});
