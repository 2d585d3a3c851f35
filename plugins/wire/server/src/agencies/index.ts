import type { WireItem } from '../formats/types';
import type { AgencyProfile } from './profile';
import { uspaProfile } from './uspa';

const PROFILES: AgencyProfile[] = [uspaProfile];

/** Applies the first profile that recognises the item's agency. */
export function applyAgencyProfile(item: WireItem): WireItem {
  const profile = PROFILES.find((p) => p.applies(item));
  return profile ? profile.refine(item) : item;
}
