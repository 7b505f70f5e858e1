import { IntlMessageFormat } from 'intl-messageformat';

/*
 * Filling catalog messages (ICU MessageFormat, via intl-messageformat) and turning them into plain text
 * and HTML. Every piece of text — catalog wording and interpolated values alike — is escaped for HTML;
 * only links become markup, and only http(s) links. A link travels through the formatter as an object,
 * so it comes back as its own part and is never mistaken for text.
 */

export type Piece = { kind: 'text'; text: string } | { kind: 'link'; url: string };

/** A link value: shown as the URL in text, as an anchor in HTML. */
export interface LinkValue {
  link: string;
}

/** A value for a {placeholder}: text, a number (plural, select), or a link. */
export type MessageValue = string | number | LinkValue;

export type MessageValues = Readonly<Record<string, MessageValue>>;

/** One line of a message; lines group into paragraphs. */
export type Line = Piece[];
export type Paragraph = Line[];

const compiled = new Map<string, IntlMessageFormat>();

function compile(message: string, locale: string): IntlMessageFormat {
  const key = `${locale}\u0000${message}`;
  let format = compiled.get(key);
  if (!format) {
    // ignoreTag: catalogs hold no markup, so '<' is just a character, never a rich-text tag.
    format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  return format;
}

type AstNode = ReturnType<IntlMessageFormat['getAst']>[number];
const LITERAL = 0;
const POUND = 7;

/** Names of the arguments a message uses, including inside plural/select branches. */
export function placeholdersOf(message: string, locale = 'en'): string[] {
  const names = new Set<string>();
  const visit = (nodes: readonly AstNode[]): void => {
    for (const node of nodes) {
      if (node.type !== LITERAL && node.type !== POUND && 'value' in node) names.add(node.value);
      if ('options' in node) for (const option of Object.values(node.options)) visit(option.value);
      if ('children' in node) visit(node.children);
    }
  };
  visit(compile(message, locale).getAst());
  return [...names];
}

export function fill(message: string, values: MessageValues, locale: string): Line {
  const parts = compile(message, locale).formatToParts<LinkValue>(values);
  return parts.map((part): Piece =>
    typeof part.value === 'string'
      ? { kind: 'text', text: part.value }
      : { kind: 'link', url: part.value.link },
  );
}

/** Fills a message whose values are all text or numbers (zone labels, dates, "in 3 days"). */
export function fillText(
  message: string,
  values: Readonly<Record<string, string | number>>,
  locale: string,
): string {
  return toText(fill(message, values, locale));
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function isWebLink(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

export function toText(line: Line): string {
  return line.map((piece) => (piece.kind === 'text' ? piece.text : piece.url)).join('');
}

function toHtml(line: Line): string {
  return line
    .map((piece) => {
      if (piece.kind === 'text') return escapeHtml(piece.text);
      const url = escapeHtml(piece.url);
      return isWebLink(piece.url) ? `<a href="${url}">${url}</a>` : url;
    })
    .join('');
}

/** A subject is one header line: no line breaks (header injection) or control characters. */
export function toSubject(line: Line): string {
  // Control characters by code point (a regex of them trips no-control-regex).
  const printable = [...toText(line)].map((char) =>
    char.charCodeAt(0) < 32 || char === '\u007f' ? ' ' : char,
  );
  return printable.join('').replace(/\s+/g, ' ').trim();
}

export function paragraphsToText(paragraphs: readonly Paragraph[]): string {
  return paragraphs.map((lines) => lines.map(toText).join('\n')).join('\n\n');
}

export function paragraphsToHtml(paragraphs: readonly Paragraph[], htmlLang: string): string {
  const body = paragraphs.map((lines) => `<p>${lines.map(toHtml).join('<br>\n')}</p>`).join('\n');
  return `<div lang="${escapeHtml(htmlLang)}">\n${body}\n</div>`;
}
