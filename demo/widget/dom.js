// The widget's small DOM toolkit: elements are built node by node (no innerHTML), so upstream text is
// never parsed as markup, and no inline style is needed (Gainsight pages run under a strict CSP).

/** `h('button', { class: 'x', onclick: fn }, 'Label', child)`: an element with attributes, listeners and children. */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });

export function formatMoney(amount) {
  return money.format(amount);
}

/** The colour band of a health score, as Gainsight scorecards draw it. */
export function healthBand(score) {
  if (score >= 75) return 'good';
  if (score >= 50) return 'fair';
  return 'risk';
}
