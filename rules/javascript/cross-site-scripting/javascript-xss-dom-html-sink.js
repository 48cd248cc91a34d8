/* Browser code for a help-center page */
import DOMPurify from 'dompurify';

const DEFAULT_TOPIC = 'getting-started';

function topicFromUrl() {
  return decodeURIComponent(window.location.hash.substring(1)) || DEFAULT_TOPIC;
}

function renderTitle(container, title) {
  // ruleid: javascript-xss-dom-html-sink
  container.innerHTML = '<h2>' + title + '</h2>';
}

export function showTopic() {
  const topic = topicFromUrl();
  const header = document.getElementById('header');
  renderTitle(header, topic);
  // ok: javascript-xss-dom-html-sink
  renderTitle(header, 'Help center');
  const crumb = document.querySelector('.crumb');
  // ok: javascript-xss-dom-html-sink
  crumb.textContent = topic;
  // ok: javascript-xss-dom-html-sink
  crumb.innerHTML = DOMPurify.sanitize(`<a href="#${topic}">${topic}</a>`);
  // ruleid: javascript-xss-dom-html-sink
  crumb.insertAdjacentHTML('beforeend', `<span>${topic}</span>`);
  // ok: javascript-xss-dom-html-sink
  crumb.insertAdjacentHTML('beforeend', '<span class="sep">/</span>');
}

export function showSearch() {
  const params = new URLSearchParams(location.search);
  const term = params.get('q');
  // ruleid: javascript-xss-dom-html-sink
  document.write('<p>Searching for ' + term + '</p>');
  // ruleid: javascript-xss-dom-html-sink
  $('#results').html(`<em>${term}</em>`);
  // ok: javascript-xss-dom-html-sink
  $('#results').text(term);
  const results = document.getElementById('results');
  // ok: javascript-xss-dom-html-sink
  results.append(term);
  const count = term ? term.length : 0;
  // ok: javascript-xss-dom-html-sink
  results.innerHTML = '<b>' + DEFAULT_TOPIC + '</b>';
  return count;
}
