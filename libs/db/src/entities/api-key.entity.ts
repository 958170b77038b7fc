import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

export type KeyAbility = 'read' | 'write';
/** `pending`: requested for an existing account and not yet approved by its owner (answers 403). */
export type KeyStatus = 'active' | 'pending';

@Entity('api_keys')
export class ApiKeyEntity {
  /** Public identifier, `key_` + 6 characters of [a-z0-9]. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Index()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column({ type: 'text' })
  name: string;

  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash: string;

  @Column({ type: 'text', array: true })
  abilities: KeyAbility[];

  @Column({ type: 'text', default: 'active' })
  status: KeyStatus;

  /** The client IP of `POST /v1/keys`, shown to the owner; null for operators' keys. */
  @Column({ name: 'requested_ip', type: 'text', nullable: true })
  requestedIp: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** When the owner chose Keep for a key created before the mailbox was proven (null: not asked, or not yet answered). */
  @Column({ name: 'kept_at', type: 'timestamptz', nullable: true })
  keptAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
