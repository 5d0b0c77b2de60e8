/**
 * A tiny typed render helper. Text is ALWAYS set as text nodes (never innerHTML), so caller-supplied text
 * (CallerID names, notes, SMS) stays inert.
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

export interface Attrs {
  readonly class?: string;
  readonly testid?: string;
  readonly title?: string;
  readonly type?: string;
  readonly name?: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly href?: string;
  readonly for?: string;
  readonly id?: string;
  readonly disabled?: boolean;
  readonly checked?: boolean;
  readonly selected?: boolean;
  readonly required?: boolean;
  readonly autocomplete?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly onclick?: (ev: MouseEvent) => void;
  readonly onsubmit?: (ev: SubmitEvent) => void;
  readonly oninput?: (ev: Event) => void;
  readonly onchange?: (ev: Event) => void;
}

function append(el: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(el, c);
    return;
  }
  if (typeof child === 'string' || typeof child === 'number') el.appendChild(document.createTextNode(String(child)));
  else el.appendChild(child as Node);
}

const plain = ['title', 'type', 'name', 'placeholder', 'href', 'for', 'id', 'autocomplete'] as const;

function applyAttrs(el: HTMLElement, attrs: Attrs): void {
  if (attrs.class !== undefined) el.className = attrs.class;
  if (attrs.testid !== undefined) el.dataset['testid'] = attrs.testid;
  for (const key of plain) {
    const v = attrs[key];
    if (v !== undefined) el.setAttribute(key, v);
  }
  for (const [k, v] of Object.entries(attrs.data ?? {})) el.dataset[k] = v;
  if (attrs.value !== undefined) (el as HTMLInputElement).value = attrs.value;
  if (attrs.disabled === true) el.setAttribute('disabled', '');
  if (attrs.checked === true) (el as HTMLInputElement).checked = true;
  if (attrs.selected === true) (el as HTMLOptionElement).selected = true;
  if (attrs.required === true) el.setAttribute('required', '');
  if (attrs.onclick) el.addEventListener('click', attrs.onclick);
  if (attrs.onsubmit) el.addEventListener('submit', attrs.onsubmit as EventListener);
  if (attrs.oninput) el.addEventListener('input', attrs.oninput);
  if (attrs.onchange) el.addEventListener('change', attrs.onchange);
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  for (const c of children) append(el, c);
  return el;
}

/** Replace every child of `el` (text-safe). */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  for (const c of children) append(el, c);
}

export const inputValue = (form: HTMLFormElement, name: string): string => {
  const el = form.elements.namedItem(name);
  if (el instanceof RadioNodeList) return el.value.trim();
  return el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement ? el.value.trim() : '';
};

export const formatTime = (ms: number | string | null, locale: string): string => {
  if (ms === null) return '';
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
};
