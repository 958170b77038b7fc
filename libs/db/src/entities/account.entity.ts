import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AgentPolicy = 'open' | 'closed';

/** A team: the unit that owns keys, media and quota. Created with one member on first key request. */
@Entity('accounts')
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ type: 'boolean', default: false })
  verified: boolean;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'text', default: 'free' })
  plan: string;

  @Column({ name: 'agent_policy', type: 'text', default: 'open' })
  agentPolicy: AgentPolicy;

  /** Bytes of the account's stored originals, counted against its storage limit; freed on delete. */
  @Column({ name: 'storage_used_bytes', type: 'bigint', default: 0, transformer: { to: (v) => v, from: (v) => Number(v) } })
  storageUsedBytes: number;

  /** Bytes of its media's stored delivery variants: reported, never limited (anyone's requests make them); freed on delete. */
  @Column({ name: 'variant_bytes', type: 'bigint', default: 0, transformer: { to: (v) => v, from: (v) => Number(v) } })
  variantBytes: number;

  /** When the owner was last mailed about keys waiting for approval (at most one mail per interval). */
  @Column({ name: 'approval_mail_sent_at', type: 'timestamptz', nullable: true })
  approvalMailSentAt: Date | null;

  /** When a verification mail was last sent (at most one per interval, however often it is asked for). */
  @Column({ name: 'verification_mail_sent_at', type: 'timestamptz', nullable: true })
  verificationMailSentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
