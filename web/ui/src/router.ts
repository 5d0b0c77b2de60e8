/**
 * Hash routes of the app: `#/desk`, `#/clients/12`, `#/clients/new?phone=…`, `#/campaigns/3` (monitor),
 * `#/campaigns/new`, `#/campaigns/3/setup` (the campaign editor).
 */
export type Route =
  | { readonly page: 'desk' | 'secretary' | 'supervisor' | 'clients' | 'deals' | 'tasks' | 'modems' | 'telemarketing' | 'campaigns' }
  | { readonly page: 'campaign-new' }
  | { readonly page: 'client' | 'campaign' | 'campaign-setup'; readonly id: number }
  | { readonly page: 'client-new'; readonly phone: string };

export function parseRoute(hash: string): Route | null {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter((p) => p !== '');
  const [first, second, third] = parts;
  if (first === 'clients' && second === 'new') return { page: 'client-new', phone: new URLSearchParams(search).get('phone') ?? '' };
  if (first === 'clients' && second !== undefined && /^\d+$/.test(second)) return { page: 'client', id: Number(second) };
  if (first === 'campaigns' && second === 'new') return { page: 'campaign-new' };
  if (first === 'campaigns' && second !== undefined && /^\d+$/.test(second)) return third === 'setup' ? { page: 'campaign-setup', id: Number(second) } : { page: 'campaign', id: Number(second) };
  if (first === 'telemarketing' || first === 'campaigns') return { page: first };
  if (first === 'desk' || first === 'secretary' || first === 'supervisor' || first === 'clients' || first === 'deals' || first === 'tasks' || first === 'modems') return { page: first };
  return null;
}
