// Browser code: highlight the section named in the URL
export function highlightSection(): void {
  const section = new URLSearchParams(window.location.search).get('section') ?? 'intro';
  // ruleid: javascript-xpath-injection
  const result = document.evaluate(`//section[@data-name="${section}"]`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null);
  // ok: javascript-xpath-injection
  const intro = document.evaluate('//section[@data-name="intro"]', document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null);
  (result.singleNodeValue as HTMLElement | null)?.classList.add('active');
  (intro.singleNodeValue as HTMLElement | null)?.classList.remove('active');
}
