// 「门岗」/ "gate" in chat: a guard (or the reception desk) gets a one-time link that opens the gate page of a site,
// valid 10 minutes. With several sites the command names one (「门岗 hq」 or its name); without, the sites are listed.
import type { Executor } from '../../db/database.js';
import { listSites } from '../../db/repos/reception.js';
import type { Clock } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';
import { requireRole } from '../usecases/authorise.js';
import { gateLink } from '../web/gate/link.js';
import type { Lang } from './texts.js';

/** 「门岗」, 「門崗」, "gate", optionally followed by a site's id or name. */
export const GATE_COMMAND = /^(?:门岗|門崗|gate)(?:\s+(.+))?$/i;

export async function gateCommand(tx: Executor, deps: { box: SecretBox; clock: Clock; config?: { PUBLIC_URL?: string | undefined; PORT?: number } }, orgId: string, employeeId: string, lang: Lang, siteArg: string | undefined): Promise<{ text: string }> {
  const allowed = await requireRole(tx, orgId, { kind: 'employee', id: employeeId }, ['guard', 'reception'], 'opening the gate page');
  if (!allowed.ok) return { text: lang === 'en' ? 'The gate page is for guards and the reception desk (the guard or reception role).' : '门岗页面仅供门卫和前台使用（需要门卫或前台角色）。' };
  const sites = await listSites(tx, orgId);
  if (sites.length === 0) return { text: lang === 'en' ? 'No site is set up yet: the reception desk adds one first.' : '还没有设置接待地点，请前台先添加。' };
  const wanted = siteArg?.trim().toLowerCase();
  const site = wanted ? sites.find((s) => s.id === wanted || s.name.toLowerCase() === wanted) : sites.length === 1 ? sites[0] : undefined;
  if (!site) {
    const list = sites.map((s) => `${s.name}（${s.id}）`).join('、');
    return { text: lang === 'en' ? `Which site? Send “gate <site>”, one of: ${list}` : `请问是哪个地点？请发送「门岗 地点」，可选：${list}` };
  }
  const publicUrl = deps.config?.PUBLIC_URL ?? `http://localhost:${deps.config?.PORT ?? 8787}`;
  const link = gateLink({ box: deps.box, clock: deps.clock, publicUrl }, orgId, employeeId, site.id);
  return { text: lang === 'en' ? `Gate page of ${site.name} (works once, within 10 minutes): ${link.url}` : `${site.name}门岗页面（10 分钟内有效，仅限打开一次）：${link.url}` };
}
