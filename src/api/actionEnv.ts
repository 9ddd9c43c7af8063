import { ActionEnv, AppraisalConfig, loadAppraisalConfig } from '../actions';
import { loadManifestOrThrow } from '../semantic';
import { ApiContext } from './context';

/** Where a request's actions run: the metrics layer, the org time zone, and today by the request's clock. */
export function envOf(ctx: ApiContext): ActionEnv {
  return { manifest: loadManifestOrThrow(), orgTimezone: ctx.config.orgTimezone, today: ctx.today };
}

let appraisals: AppraisalConfig | undefined;

/** Appraisal templates and feedback settings (metrics/appraisals/), loaded once per process. */
export function appraisalConfig(): AppraisalConfig {
  appraisals ??= loadAppraisalConfig(loadManifestOrThrow());
  return appraisals;
}
