import DOMPurify from 'dompurify';
import { marked } from 'marked';

type PageProps = { searchParams: { preview?: string; title?: string } };

export default function PreviewPage({ searchParams }: PageProps) {
  const markdown = searchParams.preview ?? '';
  const html = marked.parse(markdown) as string;
  return (
    <article>
      <h1
        // ok: javascript-xss-dom-html-sink
        title={searchParams.title}
      >
        {searchParams.title}
      </h1>
      <section
        // ruleid: javascript-xss-dom-html-sink
        dangerouslySetInnerHTML={{ __html: html }}
      />
      <section
        // ok: javascript-xss-dom-html-sink
        dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }}
      />
      <footer
        // ok: javascript-xss-dom-html-sink
        dangerouslySetInnerHTML={{ __html: '<small>&copy; Example</small>' }}
      />
    </article>
  );
}
