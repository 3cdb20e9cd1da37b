/**
 * HCL / Terraform for highlight.js, which ships no grammar for it. A highlighting grammar only (token
 * classes for colour), never used to understand HCL: the engine's own HCL parsing lives elsewhere.
 */
import type { HLJSApi, Language } from 'highlight.js';

export function hcl(hljs: HLJSApi): Language {
  const interpolation = { className: 'subst', begin: /\$\{/, end: /\}/, contains: [] as unknown[] };
  const string = {
    className: 'string',
    variants: [
      { begin: /"/, end: /"/, contains: [hljs.BACKSLASH_ESCAPE, interpolation] },
      { begin: /<<-?\s*([A-Z_]+)\s*$/m, end: /^\s*[A-Z_]+\s*$/m, contains: [interpolation] },
    ],
  };
  return {
    name: 'HCL',
    aliases: ['terraform', 'tf', 'hcl2', 'tfvars', 'opentofu'],
    keywords: {
      keyword: 'resource data variable output locals module provider terraform for in if else endif endfor dynamic content moved import check',
      literal: 'true false null',
      built_in:
        'abs ceil floor max min concat contains distinct element flatten index keys length lookup merge range reverse setproduct slice sort values zipmap coalesce file fileexists format formatlist join jsonencode jsondecode lower upper replace split substr trimspace yamlencode yamldecode tostring tonumber tolist tomap toset try can cidrsubnet',
    },
    contains: [
      hljs.HASH_COMMENT_MODE,
      hljs.C_LINE_COMMENT_MODE,
      hljs.C_BLOCK_COMMENT_MODE,
      string,
      { className: 'number', begin: /\b\d+(\.\d+)?([eE][+-]?\d+)?\b/ },
      { className: 'attr', begin: /\b[A-Za-z_][\w-]*(?=\s*=(?!=))/ },
      { className: 'title', begin: /\b[A-Za-z_][\w-]*(?=\s*(?:"[^"]*"\s*)*\{)/ },
    ],
  } as Language;
}
