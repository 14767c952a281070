import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The seller consent link and its `state`. docs/tiktok-shop-api.md §1: the consent page is
 * `https://services.tiktokshop.com/open/authorize?service_id=<id>&state=…` for the global Partner Center; for US
 * apps the newer authorization guide (2024) uses services.tiktokshops.us, so `us` is that host, and the older
 * guide's services.us.tiktokshop.com stays reachable as `us-legacy`. Any other base URL can be given too.
 */
export const CONSENT_HOSTS = {
  global: 'https://services.tiktokshop.com',
  us: 'https://services.tiktokshops.us',
  'us-legacy': 'https://services.us.tiktokshop.com',
} as const;

/** The named hosts, for help texts and errors. */
export const CONSENT_HOST_NAMES = Object.keys(CONSENT_HOSTS).join(', ');

export type ConsentHost = keyof typeof CONSENT_HOSTS;

/** A name of CONSENT_HOSTS, or an http(s) base URL (a sandbox, or a host TikTok adds later). */
export function consentBase(choice: string): string | undefined {
  if (Object.hasOwn(CONSENT_HOSTS, choice)) return CONSENT_HOSTS[choice as ConsentHost];
  return /^https?:\/\//.test(choice) && URL.canParse(choice) ? choice.replace(/\/+$/, '') : undefined;
}

export function consentUrl(base: string, serviceId: string, state: string): string {
  const query = new URLSearchParams({ service_id: serviceId, state });
  return `${base}/open/authorize?${query.toString()}`;
}

/**
 * A random state that a later run can still recognise without being told it: `<nonce>.<tag>`, the tag an HMAC
 * of the nonce under the app secret. So a script may print the link in one run and exchange the redirect in
 * another, and a redirect from another app's link (or a stale tab) is still caught.
 */
export function newState(appSecret: string): string {
  const nonce = randomBytes(12).toString('base64url');
  return `${nonce}.${tag(appSecret, nonce)}`;
}

export function isOurState(state: string, appSecret: string): boolean {
  const [nonce, given, ...rest] = state.split('.');
  if (!nonce || !given || rest.length > 0) return false;
  const expected = Buffer.from(tag(appSecret, nonce));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function tag(appSecret: string, nonce: string): string {
  return createHmac('sha256', appSecret).update(`tap-tiktok-shop authorize ${nonce}`).digest('base64url').slice(0, 16);
}
