// Visitors' invitations: on approval each visitor with a mobile gets a text (outbox topic reception.sms) carrying the
// link to their invitation page (PUBLIC_URL/v/<code>), whose QR code the guard scans. Nothing personal goes into the
// outbox row: the handler reads the visitor, decrypts the number and signs the code when it sends. The page itself
// (`invitationOf`) is public: the code's signature is checked first, then the visit tells what to show.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getEmployee, getOrganisation } from '../../../db/repos/org.js';
import type { ClaimedMessage, OutboxMessage } from '../../../db/repos/outbox.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { getSite, type VisitorRow, type VisitRow } from '../../../db/repos/reception.js';
import { invitationOwner, markInvited, visitorWithVisit } from '../../../db/repos/reception-gate.js';
import { maskMobile, siteTag, type SmsSender, type SmsTemplateKey } from '../../../domain/reception/index.js';
import { err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { notifyMessage } from '../lifecycle/topics.js';
import { localClock, localDate, orgTimeZone } from '../org-time.js';
import { signInvitation, verifyInvitation } from './invitation-token.js';

/** Send one visitor one text: `{ visitorId, template }`. */
export const TOPIC_RECEPTION_SMS = 'reception.sms';

export interface ReceptionSmsPayload {
  visitorId: string;
  template: SmsTemplateKey;
}

/**
 * The outbox row that texts `visitorId`; its key makes each text once-only. `variant` names a later text of the same
 * kind (the invitation again, to a number given or changed after the first went out).
 */
export const smsMessage = (orgId: string, visitorId: string, template: SmsTemplateKey, variant?: string): OutboxMessage => ({
  orgId,
  topic: TOPIC_RECEPTION_SMS,
  key: `sms:${template}:${visitorId}${variant ? `:${variant}` : ''}`,
  payload: { visitorId, template } satisfies ReceptionSmsPayload,
});

/** Queues the invitation text of each visitor who gave a mobile number (inside the approval's transaction). */
export async function queueInvitations(tx: Executor, orgId: string, people: readonly VisitorRow[]): Promise<number> {
  const texts = people.filter((p) => p.mobileEnc && !p.revokedAt).map((p) => smsMessage(orgId, p.id, 'visit_invitation'));
  if (texts.length > 0) await enqueue(tx, texts);
  return texts.length;
}

export interface InvitationLinkDeps {
  box: SecretBox;
  /** PUBLIC_URL, where visitors' phones reach the service. */
  publicUrl: string;
}

/** The visitor's invitation link: the signed code of their invitation id, the visit's site and window. */
export function invitationLink(deps: InvitationLinkDeps, v: Pick<VisitorRow, 'invitationId'>, visit: Pick<VisitRow, 'siteId' | 'startsAt' | 'endsAt'>): Result<string> {
  if (!v.invitationId) return err({ code: 'VALIDATION.INVALID', message: 'the visitor has no invitation yet (the visit is not approved)' });
  const code = signInvitation(deps.box, { invitationId: v.invitationId, site: siteTag(visit.siteId), notBefore: visit.startsAt, notAfter: visit.endsAt });
  return code.ok ? ok(`${deps.publicUrl.replace(/\/+$/, '')}/v/${code.value}`) : code;
}

export interface SmsHandlerDeps extends InvitationLinkDeps {
  db: Db;
  clock: Clock;
  sms: SmsSender;
  /** The parameters the configured template of `key` takes (a provider template refuses any other); undefined: all. */
  templateParams?: (key: SmsTemplateKey) => readonly string[] | undefined;
  graceMinutes: number;
}

/** A failure the outbox retries (throttling, a provider 5xx, a lost answer). */
class SmsRetry extends Error {}

/**
 * `reception.sms`: texts the visitor their invitation (or the reminder) with the link. A visit withdrawn, a visitor
 * revoked or purged, or a window already over: nothing is sent. A number or template the provider refuses for good is
 * recorded on the visitor and the host is told in chat; a retryable failure throws so the outbox tries again.
 */
export function receptionSmsHandler(deps: SmsHandlerDeps) {
  return async (msg: ClaimedMessage): Promise<void> => {
    const p = msg.payload as ReceptionSmsPayload;
    const orgId = msg.orgId;
    const found = await visitorWithVisit(deps.db, orgId, { visitorId: p.visitorId });
    if (!found) return;
    const { visitor: v, visit } = found;
    const now = deps.clock.now();
    if (visit.status !== 'approved' || v.revokedAt || v.purgedAt || !v.mobileEnc || v.checkedInAt) return;
    if (now.getTime() > visit.endsAt.getTime() + deps.graceMinutes * 60_000) return;
    const link = invitationLink(deps, v, visit);
    if (!link.ok) return;
    const [zone, host, site] = [await orgTimeZone(deps.db, orgId), await getEmployee(deps.db, orgId, visit.hostId), await getSite(deps.db, orgId, visit.siteId)];
    const values: Record<string, string> = {
      name: v.name,
      host: host?.name ?? '',
      company: (await getOrganisation(deps.db, orgId))?.name ?? '',
      date: localDate(visit.startsAt, zone),
      time: `${localDate(visit.startsAt, zone).slice(5)} ${localClock(visit.startsAt, zone)}`,
      site: site?.name ?? visit.siteId,
      link: link.value,
    };
    const wanted = deps.templateParams?.(p.template);
    const params = wanted ? Object.fromEntries(wanted.map((k) => [k, values[k] ?? ''])) : values;
    const mobile = deps.box.decrypt(v.mobileEnc);
    const result = await deps.sms.send({ to: mobile, template: p.template, params, ref: `${p.template === 'visit_invitation' ? 'inv' : 'rem'}:${v.id}` });
    if (result.kind === 'retryable') throw new SmsRetry(`sms ${result.code}: ${result.detail}`);
    await deps.db.transaction(async (tx) => {
      if (result.kind === 'sent') {
        if (p.template === 'visit_invitation') await markInvited(tx, orgId, v.id, { at: now, ref: `${deps.sms.provider}:${result.messageId}` });
        await appendAudit(tx, { orgId, actorId: 'system:sms', action: `visitor.${p.template === 'visit_invitation' ? 'invited' : 'reminded'}`, subjectType: 'visitor', subjectId: v.id, after: { provider: deps.sms.provider, messageId: result.messageId, to: maskMobile(mobile) }, at: now });
        return;
      }
      await markInvited(tx, orgId, v.id, { error: `${result.reason}: ${result.code}` });
      await appendAudit(tx, { orgId, actorId: 'system:sms', action: 'visitor.invite_failed', subjectType: 'visitor', subjectId: v.id, after: { provider: deps.sms.provider, reason: result.reason, code: result.code, to: maskMobile(mobile) }, at: now });
      const why = { invalid_number: { zh: '号码无效或无法接收短信', en: 'the number is not a reachable mobile' }, template: { zh: '短信模板未配置或未审核通过', en: 'the SMS template is not configured or approved' }, auth: { zh: '短信服务账号配置有误', en: 'the SMS account is misconfigured' }, refused: { zh: '短信服务商拒绝发送', en: 'the SMS provider refused it' } }[result.reason];
      await enqueue(tx, [
        notifyMessage(orgId, `invite-failed:${v.id}:${p.template}`, {
          kind: 'text',
          employeeId: visit.hostId,
          text: { zh: `⚠️ 未能给访客 ${v.name}（${maskMobile(mobile)}）发送${p.template === 'visit_invitation' ? '邀请' : '提醒'}短信：${why.zh}。请核对号码，或把邀请链接转给访客。`, en: `⚠️ The ${p.template === 'visit_invitation' ? 'invitation' : 'reminder'} text to your visitor ${v.name} (${maskMobile(mobile)}) could not be sent: ${why.en}. Check the number, or pass the invitation link on yourself.` },
        }),
      ]);
    });
  };
}

/** Why a code shows nothing: not ours (or altered), or ours but naming no visitor any more. */
export type InvitationMiss = 'FORGED' | 'UNKNOWN';

/** What the invitation page shows for a code (src/web/visitor/invitation-page.ts renders it). */
export interface InvitationPageData {
  /** The invitation link itself (what the SMS carries); the QR code encodes exactly this. */
  link: string;
  /** The host company's name. */
  company: string;
  /** The visitors' names, nothing else about them. */
  visitors: string[];
  purpose: string;
  start: Date;
  end: Date;
  /** IANA zone the times are shown in (the organisation's calendar), e.g. 'Asia/Shanghai'. */
  timeZone: string;
  site: { name: string; address: string; rules: string[] };
  /** The host's phone in full: the visitor may need to call them from the gate. */
  host: { name: string; phone?: string };
  status: 'valid' | 'used' | 'expired' | 'revoked';
}

/**
 * The invitation behind `code`, for its public page. Only the visitor's own name is shown (not the others of a
 * group); the host's name and phone, so they can be called from the gate.
 */
export async function invitationOf(deps: InvitationLinkDeps & { db: Db; clock: Clock; graceMinutes: number }, code: string): Promise<Result<InvitationPageData, InvitationMiss>> {
  const claims = verifyInvitation(deps.box, code);
  if (!claims.ok) return err('FORGED');
  const owner = await invitationOwner(deps.db, claims.value.invitationId);
  if (!owner) return err('UNKNOWN');
  const found = await visitorWithVisit(deps.db, owner.orgId, { visitorId: owner.visitorId });
  if (!found || found.visitor.purgedAt) return err('UNKNOWN');
  const { visitor: v, visit } = found;
  const [org, site, host, zone] = [await getOrganisation(deps.db, owner.orgId), await getSite(deps.db, owner.orgId, visit.siteId), await getEmployee(deps.db, owner.orgId, visit.hostId), await orgTimeZone(deps.db, owner.orgId)];
  const now = deps.clock.now();
  const status =
    visit.status === 'rejected' || visit.status === 'withdrawn' || v.revokedAt
      ? 'revoked'
      : v.checkedInAt
        ? 'used'
        : visit.status !== 'approved' || now.getTime() > visit.endsAt.getTime() + deps.graceMinutes * 60_000
          ? 'expired'
          : 'valid';
  return ok({
    link: `${deps.publicUrl.replace(/\/+$/, '')}/v/${code}`,
    company: org?.name ?? '',
    visitors: [v.name],
    purpose: visit.purpose,
    start: visit.startsAt,
    end: visit.endsAt,
    timeZone: zone,
    site: { name: site?.name ?? visit.siteId, address: site?.address ?? '', rules: (site?.rules as string[] | undefined) ?? [] },
    host: { name: host?.name ?? '', ...(host?.mobile ? { phone: host.mobile } : {}) },
    status,
  });
}
