export { FetchError } from './fetch-error';
export type { FetchFailureKind } from './fetch-error';
export type { SafeFetchOptions } from './fetch-options';
export { DEFAULT_USER_AGENT, DEFAULT_MAX_REDIRECTS } from './fetch-options';
export { fetchToSink } from './fetch-to-sink';
export type { FetchResult } from './fetch-result';
export { isAddressAllowed } from './address-policy';
export { parseImportUrl, MAX_URL_LENGTH } from './parse-import-url';
export type { ParsedImportUrl } from './parse-import-url';
