const ALLOWED = new Set([
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'blockquote',
  'code',
  'pre',
  'a',
  'span',
  'div',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'hr',
]);
const DROP_WITH_CONTENT =
  /<(script|style|iframe|object|embed|template|noscript|textarea|title)\b[\s\S]*?(<\/\1\s*>|$)/gi;

function escapeText(text: string): string {
  return text
    .replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function safeHref(attrs: string): string | null {
  const m = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
  const url = (m?.[2] ?? m?.[3] ?? m?.[4] ?? '').trim();
  if (!/^(https?:|mailto:|\/(?!\/)|#)/i.test(url)) return null;
  return url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Sanitises rich-text HTML of a self-report: an allow-list of tags, no attributes except safe link hrefs. */
export function sanitizeHtml(html: string): string {
  const input = html.replace(/<!--[\s\S]*?-->/g, '').replace(DROP_WITH_CONTENT, '');
  const out: string[] = [];
  const tag = /<\s*(\/?)\s*([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>/g;
  let last = 0;
  for (let m = tag.exec(input); m; m = tag.exec(input)) {
    out.push(escapeText(input.slice(last, m.index)));
    last = m.index + m[0].length;
    const name = (m[2] ?? '').toLowerCase();
    if (!ALLOWED.has(name)) continue;
    if (m[1]) out.push(`</${name}>`);
    else if (name === 'a') {
      const href = safeHref(m[3] ?? '');
      out.push(href ? `<a href="${href}" rel="noopener noreferrer">` : '<a>');
    } else out.push(`<${name}>`);
  }
  out.push(escapeText(input.slice(last)));
  return out.join('');
}
