import { describe, expect, it } from 'vitest';
import { safeColor, textOn } from '../../widget/shared/color';
import { acceptList, checkFile, describeProblem, extensionOf, formatBytes } from '../../widget/frame/files';
import { fill, formatOpening, languageOf, strings } from '../../widget/frame/i18n';

const rules = { max_bytes: 10 * 1024 * 1024, extensions: ['pdf', 'PNG', '.jpg'] };

describe('upload pre-checks', () => {
  it('accepts an allowed file within the limit, whatever the case of the extension', () => {
    expect(checkFile({ name: 'Scan.PDF', size: 1000 }, rules)).toBeNull();
    expect(checkFile({ name: 'photo.png', size: rules.max_bytes }, rules)).toBeNull();
    expect(checkFile({ name: 'a.b.jpg', size: 1 }, rules)).toBeNull();
  });

  it('refuses other types with the allowed list, in the configured language', () => {
    const problem = checkFile({ name: 'setup.exe', size: 10 }, rules);
    expect(problem).toEqual({ kind: 'type', ext: 'exe', allowed: ['pdf', 'png', 'jpg'] });
    expect(describeProblem(problem!, strings('en'))).toBe("Files of type .exe can't be sent. Allowed: pdf, png, jpg.");
    expect(describeProblem(problem!, strings('fr'))).toBe('Les fichiers .exe ne peuvent pas être envoyés. Autorisés : pdf, png, jpg.');
    expect(checkFile({ name: 'README', size: 10 }, rules)).toMatchObject({ kind: 'type', ext: '' });
    expect(checkFile({ name: '.png', size: 10 }, rules)).toMatchObject({ kind: 'type' });
  });

  it('refuses files over the limit', () => {
    const problem = checkFile({ name: 'big.pdf', size: rules.max_bytes + 1 }, rules);
    expect(problem).toEqual({ kind: 'size', max: rules.max_bytes });
    expect(describeProblem(problem!, strings('en'))).toBe('This file is larger than 10 MB.');
    expect(describeProblem(problem!, strings('de'))).toBe('Diese Datei ist größer als 10 MB.');
  });

  it('formats sizes and the accept list', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(12)).toBe('12 B');
    expect(acceptList(rules.extensions)).toBe('.pdf,.PNG,.jpg');
    expect(extensionOf('x.tar.GZ')).toBe('gz');
  });
});

describe('languages', () => {
  it('falls back to English and fills placeholders', () => {
    expect(languageOf('nl')).toBe('nl');
    expect(languageOf('it')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
    expect(fill(strings('es').queue, { n: 3 })).toBe('Eres el número 3 en la cola.');
    expect(fill('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it('has every string in every language', () => {
    const keys = Object.keys(strings('en')).sort();
    for (const lang of ['fr', 'de', 'es', 'nl', 'pt'] as const) {
      expect(Object.keys(strings(lang)).sort(), lang).toEqual(keys);
      for (const value of Object.values(strings(lang))) expect(value, lang).not.toBe('');
    }
  });

  it('says when the team opens: the time today, else the weekday', () => {
    const now = new Date(2030, 0, 7, 20, 0); // a Monday evening, local time
    expect(formatOpening(new Date(2030, 0, 7, 21, 30).toISOString(), 'en', now)).toMatch(/^at 9:30\s?PM$/);
    expect(formatOpening(new Date(2030, 0, 8, 9, 0).toISOString(), 'en', now)).toMatch(/^Tuesday.*9:00\s?AM$/);
    expect(formatOpening(new Date(2030, 0, 8, 9, 0).toISOString(), 'fr', now)).toMatch(/^mardi.*09:00$/);
    expect(formatOpening(null, 'en', now)).toBeNull();
    expect(formatOpening('not a date', 'en', now)).toBeNull();
  });
});

describe('colour', () => {
  it('picks white on dark colours and dark text on light ones', () => {
    expect(textOn('#2563eb')).toBe('#ffffff');
    expect(textOn('#000000')).toBe('#ffffff');
    expect(textOn('#facc15')).toBe('#111827');
    expect(textOn('#ffffff')).toBe('#111827');
    expect(safeColor('red')).toBe('#2563eb');
    expect(safeColor('#A1B2C3')).toBe('#A1B2C3');
  });
});
