export interface FetchResult {
  /** URL of the last hop, after redirects. */
  finalUrl: string;
  status: number;
  /** As sent by the server: informational only, never trusted. */
  contentType: string | null;
  /** Bytes written to the sink, after decompression. */
  bytes: number;
}
