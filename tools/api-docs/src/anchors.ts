/**
 * The anchors GitHub (and most Markdown viewers, through github-slugger) give headings: the text
 * in lower case, without punctuation, spaces as `-`; a repeated heading gets `-1`, `-2`… in
 * document order.
 */
export class HeadingAnchors {
  private readonly occurrences = new Map<string, number>();

  /** The anchor of the next heading with this (rendered) text. */
  public next(text: string): string {
    const base = slug(text);
    let anchor = base;
    while (this.occurrences.has(anchor)) {
      const n = this.occurrences.get(base)! + 1;
      this.occurrences.set(base, n);
      anchor = `${base}-${n}`;
    }
    this.occurrences.set(anchor, 0);
    return anchor;
  }
}

/** github-slugger's slug of one heading's text. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}
