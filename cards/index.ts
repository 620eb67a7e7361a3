// Public surface of cards/: the view model and one pure renderer per platform.
export type * from './view-model.js';
export { cardContent, type CardContent, type Tone } from './card-content.js';
export { formatCalendarDate, formatDateTime, formatDay, formatMoneyView, truncate } from './format.js';
export { BUTTONS, NOTICE_TITLES, REASON_ACTIONS, REQUEST_TYPES, STATUSES, decidedLine } from './i18n.js';
export {
  FEISHU_MAX_CARD_BYTES,
  escapeFeishuMarkdown,
  feishuCardBytes,
  renderFeishuCard,
  type FeishuButtonValue,
  type FeishuCard,
  type FeishuElement,
} from './render-feishu.js';
export {
  SLACK_LIMITS,
  escapeSlack,
  renderSlackMessage,
  renderSlackEditModal,
  renderSlackFormModal,
  renderSlackPayeeModal,
  renderSlackReasonModal,
  type SlackBlock,
  type SlackMessage,
  type SlackModalView,
} from './render-slack.js';
export {
  DINGTALK_MAX_MARKDOWN,
  escapeDingTalkMarkdown,
  renderDingTalkCard,
  type DingTalkButton,
  type DingTalkCard,
  type DingTalkStandardCard,
} from './render-dingtalk.js';
export { CARD_CSS, CONSOLE_ACTION_PATH, escapeHtml, renderHtmlCard, type HtmlRenderExtras } from './render-html.js';
