import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** `deleted`: gone for every reader; its objects and then its row are being removed (a retry or the sweep finishes). */
export type MediaStatus = 'processing' | 'ready' | 'failed' | 'deleted';
export type MediaSource = 'upload' | 'import';

@Entity('media')
@Index('media_account_created_idx', ['accountId', 'createdAt'])
export class MediaEntity {
  /** 8 characters of [a-z0-9]; also the BullMQ job id of the job that creates it. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId: string | null;

  @Column({ type: 'text' })
  status: MediaStatus;

  @Column({ type: 'text' })
  source: MediaSource;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  format: string | null;

  @Column({ type: 'text', nullable: true })
  ext: string | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType: string | null;

  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (v) => v, from: (v) => (v === null ? null : Number(v)) } })
  filesize: number | null;

  @Column({ type: 'text', array: true, default: '{}' })
  tags: string[];

  @Column({ type: 'text', nullable: true })
  namespace: string | null;

  @Column({ name: 'is_public', type: 'boolean', default: true })
  isPublic: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  date: Date | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** True when the caller chose the expiry (ttl); verification clears only implicit expiries. */
  @Column({ name: 'expiry_explicit', type: 'boolean', default: false })
  expiryExplicit: boolean;

  @Column({ name: 'source_url', type: 'text', nullable: true })
  sourceUrl: string | null;

  @Column({ name: 'failure_code', type: 'text', nullable: true })
  failureCode: string | null;

  @Column({ name: 'failure_message', type: 'text', nullable: true })
  failureMessage: string | null;

  @Column({ name: 'cleaned_at', type: 'timestamptz', nullable: true })
  cleanedAt: Date | null;

  /** The UTC month (first day) whose upload quota this media reserved; null once refunded, or when anonymous. */
  @Column({ name: 'reserved_month', type: 'date', nullable: true })
  reservedMonth: string | null;

  /** Hex SHA-256 of the bytes as uploaded or fetched; null for media that predate it (until the backfill) or not fetched yet. */
  @Column({ type: 'text', nullable: true })
  sha256: string | null;
  /** Base64 ThumbHash of the stored image; null for SVG, and for media stored before it until the backfill. */
  @Column({ type: 'text', nullable: true })
  thumbhash: string | null;

  /** `#rrggbb`; null when thumbhash is. */
  @Column({ name: 'dominant_color', type: 'text', nullable: true })
  dominantColor: string | null;

  /**
   * The stored object (`stored_objects`) whose keys hold its original and variants, shared by the account's
   * media of the same bytes: its own id when it stored them, another media's id when it shares them; null
   * until ready.
   */
  @Column({ name: 'object_id', type: 'text', nullable: true })
  objectId: string | null;

  @Column({ name: 'uploader_ip', type: 'text', nullable: true })
  uploaderIp: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
