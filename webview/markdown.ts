/**
 * Model output and workspace text → safe HTML. Three layers: marked renders markdown with raw HTML turned
 * into visible text (a model cannot inject markup at all), code blocks are highlighted by highlight.js, and
 * DOMPurify sanitises the result with a small allow-list before anything touches the DOM. Links keep their
 * href for display only; clicks go to the host (openLink), which opens http(s) links and files inside the workspace
 * (at the linked line) after confirmation.
 */
import DOMPurify, { type Config } from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import go from 'highlight.js/lib/languages/go';
import json from 'highlight.js/lib/languages/json';
import shell from 'highlight.js/lib/languages/shell';
import yaml from 'highlight.js/lib/languages/yaml';
import { Marked, type Tokens } from 'marked';
import { parseCodeInfo } from './codeInfo';
import { hcl } from './hcl';

hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('shell', shell);
hljs.registerLanguage('go', go);
hljs.registerLanguage('hcl', hcl);
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['sh', 'zsh', 'console'], { languageName: 'bash' });

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Highlighted HTML for a code block (escaped plain text when the language is unknown). */
export function highlight(code: string, lang: string | undefined): string {
  const language = lang && hljs.getLanguage(lang) ? lang : undefined;
  if (!language) return escapeHtml(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    // Raw HTML from the model is shown as text, never parsed as markup.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    code({ text, lang }: Tokens.Code) {
      const { language, path } = parseCodeInfo(lang);
      const label = path
        ? `<span class="code-lang code-path" title="${escapeHtml(path)}">${escapeHtml(path)}</span>`
        : `<span class="code-lang">${escapeHtml(language)}</span>`;
      // A whole file for the workspace: Show diff and Apply (the host runs file_write through the permission policy).
      const fileButtons = path
        ? `<button type="button" class="code-copy" data-action="diff" data-path="${escapeHtml(path)}" aria-label="Show diff for ${escapeHtml(path)}" title="Show the change in the diff editor"><span class="codicon codicon-diff" aria-hidden="true"></span> Show diff</button>` +
          `<button type="button" class="code-copy" data-action="apply" data-path="${escapeHtml(path)}" aria-label="Apply to ${escapeHtml(path)}" title="Write this file (asks first, like the write tool)"><span class="codicon codicon-check" aria-hidden="true"></span> Apply</button>`
        : '';
      return (
        `<div class="code-block"${path ? ' data-file="true"' : ''}><div class="code-toolbar">${label}<span class="code-actions">` +
        fileButtons +
        `<button type="button" class="code-copy" data-action="copy" aria-label="Copy code" title="Copy code"><span class="codicon codicon-copy" aria-hidden="true"></span> Copy</button></span></div>` +
        `<pre><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}">${highlight(text, language)}</code></pre></div>`
      );
    },
    // Images are not fetched (a remote image leaks the conversation through its URL): show a link instead.
    image({ href, text }: Tokens.Image) {
      return `<a href="${escapeHtml(href)}" class="image-link">[image: ${escapeHtml(text || href)}]</a>`;
    },
  },
});

const PURIFY: Config = {
  ALLOWED_TAGS: [
    'a', 'b', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'input', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  ],
  ALLOWED_ATTR: ['href', 'title', 'class', 'type', 'checked', 'disabled', 'aria-label', 'aria-hidden', 'data-action', 'data-path', 'data-file', 'align', 'start'],
  // Web and file: links, anchors, and scheme-less paths ("stacks/a.yaml", "vpc.yaml:21"): the host decides what opens.
  // Anything else that looks like a scheme (javascript:, data:, command:, vscode:) loses its href.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|file):|#|[^a-z]|[\w./-]+\.\w+:\d+(?::\d+)?$|[a-z+.-]+(?:[^a-z+.:-]|$))/i,
  ALLOW_DATA_ATTR: false,
};

let hooked = false;
function purify(html: string): string {
  if (!hooked) {
    hooked = true;
    // Only checkbox inputs (GFM task lists), always disabled.
    DOMPurify.addHook('uponSanitizeElement', (node, data) => {
      if (data.tagName === 'input' && (node as Element).getAttribute?.('type') !== 'checkbox') node.parentNode?.removeChild(node);
    });
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'INPUT') node.setAttribute('disabled', '');
      if (node.tagName === 'A') node.setAttribute('rel', 'noreferrer noopener');
    });
  }
  return DOMPurify.sanitize(html, PURIFY) as unknown as string;
}

/** Markdown → sanitised HTML, safe for innerHTML. */
export function renderMarkdown(text: string): string {
  return purify(marked.parse(text, { async: false }) as string);
}
