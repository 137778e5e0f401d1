// The part of markdown-it (a devDependency) the hover tests use to render hover Markdown.
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
  }
  class MarkdownIt {
    constructor(preset?: 'commonmark' | 'default' | 'zero', options?: Options);
    render(src: string): string;
  }
  export = MarkdownIt;
}
