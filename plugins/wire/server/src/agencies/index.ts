import type { WireItem } from '../formats/types';
import type { AgencyProfile } from './profile';
import { uspaProfile } from './uspa';

const PROFILES: AgencyProfile[] = [uspaProfile];

/** Applies the first profile that recognises the item's agency. */
export function applyAgencyProfile(item: WireItem): WireItem {
  for (const profile of PROFILES) {
    const refined = profile.refine(item);
    if (refined) return refined;
  }
  return item;
}
