/**
 * An admin route open to editors holding any one of `config.actions` (Strapi's `admin::hasPermissions`
 * asks for all of them). Refused (403) when the editor holds none, or no ability is known.
 */
export function anyPermission(
  ctx: { state?: { userAbility?: { can(action: string, subject?: unknown): boolean } } },
  config: { actions?: readonly string[] },
): boolean {
  const ability = ctx.state?.userAbility;
  const actions = config?.actions ?? [];
  return !!ability && actions.length > 0 && actions.some((action) => ability.can(action));
}
