/** The leadership commands of the Slack bot: /checkin and /decide. */
export { registerLeadership } from './register-leadership.js';
