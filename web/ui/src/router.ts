/** Hash routes of the app: `#/desk`, `#/clients/12`, `#/clients/new?phone=…`. */
export type Route =
  | { readonly page: 'desk' | 'secretary' | 'supervisor' | 'clients' | 'deals' | 'tasks' | 'modems' }
  | { readonly page: 'client'; readonly id: number }
  | { readonly page: 'client-new'; readonly phone: string };

export function parseRoute(hash: string): Route | null {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter((p) => p !== '');
  const [first, second] = parts;
  if (first === 'clients' && second === 'new') return { page: 'client-new', phone: new URLSearchParams(search).get('phone') ?? '' };
  if (first === 'clients' && second !== undefined && /^\d+$/.test(second)) return { page: 'client', id: Number(second) };
  if (first === 'desk' || first === 'secretary' || first === 'supervisor' || first === 'clients' || first === 'deals' || first === 'tasks' || first === 'modems') return { page: first };
  return null;
}
