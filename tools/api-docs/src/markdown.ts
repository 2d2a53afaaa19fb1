import {
  DocBlockTag, DocCodeSpan, DocErrorText, DocEscapedText, DocFencedCode, DocHtmlEndTag, DocHtmlStartTag,
  DocInlineTag, DocLinkTag, DocNode, DocParagraph, DocPlainText, DocSection, DocSoftBreak,
} from '@microsoft/tsdoc';

/**
 * Block tags of the aws-cdk JSDoc style that TSDoc does not define (`@default`). The doc model
 * keeps such a tag where it was written, as a node of the section before it; what follows it,
 * to the end of that section, is the tag's content.
 */
export const UNDEFINED_BLOCK_TAGS: readonly string[] = ['@default'];

/** A section of a doc comment in Markdown, and the undefined block tags found in it. */
export interface RenderedSection {
  /** The section up to its first undefined block tag; `''` when there is nothing. */
  readonly markdown: string;
  /** Each undefined block tag of the section (`@default`), with its content in Markdown. */
  readonly tags: readonly { readonly tagName: string; readonly markdown: string }[];
}

/** Writes a `{@link}` tag as Markdown. */
export type LinkRenderer = (tag: DocLinkTag) => string;

/**
 * TSDoc nodes to Markdown. The text of a comment is Markdown already (a list, emphasis), so plain
 * text passes as it is; code spans, fenced code and escapes keep their Markdown form; an HTML tag
 * is escaped, so `<stage>` in prose stays visible instead of being taken for HTML.
 */
export class TsdocMarkdown {
  constructor(private readonly link: LinkRenderer) {}

  /** A section (summary, remarks, a block's content): paragraphs and fenced code, blank-line separated. */
  public section(section: DocSection): RenderedSection {
    const segments: { tagName?: string; blocks: string[] }[] = [{ blocks: [] }];
    let inline: DocNode[] = [];
    const flush = () => {
      const text = this.inline(inline);
      if (text) segments[segments.length - 1].blocks.push(text);
      inline = [];
    };
    for (const node of section.nodes) {
      if (node instanceof DocParagraph) {
        for (const child of node.nodes) {
          if (child instanceof DocBlockTag && UNDEFINED_BLOCK_TAGS.includes(child.tagName.toLowerCase())) {
            flush();
            segments.push({ tagName: child.tagName.toLowerCase(), blocks: [] });
          } else {
            inline.push(child);
          }
        }
        flush();
      } else if (node instanceof DocFencedCode) {
        flush();
        segments[segments.length - 1].blocks.push(fencedCode(unescapeCommentEnd(node.code), node.language));
      } else {
        inline.push(node);
      }
    }
    flush();
    const [main, ...tags] = segments;
    return {
      markdown: main.blocks.join('\n\n'),
      tags: tags.map((t) => ({ tagName: t.tagName!, markdown: t.blocks.join('\n\n') })),
    };
  }

  /** Inline nodes as one Markdown paragraph: the comment's line breaks kept, the ends trimmed. */
  public inline(nodes: readonly DocNode[]): string {
    const lines = nodes.map((n) => this.node(n)).join('').split('\n').map((line) => line.trimEnd());
    while (lines.length && !lines[0].trim()) lines.shift();
    while (lines.length && !lines[lines.length - 1]) lines.pop();
    if (lines.length) lines[0] = lines[0].trimStart();
    return lines.join('\n');
  }

  private node(node: DocNode): string {
    if (node instanceof DocPlainText) return node.text;
    if (node instanceof DocSoftBreak) return '\n';
    if (node instanceof DocCodeSpan) return codeSpan(unescapeCommentEnd(node.code));
    if (node instanceof DocLinkTag) return this.link(node);
    // TSDoc's backslash escapes are CommonMark's: `\{` reads `{` in Markdown too.
    if (node instanceof DocEscapedText) return node.encodedText;
    // Text TSDoc could not parse (a lone `{`, `@` or backtick) is still text of the comment.
    if (node instanceof DocErrorText) return node.text;
    if (node instanceof DocHtmlStartTag || node instanceof DocHtmlEndTag) return node.emitAsHtml().replace(/</g, '\\<');
    if (node instanceof DocInlineTag) return node.tagContent;
    // A tag TSDoc does not define, in running text (`@scope`): as written.
    if (node instanceof DocBlockTag) return node.tagName;
    if (node instanceof DocFencedCode) return `\n\n${fencedCode(unescapeCommentEnd(node.code), node.language)}\n\n`;
    return '';
  }
}

// A backslash between `*` and `/` is how code in a doc comment writes a comment's end without ending it.
function unescapeCommentEnd(code: string): string {
  return code.replace(/\*\\\//g, '*/');
}

/** `code` as a Markdown code span, with a fence longer than any run of backticks in it. */
export function codeSpan(code: string): string {
  const text = code.replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block, with a fence longer than any run of backticks in the code. */
export function fencedCode(code: string, language = ''): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code.replace(/\s+$/, '')}\n${fence}`;
}

/** Characters that would make a heading's name Markdown (emphasis, a link, code), escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}
