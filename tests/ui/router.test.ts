import { parseRoute } from '../../web/ui/src/router.js';

/** Hash routes of the browser app, including the telemarketing pages. */
describe('browser app routes', () => {
  it.each([
    ['#/desk', { page: 'desk' }],
    ['#/telemarketing', { page: 'telemarketing' }],
    ['#/campaigns', { page: 'campaigns' }],
    ['#/campaigns/12', { page: 'campaign', id: 12 }],
    ['#/campaigns/x', { page: 'campaigns' }], // like #/clients/x: not an id, the list
    ['#/campaigns/new', { page: 'campaign-new' }],
    ['#/campaigns/12/setup', { page: 'campaign-setup', id: 12 }],
    ['#/campaigns/12/other', { page: 'campaign', id: 12 }],
    ['#/clients/7', { page: 'client', id: 7 }],
    ['#/clients/new?phone=%2B995555', { page: 'client-new', phone: '+995555' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each(['', '#/', '#/campaign/3', '#/nope'])('%s is no page (the app goes home)', (hash) => {
    expect(parseRoute(hash)).toBeNull();
  });
});
