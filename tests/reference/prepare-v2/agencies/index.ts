// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
import type { WireItem } from '../../../../plugins/wire/server/src/formats/types';
import type { AgencyProfile } from './profile';
import { uspaProfile } from './uspa';

const PROFILES: AgencyProfile[] = [uspaProfile];

/** Applies the first profile that recognises the item's agency. */
export function applyAgencyProfile(item: WireItem): WireItem {
  const profile = PROFILES.find((p) => p.applies(item));
  return profile ? profile.refine(item) : item;
}
