import { CallListService } from './call-list.service.js';
import { CampaignService } from './campaign.service.js';
import { ConsentService } from './consent.service.js';
import type { TelemarketingDeps } from './deps.js';
import { DialingService } from './dialing.service.js';

export interface TelemarketingServices {
  readonly campaigns: CampaignService;
  readonly lists: CallListService;
  readonly consents: ConsentService;
  readonly dialing: DialingService;
}

/** Builds the telemarketing services over one dependency object (composition root). */
export function createTelemarketingServices(deps: TelemarketingDeps): TelemarketingServices {
  const consents = new ConsentService(deps);
  return {
    campaigns: new CampaignService(deps),
    lists: new CallListService(deps),
    consents,
    dialing: new DialingService({ ...deps, consents }),
  };
}
