// Browser code: the hash of the URL is attacker-controlled
const DEFAULT_VIEW = 'home';

export function runWidget(): void {
  const code = decodeURIComponent(window.location.hash.slice(1));
  // ruleid: javascript-eval-injection
  window.eval(code);
  const view: string = location.hash === '#admin' ? 'admin' : DEFAULT_VIEW;
  // ok: javascript-eval-injection
  eval(`render_${view}()`);
  // ruleid: javascript-eval-injection
  const handler = Function(new URLSearchParams(location.search).get('onload') as string);
  handler();
}
