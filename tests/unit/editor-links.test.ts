import { describe, expect, it } from 'vitest';
import { isSafeLinkUrl, normalizeLinkInput } from '../../src/renderer/editor/links';

describe('isSafeLinkUrl (the one link check of the body editor and paste cleaner)', () => {
  it.each(['https://example.org/a?b=c#d', 'http://example.org', 'mailto:desk@example.org', 'HTTPS://EXAMPLE.ORG/'])('accepts %s', (url) => {
    expect(isSafeLinkUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.org/',
    '/relative/path',
    '#anchor',
    'example.org',
    '',
    'https://',
  ])('rejects %j', (url) => {
    expect(isSafeLinkUrl(url)).toBe(false);
  });
});

describe('normalizeLinkInput', () => {
  it('adds https:// to a bare host and mailto: to a bare address, then still needs the check', () => {
    expect(normalizeLinkInput('  www.example.org/news ')).toBe('https://www.example.org/news');
    expect(normalizeLinkInput('desk@example.org')).toBe('mailto:desk@example.org');
    expect(normalizeLinkInput('//cdn.example.org/x')).toBe('https://cdn.example.org/x');
  });

  it('leaves anything with a scheme alone, so javascript: is still refused by isSafeLinkUrl', () => {
    expect(normalizeLinkInput('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(isSafeLinkUrl(normalizeLinkInput('javascript:alert(1)'))).toBe(false);
  });

  it('does not turn a bare word into a host', () => {
    expect(normalizeLinkInput('draft')).toBe('draft');
    expect(isSafeLinkUrl(normalizeLinkInput('draft'))).toBe(false);
  });
});
